/**
 * Wires the catalog's repositories and services over the kernel context, declares its periodic
 * jobs and builds the public `CatalogService` other code (the portal, the demo seeder) uses.
 */
import { Readable } from 'node:stream';
import type { Principal } from '../../kernel/auth/index.js';
import type { KernelContext } from '../../kernel/module.js';
import type { CalendarService } from '../calendar/index.js';
import type { OrgService } from '../org/index.js';
import type { Reader } from './access-policy.js';
import type { LoadReport, Resource, ResourceInput } from './catalog-types.js';
import { DataAccessService, type DataPage, type DataQuery } from './data-access.service.js';
import { DatasetsRepository } from './datasets.repository.js';
import { LoadsService, type LoadInput } from './loads.service.js';
import { QualityService } from './quality.service.js';
import type { LoadFormat } from './record-sources.js';
import { ResourcesRepository, type ResourceFilter } from './resources.repository.js';
import { ResourcesService, type ResourcePage } from './resources.service.js';
import { SharingRepository } from './sharing.repository.js';
import { SharingService, type ApproveInput, type ShareRequestInput, type ShareRequestView } from './sharing.service.js';

/** Periodic jobs of the catalog (names are stable: leases and `jobs.runNow` use them). */
export const CATALOG_JOBS = {
  escalate: 'catalog.share.escalate',
  expire: 'catalog.share.expire',
  sweepLoads: 'catalog.loads.sweep',
  pulls: 'catalog.pulls',
} as const;

/** The seeder and the CLI act as the system: every permission, no department. */
export const SYSTEM_PRINCIPAL: Principal = { kind: 'user', id: 'system', roles: [], permissions: ['*'], departmentCode: null };

/** What other code may ask of the catalog module. Reader-based methods serve the anonymous portal too. */
export interface CatalogService {
  /** Search with facets; `{kind:'public'}` sees published open resources only. */
  searchResources(reader: Reader, filter: ResourceFilter, limit: number, cursor?: string, offset?: number): Promise<ResourcePage>;
  getResource(reader: Reader, id: string): Promise<Resource>;
  /** One page of data as the reader may see it (masked; logged). */
  readData(reader: Reader, id: string, query: DataQuery): Promise<DataPage>;
  /** Every matching row for a download (masked; logged once at the end). */
  exportData(reader: Reader, id: string, query: Omit<DataQuery, 'limit' | 'cursor'>): ReturnType<DataAccessService['export']>;
  createResource(actor: Principal, input: ResourceInput): Promise<Resource>;
  setStatus(actor: Principal, id: string, status: 'draft' | 'published' | 'retired'): Promise<Resource>;
  /** Loads rows (objects keyed by field name) as a new version. */
  loadRecords(actor: Principal, id: string, records: Array<Record<string, unknown>>, opts?: { partial?: boolean }): Promise<LoadReport>;
  /** Loads a byte stream (CSV, XLSX, JSON) as a new version. */
  loadBytes(
    actor: Principal,
    id: string,
    bytes: AsyncIterable<Buffer | string>,
    opts: { format?: LoadFormat; partial?: boolean },
  ): Promise<LoadReport>;
  requestShare(actor: Principal, input: ShareRequestInput): Promise<ShareRequestView>;
  approveShare(actor: Principal, id: string, input: ApproveInput): Promise<{ grantId: string; key: string }>;
  /** Escalates overdue share requests now (the job does this every 10 minutes). */
  escalateOverdue(): Promise<number>;
  /** Ends expired grants now (the job does this every 10 minutes). */
  expireGrants(): Promise<number>;
}

/** Everything the catalog builds, for its routes and index.ts. */
export interface CatalogInternals {
  ctx: KernelContext;
  service: CatalogService;
  resources: ResourcesService;
  resourcesRepo: ResourcesRepository;
  loads: LoadsService;
  data: DataAccessService;
  sharing: SharingService;
  sharingRepo: SharingRepository;
  quality: QualityService;
}

const TEN_MINUTES = 10 * 60_000;
/** A load still "running" after this long lost its node. */
const STALE_LOAD_MS = 12 * 3600_000;

export function createCatalog(ctx: KernelContext, deps: { org: OrgService; calendar: CalendarService }): CatalogInternals {
  const resourcesRepo = new ResourcesRepository(ctx.db);
  const datasets = new DatasetsRepository(ctx.db);
  const sharingRepo = new SharingRepository(ctx.db);
  const resources = new ResourcesService(ctx, resourcesRepo, deps.org);
  const loads = new LoadsService(ctx, resourcesRepo, datasets);
  const data = new DataAccessService(ctx, resourcesRepo, datasets, sharingRepo);
  const sharing = new SharingService(ctx, resourcesRepo, sharingRepo, deps.org, (start, n) => deps.calendar.addWorkingDays(start, n));
  const quality = new QualityService(ctx, resourcesRepo, datasets, sharingRepo, sharing, () => resources.departmentNames());

  ctx.jobs.every({ name: CATALOG_JOBS.escalate, intervalMs: TEN_MINUTES, run: async () => void (await sharing.escalateOverdue()) });
  ctx.jobs.every({ name: CATALOG_JOBS.expire, intervalMs: TEN_MINUTES, run: async () => void (await sharing.expireGrants()) });
  ctx.jobs.every({
    name: CATALOG_JOBS.sweepLoads,
    intervalMs: 3600_000,
    run: async () => void (await loads.sweepStaleLoads(STALE_LOAD_MS)),
  });
  ctx.jobs.every({ name: CATALOG_JOBS.pulls, intervalMs: 60_000, run: () => runDuePulls(ctx, resourcesRepo, loads) });

  const service: CatalogService = {
    searchResources: (reader, filter, limit, cursor, offset) => resources.search(reader, filter, limit, cursor, offset),
    getResource: (reader, id) => resources.get(reader, id),
    readData: (reader, id, query) => data.read(reader, id, query),
    exportData: (reader, id, query) => data.export(reader, id, query),
    createResource: (actor, input) => resources.create(actor, input),
    setStatus: (actor, id, status) => resources.setStatus(actor, id, status),
    loadRecords: (actor, id, records, opts) => loads.load(actor, id, { bytes: ndjson(records), format: 'json', partial: !!opts?.partial }),
    loadBytes: (actor, id, bytes, opts) => loads.load(actor, id, { bytes, format: opts.format ?? null, partial: !!opts.partial }),
    requestShare: (actor, input) => sharing.request(actor, input),
    approveShare: (actor, id, input) => sharing.approve(actor, id, input),
    escalateOverdue: () => sharing.escalateOverdue(),
    expireGrants: () => sharing.expireGrants(),
  };
  return { ctx, service, resources, resourcesRepo, loads, data, sharing, sharingRepo, quality };
}

/** Records as an NDJSON byte stream, so in-process loads take the same validated path as uploads. */
async function* ndjson(records: Array<Record<string, unknown>>): AsyncGenerator<Buffer> {
  let buf = '';
  for (const r of records) {
    buf += JSON.stringify(r) + '\n';
    if (buf.length > 256 * 1024) {
      yield Buffer.from(buf, 'utf8');
      buf = '';
    }
  }
  if (buf) yield Buffer.from(buf, 'utf8');
}

/**
 * Fetches every resource whose pull is due and loads the response as a new version (all or
 * nothing; a failed pull leaves the current version and is in the load list and the audit log).
 */
async function runDuePulls(ctx: KernelContext, repo: ResourcesRepository, loads: LoadsService): Promise<void> {
  for (const r of await repo.duePulls(ctx.now(), 20)) {
    const pull = r.pull!;
    // Schedule the next run first, so a crash mid-pull does not make it retry every minute.
    await repo.setPullNext(r.id, ctx.now() + pull.intervalMinutes * 60_000);
    try {
      const res = await fetch(pull.url, { signal: AbortSignal.timeout(10 * 60_000) });
      if (!res.ok || !res.body) throw new Error(`GET ${pull.url} answered ${res.status}`);
      await loads.loadAs('system', r, {
        bytes: Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>) as AsyncIterable<Buffer>,
        format: pull.format,
        partial: false,
        source: 'pull',
      } satisfies LoadInput);
    } catch (e) {
      ctx.logger.warn({ resource: r.code, url: pull.url, err: (e as Error).message }, 'scheduled pull failed');
      await ctx.audit.recordNow({
        actor: 'system',
        action: 'catalog.dataset.pull-failed',
        target: `resource:${r.id}`,
        detail: { url: pull.url, error: (e as Error).message.slice(0, 300) },
      });
    }
  }
}

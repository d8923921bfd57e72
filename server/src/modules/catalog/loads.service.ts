/**
 * Loading datasets: streamed uploads validated row by row into a new version, the push API
 * (upsert by key), versions, diffs and rollback.
 *
 * A load writes its rows in batches of short transactions into a version that nobody reads
 * until the final transaction makes it current. That gives all-or-nothing to readers (the
 * previous version stays current and intact until the very end; a failed load's rows are
 * deleted) without one transaction that holds SQLite's single writer lock for the minutes a
 * 1 GB file takes — other writers and the progress poll keep working meanwhile.
 */
import { actorOf, type Principal } from '../../kernel/auth/index.js';
import { DomainError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import type { KernelContext } from '../../kernel/module.js';
import { assertCanEdit } from './access-policy.js';
import type { FieldDef, LoadReport, RowRejection } from './catalog-types.js';
import type { DatasetsRepository, LoadInfo, VersionInfo } from './datasets.repository.js';
import { CATALOG_EVENTS, type DatasetVersionV1 } from './events.js';
import { openRecordSource, type LoadFormat } from './record-sources.js';
import type { ResourcesRepository, StoredResource } from './resources.repository.js';
import { checkRecord, rowJson } from './row-validation.js';

/** Rows per insert statement and transaction (4 parameters a row: far below both dialects' limits). */
const BATCH_ROWS = 1000;
/** Progress is written every this many batches. */
const PROGRESS_EVERY = 10;
/** At most this many rejections are listed (all are counted). */
export const MAX_LISTED_REJECTIONS = 1000;
/** Rows a single push may carry. */
export const MAX_PUSH_ROWS = 10_000;

/** What a load reads from. */
export interface LoadInput {
  bytes: AsyncIterable<Buffer | string>;
  format?: LoadFormat | null;
  encoding?: string | null;
  partial: boolean;
  /** Recorded on the version: upload | pull. */
  source?: string;
}

/** A diff between two versions. */
export interface VersionDiff {
  from: number;
  to: number;
  counts: { added: number; removed: number; changed: number };
  added: Array<Record<string, unknown>>;
  removed: Array<Record<string, unknown>>;
  changed: Array<{ before: Record<string, unknown>; after: Record<string, unknown> }>;
}

export class LoadsService {
  /** Progress of loads running on this node, for polls that arrive between progress writes. */
  readonly #live = new Map<string, LoadInfo>();

  constructor(
    private readonly ctx: KernelContext,
    private readonly resources: ResourcesRepository,
    private readonly repo: DatasetsRepository,
  ) {}

  /** Loads an upload as a new version (the caller's department must own the resource). */
  async load(actor: Principal, resourceId: string, input: LoadInput): Promise<LoadReport> {
    const r = await this.requireResource(resourceId);
    assertCanEdit(actor, r.providerDepartmentCode);
    return this.loadAs(actorOf(actor), r, input);
  }

  /** Loads on behalf of `actor` without a permission check (scheduled pulls run as `system`). */
  async loadAs(actor: string, r: StoredResource, input: LoadInput): Promise<LoadReport> {
    if (r.status === 'retired') throw new DomainError('conflict', `Resource ${r.code} is retired; publish it again before loading data.`);
    const at = this.ctx.now();
    const loadId = newId(at);
    const version = await this.reserveVersion(r.id, { source: input.source ?? 'upload', loadId, basedOn: null, actor, at });
    const info: LoadInfo = {
      id: loadId,
      resourceId: r.id,
      version,
      status: 'running',
      format: input.format ?? 'auto',
      encoding: input.encoding ?? null,
      partial: input.partial,
      rowsRead: 0,
      accepted: 0,
      rejectedCount: 0,
      rejected: [],
      error: null,
      actor,
      startedAt: new Date(at).toISOString(),
      finishedAt: null,
    };
    await this.repo.insertLoad(info);
    this.#live.set(loadId, info);
    try {
      return await this.#run(r, info, input);
    } catch (e) {
      await this.#fail(r, info, e);
      throw e;
    } finally {
      this.#live.delete(loadId);
    }
  }

  async #run(r: StoredResource, info: LoadInfo, input: LoadInput): Promise<LoadReport> {
    const src = await openRecordSource(input.bytes, r.fields, { format: input.format, encoding: input.encoding });
    info.format = src.format;
    info.encoding = src.encoding;
    const stats: Record<string, number> = Object.fromEntries(r.fields.map((f) => [f.name, 0]));
    const reject = (x: RowRejection) => {
      info.rejectedCount++;
      if (info.rejected.length < MAX_LISTED_REJECTIONS) info.rejected.push(x);
    };
    let batch: Array<{ key: string; data: string; row: number; typed: Record<string, unknown> }> = [];
    let batches = 0;
    const flush = async () => {
      const todo = batch;
      batch = [];
      // Once a strict load has a bad row it will fail: stop writing, keep validating for the report.
      if (todo.length === 0 || (!info.partial && info.rejectedCount > 0)) return;
      const fresh = await this.ctx.db.kysely.transaction().execute((trx) => this.repo.insertRows(trx, r.id, info.version, todo));
      for (const t of todo) {
        if (fresh.has(t.key)) {
          fresh.delete(t.key);
          info.accepted++;
          for (const f of r.fields) if (t.typed[f.name] !== null) stats[f.name]!++;
        } else reject({ row: t.row, field: keyFieldName(r.fields), reason: 'repeats the key of an earlier row' });
      }
      if (++batches % PROGRESS_EVERY === 0) {
        await this.repo.updateLoad(this.ctx.db.kysely, info.id, {
          rowsRead: info.rowsRead,
          accepted: info.accepted,
          rejectedCount: info.rejectedCount,
        });
      }
    };
    const inBatch = new Set<string>();
    for await (const rec of src.records) {
      info.rowsRead++;
      if ('error' in rec) {
        reject({ row: rec.row, field: null, reason: rec.error });
        continue;
      }
      const c = checkRecord(r.fields, rec.values, rec.row);
      if (!c.ok) {
        reject({ row: rec.row, field: c.field, reason: c.reason });
        continue;
      }
      if (inBatch.has(c.key)) {
        reject({ row: rec.row, field: keyFieldName(r.fields), reason: 'repeats the key of an earlier row' });
        continue;
      }
      inBatch.add(c.key);
      batch.push({ key: c.key, data: rowJson(r.fields, c.row), row: rec.row, typed: c.row });
      if (batch.length >= BATCH_ROWS) {
        await flush();
        inBatch.clear();
      }
    }
    await flush();
    if (info.rejectedCount > 0 && (!info.partial || info.accepted === 0)) {
      const first = info.rejected.slice(0, 20);
      throw new DomainError(
        'invalid',
        `${info.rejectedCount} row(s) rejected; nothing was loaded and version ${r.currentVersion ?? 'none'} stays current. ` +
          `Fix the rows, or load with ?partial=true to keep the good ones.`,
        first.map((x) => ({ path: `/body/rows/${x.row}${x.field ? `/${x.field}` : ''}`, message: x.reason })),
        { extra: { loadId: info.id, accepted: 0, rejected: info.rejected, rejectedCount: info.rejectedCount } },
      );
    }
    const at = this.ctx.now();
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      await this.repo.finishVersion(trx, r.id, info.version, { status: 'ready', rows: info.accepted, rejected: info.rejectedCount, stats });
      await this.resources.setCurrent(trx, r.id, info.version, info.accepted, at);
      await this.repo.updateLoad(trx, info.id, {
        status: 'succeeded',
        format: info.format,
        encoding: info.encoding,
        rowsRead: info.rowsRead,
        accepted: info.accepted,
        rejectedCount: info.rejectedCount,
        rejected: info.rejected,
        finishedAt: new Date(at).toISOString(),
      });
      await this.ctx.audit.record(trx, {
        actor: info.actor,
        action: 'catalog.dataset.loaded',
        target: `resource:${r.id}`,
        detail: {
          version: info.version,
          format: info.format,
          encoding: info.encoding,
          accepted: info.accepted,
          rejected: info.rejectedCount,
        },
      });
      await this.ctx.events.publish(trx, CATALOG_EVENTS.datasetVersionPublished, {
        resourceId: r.id,
        code: r.code,
        version: info.version,
        rows: info.accepted,
        source: input.source ?? 'upload',
      } satisfies DatasetVersionV1);
    });
    return { loadId: info.id, version: info.version, accepted: info.accepted, rejected: info.rejected, rejectedCount: info.rejectedCount };
  }

  /** Marks a load failed and removes its rows; the current version was never touched. */
  async #fail(r: StoredResource, info: LoadInfo, e: unknown): Promise<void> {
    const message = e instanceof Error ? e.message : String(e);
    try {
      await this.repo.deleteVersionRows(r.id, info.version);
      await this.ctx.db.kysely.transaction().execute(async (trx) => {
        await this.repo.finishVersion(trx, r.id, info.version, { status: 'failed', rows: 0, rejected: info.rejectedCount, stats: {} });
        await this.repo.updateLoad(trx, info.id, {
          status: 'failed',
          format: info.format,
          encoding: info.encoding,
          rowsRead: info.rowsRead,
          accepted: 0,
          rejectedCount: info.rejectedCount,
          rejected: info.rejected,
          error: message.slice(0, 2000),
          finishedAt: new Date(this.ctx.now()).toISOString(),
        });
        await this.ctx.audit.record(trx, {
          actor: info.actor,
          action: 'catalog.dataset.load-failed',
          target: `resource:${r.id}`,
          detail: { version: info.version, rowsRead: info.rowsRead, rejected: info.rejectedCount, error: message.slice(0, 300) },
        });
      });
    } catch (cleanup) {
      this.ctx.logger.error({ err: cleanup, loadId: info.id }, 'could not clean up a failed load; the stale-load sweep will retry');
    }
  }

  /** Upserts rows by key into a new version that starts as a copy of the current one. */
  async push(actor: Principal, resourceId: string, rows: unknown[], partial: boolean): Promise<LoadReport> {
    const r = await this.requireResource(resourceId);
    assertCanEdit(actor, r.providerDepartmentCode);
    if (r.status === 'retired') throw new DomainError('conflict', `Resource ${r.code} is retired.`);
    if (!r.fields.some((f) => f.key)) {
      throw new DomainError('invalid', 'The push API upserts by key; declare key fields on the resource first (or load whole files).', [
        { path: '/body/rows', message: 'the resource has no key fields' },
      ]);
    }
    if (rows.length > MAX_PUSH_ROWS) {
      throw new DomainError('invalid', `At most ${MAX_PUSH_ROWS} rows per push`, [
        { path: '/body/rows', message: `more than ${MAX_PUSH_ROWS} rows` },
      ]);
    }
    const rejected: RowRejection[] = [];
    const good = new Map<string, string>();
    rows.forEach((raw, i) => {
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
        rejected.push({ row: i + 1, field: null, reason: 'is not an object' });
        return;
      }
      const c = checkRecord(r.fields, raw as Record<string, unknown>, i + 1);
      if (!c.ok) rejected.push({ row: i + 1, field: c.field, reason: c.reason });
      else good.set(c.key, rowJson(r.fields, c.row)); // a later row with the same key wins, as in a stream of updates
    });
    if (rejected.length && (!partial || good.size === 0)) {
      throw new DomainError(
        'invalid',
        `${rejected.length} row(s) rejected; nothing was written. Fix them or push with ?partial=true.`,
        rejected.slice(0, 20).map((x) => ({ path: `/body/rows/${x.row - 1}${x.field ? `/${x.field}` : ''}`, message: x.reason })),
        { extra: { accepted: 0, rejected, rejectedCount: rejected.length } },
      );
    }
    const at = this.ctx.now();
    const loadId = newId(at);
    const version = await this.reserveVersion(r.id, { source: 'push', loadId, basedOn: r.currentVersion, actor: actorOf(actor), at });
    const entries = [...good.entries()].map(([key, data]) => ({ key, data }));
    // Read before the transaction: on SQLite a query outside it would wait for it (one connection).
    const base = r.currentVersion !== null ? await this.repo.version(r.id, r.currentVersion) : null;
    try {
      await this.ctx.db.kysely.transaction().execute(async (trx) => {
        if (r.currentVersion !== null) await this.repo.copyRows(trx, r.id, r.currentVersion, version);
        for (let i = 0; i < entries.length; i += BATCH_ROWS)
          await this.repo.upsertRows(trx, r.id, version, entries.slice(i, i + BATCH_ROWS));
        const total = await this.repo.countRows(trx, r.id, version);
        await this.repo.finishVersion(trx, r.id, version, {
          status: 'ready',
          rows: total,
          rejected: rejected.length,
          stats: base?.stats ?? {},
        });
        await this.resources.setCurrent(trx, r.id, version, total, at);
        await this.ctx.audit.record(trx, {
          actor: actorOf(actor),
          action: 'catalog.dataset.pushed',
          target: `resource:${r.id}`,
          detail: { version, basedOn: r.currentVersion, upserted: entries.length, rejected: rejected.length },
        });
        await this.ctx.events.publish(trx, CATALOG_EVENTS.datasetVersionPublished, {
          resourceId: r.id,
          code: r.code,
          version,
          rows: total,
          source: 'push',
        } satisfies DatasetVersionV1);
      });
    } catch (e) {
      await this.repo.deleteVersionRows(r.id, version).catch(() => {});
      throw e;
    }
    return { loadId, version, accepted: entries.length, rejected, rejectedCount: rejected.length };
  }

  /** Makes an older ready version current again (audited); newer versions stay for the record. */
  async rollback(actor: Principal, resourceId: string, version: number): Promise<StoredResource> {
    const r = await this.requireResource(resourceId);
    assertCanEdit(actor, r.providerDepartmentCode);
    const v = await this.repo.version(r.id, version);
    if (!v) throw new DomainError('not_found', `Resource ${r.code} has no version ${version}`);
    if (v.status !== 'ready')
      throw new DomainError('conflict', `Version ${version} is ${v.status}; only a loaded (ready) version can become current.`);
    if (r.currentVersion === version) return r;
    const at = this.ctx.now();
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      await this.resources.setCurrent(trx, r.id, version, v.rows, at);
      await this.ctx.audit.record(trx, {
        actor: actorOf(actor),
        action: 'catalog.dataset.rolled-back',
        target: `resource:${r.id}`,
        detail: { from: r.currentVersion, to: version },
      });
      await this.ctx.events.publish(trx, CATALOG_EVENTS.datasetRolledBack, {
        resourceId: r.id,
        code: r.code,
        version,
        rows: v.rows,
        source: 'rollback',
      } satisfies DatasetVersionV1);
    });
    return (await this.resources.get(r.id))!;
  }

  async versions(resourceId: string): Promise<VersionInfo[]> {
    await this.requireResource(resourceId);
    return this.repo.versions(resourceId);
  }

  /** Rows added, removed and changed by key from `from` to `to` (samples of at most `limit` each). */
  async diff(resourceId: string, from: number, to: number, limit: number): Promise<VersionDiff> {
    const r = await this.requireResource(resourceId);
    for (const [v, path] of [
      [from, '/query/from'],
      [to, '/query/to'],
    ] as const) {
      const info = await this.repo.version(r.id, v);
      if (!info || info.status !== 'ready') {
        throw new DomainError('invalid', `Version ${v} is not a loaded version of ${r.code}`, [{ path, message: `no ready version ${v}` }]);
      }
    }
    const d = await this.repo.diff(r.id, from, to, limit);
    const [inFrom, inTo] = await Promise.all([
      this.repo.rowsByKeys(r.id, from, [...d.removed, ...d.changed]),
      this.repo.rowsByKeys(r.id, to, [...d.added, ...d.changed]),
    ]);
    return {
      from,
      to,
      counts: d.counts,
      added: d.added.map((k) => inTo.get(k)!),
      removed: d.removed.map((k) => inFrom.get(k)!),
      changed: d.changed.map((k) => ({ before: inFrom.get(k)!, after: inTo.get(k)! })),
    };
  }

  /** A load's progress and report (live counts while it runs on this node). */
  async loadInfo(loadId: string): Promise<LoadInfo> {
    const live = this.#live.get(loadId);
    if (live) return { ...live, rejected: live.rejected.slice(0, 100) };
    const l = await this.repo.load(loadId);
    if (!l) throw new DomainError('not_found', `Load ${loadId} does not exist`);
    return l;
  }

  async loads(resourceId: string, limit: number): Promise<LoadInfo[]> {
    await this.requireResource(resourceId);
    const stored = await this.repo.loads(resourceId, limit);
    return stored.map((l) => this.#live.get(l.id) ?? l).map((l) => ({ ...l, rejected: l.rejected.slice(0, 100) }));
  }

  /** Fails loads left "running" by a node that died, removing their half-written rows. */
  async sweepStaleLoads(olderThanMs: number): Promise<number> {
    const stale = (await this.repo.staleLoads(this.ctx.now() - olderThanMs)).filter((l) => !this.#live.has(l.id));
    for (const l of stale) {
      const r = await this.resources.get(l.resourceId);
      if (r) await this.#fail(r, l, new Error('the load was abandoned (its node stopped before it finished)'));
    }
    return stale.length;
  }

  /** Takes the next version number (retrying when a concurrent load took the same one). */
  private async reserveVersion(
    resourceId: string,
    v: { source: string; loadId: string | null; basedOn: number | null; actor: string; at: number },
  ): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.ctx.db.kysely.transaction().execute(async (trx) => {
          const version = await this.repo.nextVersion(trx, resourceId);
          await this.repo.createVersion(trx, {
            resourceId,
            version,
            source: v.source,
            loadId: v.loadId,
            basedOn: v.basedOn,
            createdBy: v.actor,
            at: v.at,
          });
          return version;
        });
      } catch (e) {
        if (attempt >= 4) throw e;
      }
    }
  }

  private async requireResource(id: string): Promise<StoredResource> {
    const r = await this.resources.get(id);
    if (!r) throw new DomainError('not_found', `Resource ${id} does not exist`);
    return r;
  }
}

function keyFieldName(fields: readonly FieldDef[]): string | null {
  const keys = fields.filter((f) => f.key);
  return keys.length ? keys.map((f) => f.name).join('+') : null;
}

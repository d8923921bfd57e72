/**
 * Reading datasets: who may read which fields of which rows, masking, and the access log. Every
 * read — API page, CSV export, portal preview — goes through `read`, which records who read,
 * under which grant, with which filter, how many rows and for what purpose, in the catalog's
 * access log and in the kernel's hash-chained audit log in one transaction.
 */
import { actorOf, hasPermission, type Principal } from '../../kernel/auth/index.js';
import { decodeCursor, encodeCursor } from '../../kernel/http/list-cursor.js';
import { DomainError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import type { KernelContext } from '../../kernel/module.js';
import { isAdmin, isOwner, type Reader } from './access-policy.js';
import type { FieldDef } from './catalog-types.js';
import { parseFilters } from './data-filter.js';
import type { DatasetsRepository, RowCondition } from './datasets.repository.js';
import { maskValue } from './masking.js';
import type { ResourcesRepository, StoredResource } from './resources.repository.js';
import type { Grant, SharingRepository } from './sharing.repository.js';

/** What a reader may see of one resource. */
export interface AccessDecision {
  fields: FieldDef[];
  cleartext: Set<string>;
  /** Conditions every read adds (a grant's row filter). */
  rowFilter: RowCondition[];
  grant: Grant | null;
  purpose: string | null;
  consumer: string;
  consumerDepartmentCode: string | null;
}

/** A field as the data API describes it to the reader. */
export interface DataField {
  name: string;
  title: string;
  type: string;
  personal: string | null;
  /** True when this reader gets the field masked. */
  masked: boolean;
}

/** One page of data. */
export interface DataPage {
  fields: DataField[];
  records: Array<Record<string, unknown>>;
  next: string | null;
  version: number | null;
}

/** A data query. */
export interface DataQuery {
  fields?: string[];
  filters: Record<string, string>;
  limit: number;
  cursor?: string;
  purpose?: string;
  /** api | export | portal */
  channel?: string;
}

/** Reads a consumer key may make per minute (X-Road-style per-member throttling, per node). */
export const CONSUMER_KEY_READS_PER_MINUTE = 120;

export class DataAccessService {
  readonly #windows = new Map<string, { start: number; n: number }>();

  constructor(
    private readonly ctx: KernelContext,
    private readonly resources: ResourcesRepository,
    private readonly datasets: DatasetsRepository,
    private readonly sharing: SharingRepository,
  ) {}

  /**
   * Decides what the reader may read. Deny by default: the owner department reads everything in
   * clear; unconditional (无条件共享) resources are readable by any staff with catalog.read,
   * masked; conditional ones need an active grant; the public reads unconditionally open
   * resources, masked. A consumer key is bound to its one grant and nothing else.
   */
  async decide(reader: Reader, r: StoredResource, purpose?: string): Promise<AccessDecision> {
    const now = this.ctx.now();
    if (reader.kind === 'public') {
      if (r.status !== 'published' || r.openType !== 'unconditional') {
        throw new DomainError('forbidden', `Resource ${r.code} is not open to the public without registration.`);
      }
      return {
        fields: r.fields,
        cleartext: new Set(),
        rowFilter: [],
        grant: null,
        purpose: purpose ?? null,
        consumer: 'anonymous',
        consumerDepartmentCode: null,
      };
    }
    const p = reader.principal;
    const base = { consumer: actorOf(p), consumerDepartmentCode: p.departmentCode };
    if (p.kind === 'apikey') {
      const g = await this.sharing.grantByKey(p.id);
      if (g) return this.fromGrant(r, g, now, base);
    }
    if (!hasPermission(p, 'catalog.read')) throw new DomainError('forbidden', 'This needs the permission catalog.read.');
    if (isOwner(p, r.providerDepartmentCode)) {
      return {
        fields: r.fields,
        cleartext: new Set(r.fields.map((f) => f.name)),
        rowFilter: [],
        grant: null,
        purpose: purpose ?? null,
        ...base,
      };
    }
    if (r.status !== 'published') throw new DomainError('forbidden', `Resource ${r.code} is ${r.status}; only its department can read it.`);
    if (isAdmin(p) || r.shareType === 'unconditional') {
      return { fields: r.fields, cleartext: new Set(), rowFilter: [], grant: null, purpose: purpose ?? null, ...base };
    }
    if (r.shareType === 'none') throw new DomainError('forbidden', `Resource ${r.code} is not shared (不予共享).`);
    const g = p.departmentCode ? await this.sharing.activeGrantFor(r.id, p.departmentCode, now) : null;
    if (!g) {
      throw new DomainError(
        'forbidden',
        `Resource ${r.code} is shared on conditions (有条件共享): request access with POST /api/v1/catalog/share-requests.`,
      );
    }
    return this.fromGrant(r, g, now, base);
  }

  private fromGrant(
    r: StoredResource,
    g: Grant,
    now: number,
    base: { consumer: string; consumerDepartmentCode: string | null },
  ): AccessDecision {
    if (g.resourceId !== r.id) throw new DomainError('forbidden', `This key is scoped to another resource (grant ${g.id}).`);
    if (g.status !== 'active') throw new DomainError('forbidden', `Grant ${g.id} is ${g.status}.`);
    if (Date.parse(g.until) <= now) throw new DomainError('forbidden', `Grant ${g.id} expired at ${g.until}.`);
    const allowed = new Set(g.fields);
    const fields = r.fields.filter((f) => allowed.has(f.name));
    return {
      fields,
      cleartext: new Set(g.cleartextFields),
      rowFilter: parseFilters(g.rowFilter, r.fields, '/grant/rowFilter'),
      grant: g,
      purpose: g.purpose,
      consumer: base.consumer,
      consumerDepartmentCode: g.consumerDepartmentCode,
    };
  }

  /** True while a consumer key is within its rate; counts this call. Other readers are not limited here. */
  allowRate(p: Principal | null): boolean {
    if (!p || p.kind !== 'apikey') return true;
    const now = this.ctx.now();
    const w = this.#windows.get(p.id);
    if (!w || now - w.start >= 60_000) {
      this.#windows.set(p.id, { start: now, n: 1 });
      return true;
    }
    w.n++;
    return w.n <= CONSUMER_KEY_READS_PER_MINUTE;
  }

  /** One page of a resource's current data, as this reader may see it; the read is logged. */
  async read(reader: Reader, resourceId: string, q: DataQuery): Promise<DataPage> {
    const { r, decision, selected, conditions } = await this.prepare(reader, resourceId, q);
    const after = decodeCursor(q.cursor);
    const rows = r.currentVersion === null ? [] : await this.datasets.rows(r.id, r.currentVersion, conditions, after, q.limit + 1);
    const page = rows.slice(0, q.limit);
    const records = page.map((row) => this.project(row.data, selected, decision.cleartext));
    await this.log(r, decision, q, selected, records.length, q.channel ?? 'api');
    return {
      fields: this.describe(selected, decision.cleartext),
      records,
      next: rows.length > q.limit ? encodeCursor(page[page.length - 1]!.key) : null,
      version: r.currentVersion,
    };
  }

  /**
   * Every matching row, page by page, for exports; the read is logged once at the end with the
   * number of rows sent (and also when the export breaks off, with what was sent).
   */
  async *export(
    reader: Reader,
    resourceId: string,
    q: Omit<DataQuery, 'limit' | 'cursor'>,
  ): AsyncGenerator<{ fields: DataField[] } | { record: Record<string, unknown> }> {
    const { r, decision, selected, conditions } = await this.prepare(reader, resourceId, { ...q, limit: 1 });
    yield { fields: this.describe(selected, decision.cleartext) };
    let sent = 0;
    try {
      if (r.currentVersion === null) return;
      let after: string | undefined;
      for (;;) {
        const rows = await this.datasets.rows(r.id, r.currentVersion, conditions, after, 1000);
        for (const row of rows) {
          yield { record: this.project(row.data, selected, decision.cleartext) };
          sent++;
        }
        if (rows.length < 1000) break;
        after = rows[rows.length - 1]!.key;
      }
    } finally {
      await this.log(r, decision, q, selected, sent, q.channel ?? 'export');
    }
  }

  private async prepare(reader: Reader, resourceId: string, q: DataQuery) {
    const r = await this.resources.get(resourceId);
    if (!r) throw new DomainError('not_found', `Resource ${resourceId} does not exist`);
    const decision = await this.decide(reader, r, q.purpose);
    let selected = decision.fields;
    if (q.fields && q.fields.length) {
      const readable = new Map(decision.fields.map((f) => [f.name, f]));
      const bad = q.fields.filter((n) => !readable.has(n));
      if (bad.length) {
        throw new DomainError('invalid', `Fields not readable here: ${bad.join(', ')}`, [
          {
            path: '/query/fields',
            message: `${bad.join(', ')} ${bad.length > 1 ? 'are' : 'is'} not a readable field (readable: ${[...readable.keys()].join(', ')})`,
          },
        ]);
      }
      selected = q.fields.map((n) => readable.get(n)!);
    }
    const readable = new Set(decision.fields.map((f) => f.name));
    const filterable = decision.fields.filter((f) => !f.personal || decision.cleartext.has(f.name));
    for (const name of Object.keys(q.filters)) {
      if (readable.has(name) && !filterable.some((f) => f.name === name)) {
        // Filtering on a masked field would reveal it one guess at a time.
        throw new DomainError('forbidden', `Field ${name} is masked for you and cannot be filtered on.`, [
          { path: `/query/${name}`, message: 'is a masked personal field' },
        ]);
      }
    }
    const conditions = [...decision.rowFilter, ...parseFilters(q.filters, filterable)];
    return { r, decision, selected, conditions };
  }

  private project(data: Record<string, unknown>, fields: FieldDef[], cleartext: Set<string>): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    for (const f of fields) {
      const v = data[f.name] ?? null;
      o[f.name] = f.personal && !cleartext.has(f.name) ? maskValue(v, f.personal) : v;
    }
    return o;
  }

  private describe(fields: FieldDef[], cleartext: Set<string>): DataField[] {
    return fields.map((f) => ({
      name: f.name,
      title: f.title,
      type: f.type,
      personal: f.personal,
      masked: !!f.personal && !cleartext.has(f.name),
    }));
  }

  private async log(
    r: StoredResource,
    d: AccessDecision,
    q: Pick<DataQuery, 'filters' | 'purpose'>,
    selected: FieldDef[],
    rows: number,
    channel: string,
  ) {
    const at = this.ctx.now();
    const clear = selected.filter((f) => f.personal && d.cleartext.has(f.name)).map((f) => f.name);
    const entry = {
      id: newId(at),
      resourceId: r.id,
      at: new Date(at).toISOString(),
      consumer: d.consumer,
      consumerDepartmentCode: d.consumerDepartmentCode,
      grantId: d.grant?.id ?? null,
      channel,
      filter: q.filters,
      fields: selected.map((f) => f.name),
      cleartextFields: clear,
      rows,
      purpose: d.purpose ?? q.purpose ?? null,
    };
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      await this.sharing.insertAccess(trx, entry);
      await this.ctx.audit.record(trx, {
        actor: d.consumer,
        action: 'catalog.data.read',
        target: `resource:${r.id}`,
        detail: {
          accessId: entry.id,
          grantId: entry.grantId,
          channel,
          filter: entry.filter,
          fields: entry.fields,
          cleartextFields: clear,
          rows,
          purpose: entry.purpose,
        },
      });
    });
  }
}

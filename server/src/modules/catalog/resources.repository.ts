/** SQL of the resource directory (`catalog_resources`). */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.js';
import type { FieldDef, Grade, OpenType, PullConfig, Resource, ResourceStatus, ShareType, UpdateCycle } from './catalog-types.js';
import { BASE_CLASSES, CLASS_KINDS } from './catalog-types.js';
import { matchResourceText } from './resource-search.js';

/** A stored resource (before the department name is attached). */
export type StoredResource = Omit<Resource, 'providerDepartmentName'>;

/** Filters of the resource list; every facet is also a filter. */
export interface ResourceFilter {
  q?: string;
  department?: string;
  classCode?: string;
  shareType?: ShareType;
  openType?: OpenType;
  grade?: Grade;
  theme?: string;
  format?: string;
  updateCycle?: UpdateCycle;
  status?: ResourceStatus;
  /** Only these statuses (visibility, applied by the service). */
  statuses?: ResourceStatus[];
  /** Drafts of other departments are hidden: department allowed to see drafts (null = none). */
  draftsOf?: string | null | 'all';
  openOnly?: boolean;
}

export class ResourcesRepository {
  constructor(private readonly db: Database) {}

  /** The next sequence number under a class code (inside the creating transaction). */
  async nextSeq(trx: Kysely<any>, classCode: string): Promise<number> {
    const r = await trx
      .selectFrom('catalog_resources')
      .select(sql<number>`coalesce(max(seq), 0)`.as('m'))
      .where('class_code', '=', classCode)
      .executeTakeFirst();
    return Number(r?.m ?? 0) + 1;
  }

  async insert(trx: Kysely<any>, r: StoredResource, searchText: string, createdBy: string): Promise<void> {
    await trx
      .insertInto('catalog_resources')
      .values({ ...this.toRow(r), search_text: searchText, created_by: createdBy, created_at: new Date(r.createdAt), row_count: 0 })
      .execute();
  }

  async update(trx: Kysely<any>, r: StoredResource, searchText: string): Promise<void> {
    await trx
      .updateTable('catalog_resources')
      .set({ ...this.toRow(r), search_text: searchText })
      .where('id', '=', r.id)
      .execute();
  }

  /** Points the resource at another version. */
  async setCurrent(trx: Kysely<any>, id: string, version: number, rows: number, at: number): Promise<void> {
    await trx
      .updateTable('catalog_resources')
      .set({ current_version: version, row_count: rows, data_updated_at: new Date(at), updated_at: new Date(at) })
      .where('id', '=', id)
      .execute();
  }

  async setPullNext(id: string, at: number | null): Promise<void> {
    await this.db.kysely
      .updateTable('catalog_resources')
      .set({ pull_next_at: at === null ? null : new Date(at) })
      .where('id', '=', id)
      .execute();
  }

  /** Resources with a pull that is due. */
  async duePulls(now: number, limit: number): Promise<StoredResource[]> {
    const rows = await this.db.kysely
      .selectFrom('catalog_resources')
      .selectAll()
      .where('pull_next_at', '<=', new Date(now))
      .where('status', '!=', 'retired')
      .orderBy('pull_next_at')
      .limit(limit)
      .execute();
    return rows.map((r) => this.fromRow(r));
  }

  async get(id: string, trx: Kysely<any> = this.db.kysely): Promise<StoredResource | null> {
    const row = await trx.selectFrom('catalog_resources').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? this.fromRow(row) : null;
  }

  async getByCode(code: string): Promise<StoredResource | null> {
    const row = await this.db.kysely.selectFrom('catalog_resources').selectAll().where('code', '=', code).executeTakeFirst();
    return row ? this.fromRow(row) : null;
  }

  /** Applies the filter to a query on catalog_resources. */
  private filtered(f: ResourceFilter) {
    let q = this.db.kysely.selectFrom('catalog_resources');
    if (f.q) q = q.where(matchResourceText(this.db, f.q));
    if (f.department) q = q.where('provider_department_code', '=', f.department);
    if (f.classCode) q = q.where('class_code', 'like', `${f.classCode.replace(/[^0-9]/g, '')}%`);
    if (f.shareType) q = q.where('share_type', '=', f.shareType);
    if (f.openType) q = q.where('open_type', '=', f.openType);
    if (f.grade) q = q.where('grade', '=', f.grade);
    if (f.format) q = q.where('format', '=', f.format);
    if (f.updateCycle) q = q.where('update_cycle', '=', f.updateCycle);
    if (f.theme) q = q.where(this.db.sql.contains('themes', JSON.stringify(f.theme)));
    if (f.status) q = q.where('status', '=', f.status);
    if (f.statuses) q = q.where('status', 'in', f.statuses);
    if (f.openOnly) q = q.where('open_type', '!=', 'none');
    if (f.draftsOf !== undefined && f.draftsOf !== 'all') {
      const dept = f.draftsOf;
      q = q.where((eb) =>
        dept === null ? eb('status', '!=', 'draft') : eb.or([eb('status', '!=', 'draft'), eb('provider_department_code', '=', dept)]),
      );
    }
    return q;
  }

  /** One page, newest first, after the id `beforeId`. */
  async list(f: ResourceFilter, limit: number, beforeId?: string, offset = 0): Promise<StoredResource[]> {
    let q = this.filtered(f).selectAll().orderBy('id', 'desc').limit(limit);
    if (beforeId) q = q.where('id', '<', beforeId);
    if (offset) q = q.offset(offset);
    const rows = await q.execute();
    return rows.map((r) => this.fromRow(r));
  }

  /** Facet columns of every matching resource (facets are counted over the whole result). */
  async facetRows(f: ResourceFilter): Promise<Array<Record<string, any>>> {
    return this.filtered(f)
      .select(['provider_department_code', 'class_code', 'share_type', 'open_type', 'grade', 'themes', 'format', 'update_cycle', 'status'])
      .execute();
  }

  /** Counts per department (the bureau overview). */
  async countByDepartment(): Promise<Array<{ department: string; status: string; n: number }>> {
    const rows = await this.db.kysely
      .selectFrom('catalog_resources')
      .select(['provider_department_code', 'status', sql<number>`count(*)`.as('n')])
      .groupBy(['provider_department_code', 'status'])
      .execute();
    return rows.map((r) => ({ department: r.provider_department_code, status: r.status, n: Number(r.n) }));
  }

  async all(): Promise<StoredResource[]> {
    const rows = await this.db.kysely.selectFrom('catalog_resources').selectAll().orderBy('id').execute();
    return rows.map((r) => this.fromRow(r));
  }

  private toRow(r: StoredResource): Record<string, unknown> {
    return {
      id: r.id,
      code: r.code,
      class_code: r.classCode,
      seq: Number(r.code.split('/')[1] ?? 0),
      name: r.name,
      provider_department_code: r.providerDepartmentCode,
      provider_code: r.providerCode,
      summary: r.summary,
      format: r.format,
      fields: JSON.stringify(r.fields),
      share_type: r.shareType,
      share_conditions: r.shareConditions,
      share_method: r.shareMethod,
      open_type: r.openType,
      open_conditions: r.openConditions,
      grade: r.grade,
      update_cycle: r.updateCycle,
      publish_date: r.publishDate,
      related_codes: JSON.stringify(r.relatedCodes),
      themes: JSON.stringify(r.themes),
      keywords: JSON.stringify(r.keywords),
      status: r.status,
      pull: r.pull ? JSON.stringify(r.pull) : null,
      updated_at: new Date(r.updatedAt),
    };
  }

  private fromRow(r: Record<string, any>): StoredResource {
    const s = this.db.sql;
    const classCode: string = r.class_code;
    return {
      id: r.id,
      code: r.code,
      classCode,
      classKind: CLASS_KINDS[classCode[0]!] ?? '部门信息资源',
      baseClass: classCode.startsWith('1') ? (BASE_CLASSES[classCode.slice(0, 3)] ?? null) : null,
      name: r.name,
      providerDepartmentCode: r.provider_department_code,
      providerCode: r.provider_code,
      summary: r.summary,
      format: r.format,
      fields: s.readJson<FieldDef[]>(r.fields),
      shareType: r.share_type,
      shareConditions: r.share_conditions ?? null,
      shareMethod: r.share_method ?? null,
      openType: r.open_type,
      openConditions: r.open_conditions ?? null,
      grade: r.grade,
      updateCycle: r.update_cycle,
      publishDate: r.publish_date ?? null,
      relatedCodes: s.readJson<string[]>(r.related_codes),
      themes: s.readJson<string[]>(r.themes),
      keywords: s.readJson<string[]>(r.keywords),
      status: r.status,
      currentVersion: r.current_version === null || r.current_version === undefined ? null : Number(r.current_version),
      rowCount: Number(r.row_count ?? 0),
      dataUpdatedAt: s.readTimeOrNull(r.data_updated_at)?.toISOString() ?? null,
      pull: r.pull ? s.readJson<PullConfig>(r.pull) : null,
      createdAt: s.readTime(r.created_at).toISOString(),
      updatedAt: s.readTime(r.updated_at).toISOString(),
    };
  }
}

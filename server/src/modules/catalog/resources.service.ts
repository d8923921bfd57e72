/**
 * The resource directory (信息资源目录): register, edit, publish and retire resources; find them
 * by Chinese text and facets. Stewards change only their own department's resources; every change
 * is audited and evented in its transaction.
 */
import { actorOf, type Principal } from '../../kernel/auth/index.js';
import { decodeCursor, encodeCursor } from '../../kernel/http/list-cursor.js';
import { DomainError, type FieldError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import type { KernelContext } from '../../kernel/module.js';
import type { OrgService } from '../org/index.js';
import { assertCanEdit, canSeeMetadata, isAdmin, type Reader } from './access-policy.js';
import type { Resource, ResourceInput, ResourceStatus } from './catalog-types.js';
import { CATALOG_EVENTS, type ResourceChangedV1 } from './events.js';
import { checkResourceMeta, cleanList, DEFAULT_CLASS_CODE, normaliseFields, throwIfInvalid } from './resource-input.js';
import { resourceSearchText } from './resource-search.js';
import type { ResourceFilter, ResourcesRepository, StoredResource } from './resources.repository.js';

/** One facet value and how many matching resources carry it. */
export interface FacetItem {
  value: string;
  label: string;
  count: number;
}

/** A page of the resource search. */
export interface ResourcePage {
  items: Resource[];
  total: number;
  next: string | null;
  facets: Record<FacetName, FacetItem[]>;
}

/** The facets the search counts, in display order. */
export const FACETS = ['department', 'classCode', 'shareType', 'openType', 'grade', 'theme', 'format', 'updateCycle'] as const;
export type FacetName = (typeof FACETS)[number];

/** Which fields of a resource a PATCH may change (data-bearing ones have their own endpoints). */
export type ResourcePatch = Partial<Omit<ResourceInput, 'providerDepartmentCode' | 'status'>>;

export class ResourcesService {
  constructor(
    private readonly ctx: KernelContext,
    private readonly repo: ResourcesRepository,
    private readonly org: OrgService,
  ) {}

  /** Registers a resource; its code is the class code + a sequence number (`101001/00001`). */
  async create(actor: Principal, input: ResourceInput): Promise<Resource> {
    const errors: FieldError[] = [];
    checkResourceMeta(input, errors);
    const fields = normaliseFields(input.fields, errors);
    throwIfInvalid(errors);
    const dept = await this.org.findDepartment(input.providerDepartmentCode);
    if (!dept) {
      throw new DomainError('invalid', `No department ${input.providerDepartmentCode}`, [
        { path: '/body/providerDepartmentCode', message: `no department ${input.providerDepartmentCode}; see GET /api/v1/org/departments` },
      ]);
    }
    assertCanEdit(actor, dept.code);
    const classCode = input.classCode ?? DEFAULT_CLASS_CODE;
    const at = this.ctx.now();
    const iso = new Date(at).toISOString();
    const created = await this.ctx.db.kysely.transaction().execute(async (trx) => {
      const seq = await this.repo.nextSeq(trx, classCode);
      const r: StoredResource = {
        id: newId(at),
        code: `${classCode}/${String(seq).padStart(5, '0')}`,
        classCode,
        classKind: '',
        baseClass: null,
        name: input.name.trim(),
        providerDepartmentCode: dept.code,
        providerCode: input.providerCode?.trim() || dept.code,
        summary: input.summary.trim(),
        format: input.format?.trim() || 'table',
        fields,
        shareType: input.shareType,
        shareConditions: input.shareConditions?.trim() || null,
        shareMethod: input.shareMethod?.trim() || null,
        openType: input.openType,
        openConditions: input.openConditions?.trim() || null,
        grade: input.grade,
        updateCycle: input.updateCycle,
        publishDate: input.publishDate ?? null,
        relatedCodes: cleanList(input.relatedCodes),
        themes: cleanList(input.themes),
        keywords: cleanList(input.keywords),
        status: input.status ?? 'draft',
        currentVersion: null,
        rowCount: 0,
        dataUpdatedAt: null,
        pull: input.pull ?? null,
        createdAt: iso,
        updatedAt: iso,
      };
      await this.repo.insert(trx, r, this.searchText(r, dept.name), actorOf(actor));
      await this.ctx.audit.record(trx, {
        actor: actorOf(actor),
        action: 'catalog.resource.created',
        target: `resource:${r.id}`,
        detail: { code: r.code, name: r.name, department: r.providerDepartmentCode, shareType: r.shareType, grade: r.grade },
      });
      await this.ctx.events.publish(trx, CATALOG_EVENTS.resourceCreated, this.eventOf(r));
      return r;
    });
    if (created.pull) await this.repo.setPullNext(created.id, at);
    return this.withDepartment(created);
  }

  /** Changes metadata; fields may be changed while no version refers to them differently. */
  async update(actor: Principal, id: string, patch: ResourcePatch): Promise<Resource> {
    const current = await this.require(id);
    assertCanEdit(actor, current.providerDepartmentCode);
    const errors: FieldError[] = [];
    checkResourceMeta(patch, errors);
    let fields = current.fields;
    if (patch.fields) {
      fields = normaliseFields(patch.fields, errors);
      if (current.currentVersion !== null) {
        // Loaded rows were validated against the old schema: only additions and cosmetic changes keep them valid.
        const byName = new Map(fields.map((f) => [f.name, f]));
        current.fields.forEach((old, i) => {
          const now = byName.get(old.name);
          if (!now)
            errors.push({
              path: '/body/fields',
              message: `field ${old.name} has data; it cannot be removed (retire the resource and register a new one)`,
            });
          else if (now.type !== old.type || now.key !== old.key) {
            errors.push({ path: `/body/fields/${i}`, message: `field ${old.name} has data; its type and key cannot change` });
          }
        });
      }
    }
    throwIfInvalid(errors);
    const at = this.ctx.now();
    const next: StoredResource = {
      ...current,
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      ...(patch.summary !== undefined ? { summary: patch.summary.trim() } : {}),
      ...(patch.classCode !== undefined && patch.classCode !== current.classCode ? { classCode: patch.classCode } : {}),
      ...(patch.providerCode !== undefined ? { providerCode: patch.providerCode.trim() } : {}),
      ...(patch.format !== undefined ? { format: patch.format.trim() || 'table' } : {}),
      ...(patch.shareType !== undefined ? { shareType: patch.shareType } : {}),
      ...(patch.shareConditions !== undefined ? { shareConditions: patch.shareConditions.trim() || null } : {}),
      ...(patch.shareMethod !== undefined ? { shareMethod: patch.shareMethod.trim() || null } : {}),
      ...(patch.openType !== undefined ? { openType: patch.openType } : {}),
      ...(patch.openConditions !== undefined ? { openConditions: patch.openConditions.trim() || null } : {}),
      ...(patch.grade !== undefined ? { grade: patch.grade } : {}),
      ...(patch.updateCycle !== undefined ? { updateCycle: patch.updateCycle } : {}),
      ...(patch.publishDate !== undefined ? { publishDate: patch.publishDate } : {}),
      ...(patch.relatedCodes !== undefined ? { relatedCodes: cleanList(patch.relatedCodes) } : {}),
      ...(patch.themes !== undefined ? { themes: cleanList(patch.themes) } : {}),
      ...(patch.keywords !== undefined ? { keywords: cleanList(patch.keywords) } : {}),
      ...(patch.pull !== undefined ? { pull: patch.pull } : {}),
      fields,
      updatedAt: new Date(at).toISOString(),
    };
    const changed = Object.keys(patch).filter((k) => k !== 'fields' || !!patch.fields);
    const dept = await this.org.findDepartment(next.providerDepartmentCode);
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      if (next.classCode !== current.classCode) {
        const seq = await this.repo.nextSeq(trx, next.classCode);
        next.code = `${next.classCode}/${String(seq).padStart(5, '0')}`;
      }
      await this.repo.update(trx, next, this.searchText(next, dept?.name ?? null));
      await this.ctx.audit.record(trx, {
        actor: actorOf(actor),
        action: 'catalog.resource.updated',
        target: `resource:${id}`,
        detail: { changed, ...(next.code !== current.code ? { code: next.code, previousCode: current.code } : {}) },
      });
      await this.ctx.events.publish(trx, CATALOG_EVENTS.resourceUpdated, { ...this.eventOf(next), changed });
    });
    if (patch.pull !== undefined) await this.repo.setPullNext(id, patch.pull ? at : null);
    return this.withDepartment(next);
  }

  /** draft → published → retired (and back to published from retired). */
  async setStatus(actor: Principal, id: string, status: ResourceStatus): Promise<Resource> {
    const current = await this.require(id);
    assertCanEdit(actor, current.providerDepartmentCode);
    if (current.status === status) return this.withDepartment(current);
    if (status === 'draft' && current.status !== 'draft') {
      throw new DomainError('conflict', 'A published or retired resource cannot go back to draft; retire it instead.');
    }
    const next = { ...current, status, updatedAt: new Date(this.ctx.now()).toISOString() };
    // Looked up before the transaction: on SQLite a query outside it would wait for it (one connection).
    const deptName = (await this.org.findDepartment(next.providerDepartmentCode))?.name ?? null;
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      await this.repo.update(trx, next, this.searchText(next, deptName));
      await this.ctx.audit.record(trx, {
        actor: actorOf(actor),
        action: 'catalog.resource.status-changed',
        target: `resource:${id}`,
        detail: { from: current.status, to: status },
      });
      await this.ctx.events.publish(trx, CATALOG_EVENTS.resourceStatusChanged, this.eventOf(next));
    });
    return this.withDepartment(next);
  }

  /** One resource as the reader may see it (404 when hidden, so drafts do not leak by existence). */
  async get(reader: Reader, id: string): Promise<Resource> {
    const r = await this.repo.get(id);
    if (!r || !canSeeMetadata(reader, r)) throw new DomainError('not_found', `Resource ${id} does not exist`);
    return this.withDepartment(r);
  }

  /** A stored resource or 404 (no visibility check: callers check). */
  async require(id: string): Promise<StoredResource> {
    const r = await this.repo.get(id);
    if (!r) throw new DomainError('not_found', `Resource ${id} does not exist`);
    return r;
  }

  /**
   * Searches the directory: text + facet filters, newest first, with facet counts over the whole
   * result. The public reader sees published open resources only; staff see every non-draft
   * resource and their own department's drafts.
   */
  async search(reader: Reader, filter: ResourceFilter, limit: number, cursor?: string, offset = 0): Promise<ResourcePage> {
    const f: ResourceFilter = { ...filter };
    if (reader.kind === 'public') {
      f.statuses = ['published'];
      f.openOnly = true;
    } else {
      f.draftsOf = isAdmin(reader.principal) ? 'all' : reader.principal.departmentCode;
    }
    const before = decodeCursor(cursor);
    const [rows, facetRows, names] = await Promise.all([
      this.repo.list(f, limit + 1, before, offset),
      this.repo.facetRows(f),
      this.departmentNames(),
    ]);
    const items = rows.slice(0, limit).map((r) => ({ ...r, providerDepartmentName: names.get(r.providerDepartmentCode) ?? null }));
    return {
      items,
      total: facetRows.length,
      next: rows.length > limit ? encodeCursor(items[items.length - 1]!.id) : null,
      facets: this.countFacets(facetRows, names),
    };
  }

  /** The department names by code (one query; ~60 departments). */
  async departmentNames(): Promise<Map<string, string>> {
    return new Map((await this.org.listDepartments()).map((d) => [d.code, d.name]));
  }

  async withDepartment(r: StoredResource): Promise<Resource> {
    const dept = await this.org.findDepartment(r.providerDepartmentCode);
    const fresh = (await this.repo.get(r.id)) ?? r;
    return { ...fresh, providerDepartmentName: dept?.name ?? null };
  }

  private countFacets(rows: Array<Record<string, any>>, names: Map<string, string>): Record<FacetName, FacetItem[]> {
    const counts: Record<string, Map<string, number>> = Object.fromEntries(FACETS.map((f) => [f, new Map<string, number>()]));
    const bump = (facet: string, v: string) => counts[facet]!.set(v, (counts[facet]!.get(v) ?? 0) + 1);
    for (const r of rows) {
      bump('department', r.provider_department_code);
      bump('classCode', String(r.class_code).slice(0, 3));
      bump('shareType', r.share_type);
      bump('openType', r.open_type);
      bump('grade', r.grade);
      bump('format', r.format);
      bump('updateCycle', r.update_cycle);
      for (const t of this.ctx.db.sql.readJson<string[]>(r.themes)) bump('theme', t);
    }
    const label = (facet: string, v: string) => (facet === 'department' ? (names.get(v) ?? v) : v);
    return Object.fromEntries(
      FACETS.map((f): [FacetName, FacetItem[]] => [
        f,
        [...counts[f]!.entries()]
          .map(([value, count]) => ({ value, label: label(f, value), count }))
          .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)),
      ]),
    ) as Record<FacetName, FacetItem[]>;
  }

  private searchText(r: StoredResource, departmentName: string | null): string {
    return resourceSearchText({
      name: r.name,
      code: r.code,
      summary: r.summary,
      keywords: r.keywords,
      themes: r.themes,
      fieldTitles: r.fields.map((f) => f.title),
      departmentName,
    });
  }

  private eventOf(r: StoredResource): ResourceChangedV1 {
    return { resourceId: r.id, code: r.code, name: r.name, providerDepartmentCode: r.providerDepartmentCode, status: r.status };
  }
}

/**
 * Data quality per resource — completeness (non-null share per field), validity (share of rows
 * rejected by the current version's load), freshness (age of the data against the declared
 * update cycle) — and the data bureau's overview of the whole catalog.
 */
import type { Principal } from '../../kernel/auth/index.js';
import { DomainError } from '../../kernel/errors.js';
import type { KernelContext } from '../../kernel/module.js';
import { CYCLE_MS } from './catalog-types.js';
import type { DatasetsRepository } from './datasets.repository.js';
import type { ResourcesRepository, StoredResource } from './resources.repository.js';
import type { SharingRepository } from './sharing.repository.js';
import type { SharingService } from './sharing.service.js';

/** The quality of one resource's current data. */
export interface ResourceQuality {
  resourceId: string;
  code: string;
  name: string;
  version: number | null;
  rows: number;
  /** Field → share of rows with a value (0..1); null before any load. */
  completeness: Record<string, number> | null;
  /** Share of the current version's input rows that were valid (0..1); null before any load. */
  validity: number | null;
  freshness: { dataUpdatedAt: string | null; ageHours: number | null; maxAgeHours: number | null; fresh: boolean | null };
}

/** The bureau's picture of the catalog. */
export interface BureauOverview {
  resourcesByDepartment: Array<{
    departmentCode: string;
    departmentName: string | null;
    draft: number;
    published: number;
    retired: number;
  }>;
  requests: {
    byStatus: Record<string, number>;
    pending: Array<{
      id: string;
      resourceId: string;
      provider: string;
      consumer: string;
      ageDays: number;
      dueAt: string;
      overdue: boolean;
      escalated: boolean;
    }>;
  };
  reads: Array<{ consumerDepartmentCode: string | null; resourceId: string; reads: number; rows: number }>;
  quality: { resources: number; withData: number; stale: number; averageValidity: number | null };
}

export class QualityService {
  constructor(
    private readonly ctx: KernelContext,
    private readonly resources: ResourcesRepository,
    private readonly datasets: DatasetsRepository,
    private readonly sharingRepo: SharingRepository,
    private readonly sharing: SharingService,
    private readonly departmentNames: () => Promise<Map<string, string>>,
  ) {}

  async resource(id: string): Promise<ResourceQuality> {
    const r = await this.resources.get(id);
    if (!r) throw new DomainError('not_found', `Resource ${id} does not exist`);
    return this.of(r);
  }

  private async of(r: StoredResource): Promise<ResourceQuality> {
    const v = r.currentVersion !== null ? await this.datasets.version(r.id, r.currentVersion) : null;
    const maxAge = CYCLE_MS[r.updateCycle];
    const age = r.dataUpdatedAt ? this.ctx.now() - Date.parse(r.dataUpdatedAt) : null;
    return {
      resourceId: r.id,
      code: r.code,
      name: r.name,
      version: r.currentVersion,
      rows: r.rowCount,
      completeness: v ? Object.fromEntries(r.fields.map((f) => [f.name, v.rows ? round((v.stats[f.name] ?? 0) / v.rows) : 0])) : null,
      validity: v ? round(v.rows + v.rejected === 0 ? 1 : v.rows / (v.rows + v.rejected)) : null,
      freshness: {
        dataUpdatedAt: r.dataUpdatedAt,
        ageHours: age === null ? null : round(age / 3600_000),
        maxAgeHours: maxAge === null ? null : maxAge / 3600_000,
        fresh: age === null ? false : maxAge === null ? null : age <= maxAge,
      },
    };
  }

  /** The data bureau's overview (administrator and bureau staff). */
  async overview(actor: Principal): Promise<BureauOverview> {
    if (!(await this.sharing.isSupervisor(actor)))
      throw new DomainError('forbidden', 'The overview is for the data bureau and administrators.');
    const names = await this.departmentNames();
    const byDept = new Map<string, { draft: number; published: number; retired: number }>();
    for (const c of await this.resources.countByDepartment()) {
      const e = byDept.get(c.department) ?? { draft: 0, published: 0, retired: 0 };
      e[c.status as 'draft' | 'published' | 'retired'] += c.n;
      byDept.set(c.department, e);
    }
    const now = this.ctx.now();
    const requests = await this.sharing.allRequests();
    const byStatus: Record<string, number> = { pending: 0, approved: 0, refused: 0, withdrawn: 0 };
    for (const q of requests) byStatus[q.status] = (byStatus[q.status] ?? 0) + 1;
    const all = await this.resources.all();
    const qualities = await Promise.all(all.map((r) => this.of(r)));
    const withData = qualities.filter((q) => q.version !== null);
    const validities = withData.map((q) => q.validity!).filter((x) => x !== null);
    return {
      resourcesByDepartment: [...byDept.entries()]
        .map(([departmentCode, c]) => ({ departmentCode, departmentName: names.get(departmentCode) ?? null, ...c }))
        .sort((a, b) => a.departmentCode.localeCompare(b.departmentCode)),
      requests: {
        byStatus,
        pending: requests
          .filter((q) => q.status === 'pending')
          .map((q) => ({
            id: q.id,
            resourceId: q.resourceId,
            provider: q.providerDepartmentCode,
            consumer: q.consumerDepartmentCode,
            ageDays: round((now - Date.parse(q.createdAt)) / 86_400_000),
            dueAt: q.dueAt,
            overdue: Date.parse(q.dueAt) < now,
            escalated: q.escalatedAt !== null,
          }))
          .sort((a, b) => b.ageDays - a.ageDays),
      },
      reads: await this.sharingRepo.readsMatrix(),
      quality: {
        resources: all.length,
        withData: withData.length,
        stale: qualities.filter((q) => q.freshness.fresh === false && q.version !== null).length,
        averageValidity: validities.length ? round(validities.reduce((a, b) => a + b, 0) / validities.length) : null,
      },
    };
  }
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

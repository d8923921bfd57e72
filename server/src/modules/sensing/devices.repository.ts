/**
 * SQL of the device registry: devices, their liveness columns, and the tombstones of deleted
 * devices whose telemetry the retention job still has to purge.
 */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../../kernel/db/database.js';
import type { DeviceFilter, DeviceScope } from './sensing-types.js';

/** A device row as stored (instants in epoch ms). */
export interface DeviceRow {
  id: string;
  type: string;
  name: string;
  lon: number;
  lat: number;
  districtCode: string | null;
  streetCode: string | null;
  communityCode: string | null;
  gridCode: string | null;
  departmentCode: string | null;
  intervalS: number;
  enabled: boolean;
  installDate: string | null;
  metadata: Record<string, unknown>;
  tokenHash: string;
  state: 'online' | 'offline';
  offlineAfter: number;
  offlineSince: number | null;
  lastSeenAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** Rows per INSERT: under both dialects' bound-parameter limits (21 columns × 400). */
const BATCH = 400;
/** Area code length → the column it matches (GB/T 2260 district 6, street 9, community 12, grid 15). */
const AREA_COLUMN: Record<number, string> = { 6: 'district_code', 9: 'street_code', 12: 'community_code', 15: 'grid_code' };

/** Reads and writes `sensing_devices` and its tombstones. */
export class DevicesRepository {
  constructor(private readonly db: Database) {}

  async get(id: string, executor: Kysely<any> = this.db.kysely): Promise<DeviceRow | undefined> {
    const r = await executor.selectFrom('sensing_devices').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? this.toRow(r) : undefined;
  }

  /** Whether a deleted device with this id still has telemetry waiting to be purged. */
  async tombstoned(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const out = new Set<string>();
    for (let i = 0; i < ids.length; i += BATCH) {
      const rows = await this.db.kysely
        .selectFrom('sensing_deleted_devices')
        .select('device_id')
        .where('device_id', 'in', ids.slice(i, i + BATCH))
        .execute();
      for (const r of rows) out.add(r.device_id);
    }
    return out;
  }

  /** Ids among `ids` that exist. */
  async existing(ids: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < ids.length; i += BATCH) {
      const rows = await this.db.kysely
        .selectFrom('sensing_devices')
        .select('id')
        .where('id', 'in', ids.slice(i, i + BATCH))
        .execute();
      for (const r of rows) out.add(r.id);
    }
    return out;
  }

  async insert(trx: Kysely<any>, rows: readonly DeviceRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH) {
      await trx
        .insertInto('sensing_devices')
        .values(rows.slice(i, i + BATCH).map((r) => this.toColumns(r)))
        .execute();
    }
  }

  /** Writes the whole row back (the service decides what changed). */
  async update(trx: Kysely<any>, row: DeviceRow): Promise<void> {
    const { id: _id, ...set } = this.toColumns(row);
    await trx.updateTable('sensing_devices').set(set).where('id', '=', row.id).execute();
  }

  /** Deletes the device and leaves a tombstone for the purge of its telemetry. */
  async delete(trx: Kysely<any>, row: DeviceRow, at: Date): Promise<void> {
    await trx.deleteFrom('sensing_devices').where('id', '=', row.id).execute();
    await trx
      .insertInto('sensing_deleted_devices')
      .values({ device_id: row.id, type: row.type, deleted_at: at })
      .onConflict((oc) => oc.column('device_id').doUpdateSet({ deleted_at: at }))
      .execute();
  }

  /** A page by id, with the total of the filter. */
  async page(filter: DeviceFilter, limit: number, afterId?: string): Promise<{ rows: DeviceRow[]; total: number }> {
    const base = this.filtered(filter);
    const count = await base.select((eb) => eb.fn.countAll().as('count')).executeTakeFirst();
    let q = base.selectAll();
    if (afterId !== undefined) q = q.where('id', '>', afterId);
    const rows = await q.orderBy('id').limit(limit).execute();
    return { rows: rows.map((r) => this.toRow(r)), total: Number(count?.count ?? 0) };
  }

  /** Every device matching the filter, by id. */
  async all(filter: DeviceFilter = {}): Promise<DeviceRow[]> {
    const rows = await this.filtered(filter).selectAll().orderBy('id').execute();
    return rows.map((r) => this.toRow(r));
  }

  /** Devices changed at or after `since` (cache sync between nodes). */
  async changedSince(since: number): Promise<DeviceRow[]> {
    const rows = await this.db.kysely.selectFrom('sensing_devices').selectAll().where('updated_at', '>=', new Date(since)).execute();
    return rows.map((r) => this.toRow(r));
  }

  /** Ids deleted at or after `since`. */
  async deletedSince(since: number): Promise<string[]> {
    const rows = await this.db.kysely
      .selectFrom('sensing_deleted_devices')
      .select('device_id')
      .where('deleted_at', '>=', new Date(since))
      .execute();
    return rows.map((r) => r.device_id);
  }

  /** Enabled devices marked online whose time ran out. */
  async dueOffline(now: number, limit: number): Promise<string[]> {
    const rows = await this.db.kysely
      .selectFrom('sensing_devices')
      .select('id')
      .where('state', '=', 'online')
      .where('offline_after', '<', new Date(now))
      .where('enabled', '=', true)
      .orderBy('offline_after')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /** Marks devices offline when still due (re-checked in the statement); returns those it changed. */
  async markOffline(trx: Kysely<any>, ids: string[], now: number): Promise<Array<{ id: string; type: string; lastSeenAt: number | null }>> {
    if (ids.length === 0) return [];
    const rows = await trx
      .updateTable('sensing_devices')
      .set({ state: 'offline', offline_since: new Date(now) })
      .where('id', 'in', ids)
      .where('state', '=', 'online')
      .where('offline_after', '<', new Date(now))
      .where('enabled', '=', true)
      .returning(['id', 'type', 'last_seen_at'])
      .execute();
    return rows.map((r) => ({
      id: r.id,
      type: r.type,
      lastSeenAt: r.last_seen_at == null ? null : this.db.sql.readTime(r.last_seen_at).getTime(),
    }));
  }

  /** Ids of the devices a scope sees (a subquery for other tables of the module, such as alarms). */
  idsInScope(scope: DeviceScope): SelectQueryBuilder<any, 'sensing_devices', { id: string }> {
    const depts = [...scope.departmentCodes];
    const areas = [...scope.areaCodes];
    return this.db.kysely
      .selectFrom('sensing_devices')
      .select('id')
      .where((eb) => {
        const any = [];
        if (depts.length > 0) any.push(eb('department_code', 'in', depts));
        if (areas.length > 0) {
          any.push(eb('district_code', 'in', areas), eb('street_code', 'in', areas), eb('community_code', 'in', areas));
        }
        // An empty scope sees nothing (ids are never null; `in ()` is not SQL).
        return any.length > 0 ? eb.or(any) : eb('id', 'is', null);
      });
  }

  private filtered(filter: DeviceFilter): SelectQueryBuilder<any, 'sensing_devices', object> {
    let q = this.db.kysely.selectFrom('sensing_devices');
    if (filter.type) q = q.where('type', '=', filter.type);
    if (filter.departmentCode) q = q.where('department_code', '=', filter.departmentCode);
    if (filter.scope) q = q.where('id', 'in', this.idsInScope(filter.scope));
    if (filter.areaCode) q = q.where(AREA_COLUMN[filter.areaCode.length] ?? 'grid_code', '=', filter.areaCode);
    if (filter.state === 'disabled') q = q.where('enabled', '=', false);
    else if (filter.state) q = q.where('enabled', '=', true).where('state', '=', filter.state);
    if (filter.q) {
      const needle = filter.q;
      q = q.where((eb) => eb.or([this.db.sql.contains('id', needle), this.db.sql.contains('name', needle)]));
    }
    return q;
  }

  private toColumns(r: DeviceRow): Record<string, unknown> {
    return {
      id: r.id,
      type: r.type,
      name: r.name,
      lon: r.lon,
      lat: r.lat,
      district_code: r.districtCode,
      street_code: r.streetCode,
      community_code: r.communityCode,
      grid_code: r.gridCode,
      department_code: r.departmentCode,
      reporting_interval_s: r.intervalS,
      enabled: r.enabled,
      install_date: r.installDate,
      metadata: JSON.stringify(r.metadata),
      token_hash: r.tokenHash,
      state: r.state,
      offline_after: new Date(r.offlineAfter),
      offline_since: r.offlineSince === null ? null : new Date(r.offlineSince),
      last_seen_at: r.lastSeenAt === null ? null : new Date(r.lastSeenAt),
      created_at: new Date(r.createdAt),
      updated_at: new Date(r.updatedAt),
    };
  }

  private toRow(r: Record<string, any>): DeviceRow {
    const t = (v: unknown) => (v === null || v === undefined ? null : this.db.sql.readTime(v).getTime());
    return {
      id: r.id,
      type: r.type,
      name: r.name,
      lon: Number(r.lon),
      lat: Number(r.lat),
      districtCode: r.district_code ?? null,
      streetCode: r.street_code ?? null,
      communityCode: r.community_code ?? null,
      gridCode: r.grid_code ?? null,
      departmentCode: r.department_code ?? null,
      intervalS: Number(r.reporting_interval_s),
      enabled: this.db.sql.readBool(r.enabled),
      installDate: r.install_date ?? null,
      metadata: this.db.sql.readJson<Record<string, unknown>>(r.metadata),
      tokenHash: r.token_hash,
      state: r.state,
      offlineAfter: t(r.offline_after)!,
      offlineSince: t(r.offline_since),
      lastSeenAt: t(r.last_seen_at),
      createdAt: t(r.created_at)!,
      updatedAt: t(r.updated_at)!,
    };
  }
}

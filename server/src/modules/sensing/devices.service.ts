/**
 * The device registry: create, read, list, change, delete, rotate tokens, authenticate. Each
 * change writes its audit record and its event in the same transaction and updates this node's
 * device cache; liveness follows the interval and enabled flag as they change.
 */
import type { AuditLog } from '../../kernel/audit/audit-log.js';
import type { Principal } from '../../kernel/auth/index.js';
import type { Database } from '../../kernel/db/database.js';
import { DomainError, type FieldError } from '../../kernel/errors.js';
import type { EventBus } from '../../kernel/events/event-bus.js';
import { decodeCursor, encodeCursor } from '../../kernel/http/list-cursor.js';
import { newId } from '../../kernel/ids.js';
import type { GeoService } from '../geo/index.js';
import type { OrgService } from '../org/index.js';
import type { DeviceCache } from './device-cache.js';
import { checkAttributes, checkDeviceInput, type DeviceInput, type DeviceInputContext, type PlacedCodes } from './device-input.js';
import { hashDeviceToken, newDeviceToken, verifyDeviceToken } from './device-token.js';
import type { DeviceTypesService } from './device-types.service.js';
import type { DeviceRow, DevicesRepository } from './devices.repository.js';
import { SENSING_EVENTS, type DeviceOfflineV1, type DeviceOnlineV1, type DeviceRefV1, type DeviceUpdatedV1 } from './events.js';
import { evaluateLiveness } from './liveness.js';
import type { DeviceFilter, DeviceScope, DeviceView, LonLat } from './sensing-types.js';

/** What `PATCH /sensing/devices/{id}` may change. */
export interface UpdateDeviceInput {
  name?: string;
  location?: LonLat;
  reportingIntervalSeconds?: number;
  enabled?: boolean;
  departmentCode?: string | null;
  installDate?: string | null;
  metadata?: Record<string, unknown>;
}

/** Outcome of checking a device's credentials. */
export type DeviceAuth = { ok: true; device: DeviceRow } | { ok: false; reason: 'unknown' | 'bad_token' | 'disabled' };

/** What the registry is built on (geo places devices, org checks departments). */
export interface DevicesServiceDeps {
  db: Database;
  audit: AuditLog;
  events: EventBus;
  now: () => number;
  geo: Pick<GeoService, 'locate' | 'areaRef'>;
  org: Pick<OrgService, 'findDepartment' | 'listDepartments' | 'dataScope'>;
  types: DeviceTypesService;
  repo: DevicesRepository;
  cache: DeviceCache;
}

/** The device registry service the routes and the module facade use. */
export class DevicesService {
  constructor(private readonly deps: DevicesServiceDeps) {}

  /** Registers a device; the token is returned once and stored hashed. */
  async create(actor: string, input: DeviceInput): Promise<{ device: DeviceView; token: string }> {
    const dept = input.departmentCode ? await this.deps.org.findDepartment(input.departmentCode) : null;
    const checked = checkDeviceInput(
      input,
      this.inputContext(() => dept !== null),
    );
    if (!checked.row) throw invalid(checked.problems.map((p) => ({ path: `/body/${p.field}`, message: p.reason })));
    const id = checked.row.id ?? newId(this.deps.now()).toLowerCase();
    await this.assertIdFree([id]);
    const token = newDeviceToken();
    const row: DeviceRow = { ...checked.row, id, tokenHash: hashDeviceToken(token) };
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      await this.deps.repo.insert(trx, [row]);
      await this.deps.audit.record(trx, {
        actor,
        action: 'sensing.device.created',
        target: `device:${id}`,
        detail: { type: row.type, name: row.name, lon: row.lon, lat: row.lat, gridCode: row.gridCode },
      });
      await this.deps.events.publish(trx, SENSING_EVENTS.deviceCreated, createdEvent(row));
    });
    this.deps.cache.put(row);
    return { device: this.view(row), token };
  }

  /** One device, or null. */
  async find(id: string): Promise<DeviceView | null> {
    const row = await this.deps.repo.get(id);
    return row ? this.view(row) : null;
  }

  async get(id: string): Promise<DeviceView> {
    return this.view(await this.row(id));
  }

  /**
   * The filter narrowed to what `principal` may see (department scoping, org's data scope):
   * unchanged for a city-wide principal, else limited to its departments' devices and areas.
   */
  async scoped(principal: Principal | null, filter: DeviceFilter = {}): Promise<DeviceFilter> {
    const scope = await this.departmentScope(principal);
    return scope ? { ...filter, scope } : filter;
  }

  /** What `principal` is limited to, or null when it sees the whole city. */
  async departmentScope(principal: Principal | null): Promise<DeviceScope | null> {
    const scope = await this.deps.org.dataScope(principal);
    return scope.cityWide ? null : { departmentCodes: scope.departmentCodes, areaCodes: scope.areaCodes };
  }

  /** One device as `principal` may see it: outside its scope it does not exist (404, nothing leaks). */
  async getVisible(principal: Principal | null, id: string): Promise<DeviceView> {
    await this.checkVisible(principal, id);
    return this.get(id);
  }

  /** Throws not_found when the device exists but lies outside `principal`'s scope. */
  async checkVisible(principal: Principal | null, id: string): Promise<void> {
    const scope = await this.departmentScope(principal);
    if (!scope) return;
    const row = await this.deps.repo.get(id);
    if (row && !inScope(row, scope)) throw new DomainError('not_found', `No device ${id}`);
  }

  /** A page by id with the filter's total. */
  async page(filter: DeviceFilter, limit: number, cursor?: string): Promise<{ items: DeviceView[]; next: string | null; total: number }> {
    const { rows, total } = await this.deps.repo.page(filter, limit, decodeCursor(cursor));
    const next = rows.length === limit ? encodeCursor(rows[rows.length - 1]!.id) : null;
    return { items: rows.map((r) => this.view(r)), next, total };
  }

  /** Every device matching the filter (the rule engine's device sets, the map). */
  async all(filter: DeviceFilter = {}): Promise<DeviceView[]> {
    return (await this.deps.repo.all(filter)).map((r) => this.view(r));
  }

  /** Changes a device; a new interval or enabled flag re-evaluates liveness at once. */
  async update(actor: string, id: string, input: UpdateDeviceInput): Promise<DeviceView> {
    const before = await this.row(id);
    const type = this.deps.types.require(before.type);
    const errors: FieldError[] = [];
    const after: DeviceRow = { ...before, updatedAt: this.deps.now() };
    if (input.name !== undefined) {
      if (input.name.trim() === '') errors.push({ path: '/body/name', message: 'must not be blank' });
      after.name = input.name.trim();
    }
    if (input.location !== undefined) {
      const placed = this.place(input.location.lon, input.location.lat);
      if (!placed)
        errors.push({
          path: '/body/location',
          message: `(${input.location.lon}, ${input.location.lat}) lies outside every grid of the city`,
        });
      else Object.assign(after, placed, { lon: input.location.lon, lat: input.location.lat });
    }
    if (input.departmentCode !== undefined) {
      if (input.departmentCode !== null && !(await this.deps.org.findDepartment(input.departmentCode))) {
        errors.push({ path: '/body/departmentCode', message: `is not a department (${input.departmentCode})` });
      }
      after.departmentCode = input.departmentCode;
    }
    if (input.metadata !== undefined) {
      errors.push(...checkAttributes(type, input.metadata).map((p) => ({ path: `/body/${p.field}`, message: p.reason })));
      after.metadata = input.metadata;
    }
    if (input.installDate !== undefined) after.installDate = input.installDate;
    if (input.reportingIntervalSeconds !== undefined) after.intervalS = input.reportingIntervalSeconds;
    if (input.enabled !== undefined) after.enabled = input.enabled;
    if (errors.length) throw invalid(errors);
    const changed = changedFields(before, after);
    if (changed.length === 0) return this.view(before);

    const now = this.deps.now();
    let liveness: 'online' | 'offline' | null = null;
    if (after.enabled && !before.enabled) {
      // Re-enabled: a fresh grace period of 3 intervals, as for a new device.
      Object.assign(after, {
        state: 'online',
        offlineSince: null,
        offlineAfter: evaluateLiveness({ ...after, lastSeenAt: now }, now).offlineAfter,
      });
    } else if (after.enabled && after.intervalS !== before.intervalS) {
      const e = evaluateLiveness(after, now);
      after.offlineAfter = e.offlineAfter;
      if (e.state !== before.state) {
        liveness = e.state;
        after.state = e.state;
        after.offlineSince = e.state === 'offline' ? now : null;
      }
    }
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      await this.deps.repo.update(trx, after);
      await this.deps.audit.record(trx, {
        actor,
        action: 'sensing.device.updated',
        target: `device:${id}`,
        detail: Object.fromEntries(changed.map((f) => [f, apiValue(after, f)])),
      });
      await this.deps.events.publish(trx, SENSING_EVENTS.deviceUpdated, {
        deviceId: id,
        type: after.type,
        changed,
      } satisfies DeviceUpdatedV1);
      if (liveness === 'offline') {
        await this.deps.events.publish(trx, SENSING_EVENTS.deviceOffline, {
          deviceId: id,
          type: after.type,
          at: new Date(now).toISOString(),
          lastSeenAt: after.lastSeenAt === null ? null : new Date(after.lastSeenAt).toISOString(),
        } satisfies DeviceOfflineV1);
      } else if (liveness === 'online') {
        await this.deps.events.publish(trx, SENSING_EVENTS.deviceOnline, {
          deviceId: id,
          type: after.type,
          at: new Date(now).toISOString(),
          offlineSince: before.offlineSince === null ? null : new Date(before.offlineSince).toISOString(),
        } satisfies DeviceOnlineV1);
      }
    });
    this.deps.cache.put(after);
    return this.view(after);
  }

  /** Deletes a device; its telemetry is purged in the background (retention job). */
  async remove(actor: string, id: string): Promise<void> {
    const row = await this.row(id);
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      await this.deps.repo.delete(trx, row, new Date(this.deps.now()));
      await this.deps.audit.record(trx, {
        actor,
        action: 'sensing.device.deleted',
        target: `device:${id}`,
        detail: { type: row.type, name: row.name },
      });
      await this.deps.events.publish(trx, SENSING_EVENTS.deviceDeleted, { deviceId: id, type: row.type } satisfies DeviceRefV1);
    });
    this.deps.cache.remove(id);
  }

  /** Issues a new token (returned once); the old one stops working at once. */
  async rotateToken(actor: string, id: string): Promise<{ id: string; token: string }> {
    const row = await this.row(id);
    const token = newDeviceToken();
    const after = { ...row, tokenHash: hashDeviceToken(token), updatedAt: this.deps.now() };
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      await this.deps.repo.update(trx, after);
      await this.deps.audit.record(trx, { actor, action: 'sensing.device.token-rotated', target: `device:${id}` });
      await this.deps.events.publish(trx, SENSING_EVENTS.deviceTokenRotated, { deviceId: id, type: row.type } satisfies DeviceRefV1);
    });
    this.deps.cache.put(after);
    return { id, token };
  }

  /** Checks a device's id and token against the database (MQTT CONNECT, EMQX HTTP auth). */
  async authenticate(id: string, token: string): Promise<DeviceAuth> {
    const row = await this.deps.repo.get(id);
    if (!row) return { ok: false, reason: 'unknown' };
    if (!verifyDeviceToken(token, row.tokenHash)) return { ok: false, reason: 'bad_token' };
    if (!row.enabled) return { ok: false, reason: 'disabled' };
    return { ok: true, device: row };
  }

  /** Refuses ids that exist or whose deleted namesake's telemetry is still being purged. */
  async assertIdFree(ids: string[], pathOf: (id: string) => string = () => '/body/id'): Promise<void> {
    const taken = await this.deps.repo.existing(ids);
    if (taken.size > 0) {
      const id = [...taken][0]!;
      throw new DomainError('conflict', `Device ${id} exists already`, [{ path: pathOf(id), message: 'is taken' }]);
    }
    const purging = await this.deps.repo.tombstoned(ids);
    if (purging.size > 0) {
      const id = [...purging][0]!;
      throw new DomainError(
        'conflict',
        `The telemetry of the deleted device ${id} is still being purged; try again in a few minutes or choose another id`,
        [{ path: pathOf(id), message: 'belonged to a deleted device whose data is being purged' }],
      );
    }
  }

  /** The lookups `checkDeviceInput` needs. */
  inputContext(departmentExists: (code: string) => boolean): DeviceInputContext {
    return {
      typeOf: (code) => this.deps.types.get(code),
      departmentExists,
      place: (lon, lat) => this.place(lon, lat),
      now: this.deps.now(),
    };
  }

  /** A row as the API shows it, with area names from the geo index. */
  view(r: DeviceRow): DeviceView {
    const area = (code: string | null) => {
      if (!code) return null;
      const a = this.deps.geo.areaRef(code);
      return { code, name: a?.name ?? code };
    };
    return {
      id: r.id,
      type: r.type,
      name: r.name,
      location: { lon: r.lon, lat: r.lat },
      district: area(r.districtCode),
      street: area(r.streetCode),
      community: area(r.communityCode),
      grid: area(r.gridCode),
      departmentCode: r.departmentCode,
      reportingIntervalSeconds: r.intervalS,
      enabled: r.enabled,
      state: r.enabled ? r.state : 'disabled',
      lastSeenAt: r.lastSeenAt === null ? null : new Date(r.lastSeenAt).toISOString(),
      installDate: r.installDate,
      metadata: r.metadata,
      createdAt: new Date(r.createdAt).toISOString(),
      updatedAt: new Date(r.updatedAt).toISOString(),
    };
  }

  private place(lon: number, lat: number): PlacedCodes | null {
    const loc = this.deps.geo.locate(lon, lat);
    if (!loc || !loc.grid) return null;
    return {
      districtCode: loc.district?.code ?? null,
      streetCode: loc.street?.code ?? null,
      communityCode: loc.community?.code ?? null,
      gridCode: loc.grid.code,
    };
  }

  private async row(id: string): Promise<DeviceRow> {
    const row = await this.deps.repo.get(id);
    if (!row) throw new DomainError('not_found', `No device ${id}`);
    return row;
  }
}

/** The payload of `sensing.device.created.v1`. */
export function createdEvent(row: DeviceRow) {
  return {
    deviceId: row.id,
    type: row.type,
    name: row.name,
    lon: row.lon,
    lat: row.lat,
    gridCode: row.gridCode,
    districtCode: row.districtCode,
    departmentCode: row.departmentCode,
  };
}

const TRACKED: Array<keyof DeviceRow> = [
  'name',
  'lon',
  'lat',
  'gridCode',
  'departmentCode',
  'intervalS',
  'enabled',
  'installDate',
  'metadata',
];
const API_NAME: Partial<Record<keyof DeviceRow, string>> = {
  intervalS: 'reportingIntervalSeconds',
  lon: 'location',
  lat: 'location',
  gridCode: 'location',
};

function changedFields(a: DeviceRow, b: DeviceRow): string[] {
  const out = new Set<string>();
  for (const f of TRACKED) if (JSON.stringify(a[f]) !== JSON.stringify(b[f])) out.add(API_NAME[f] ?? f);
  return [...out];
}

function apiValue(r: DeviceRow, field: string): unknown {
  if (field === 'location') return { lon: r.lon, lat: r.lat, gridCode: r.gridCode };
  if (field === 'reportingIntervalSeconds') return r.intervalS;
  return (r as unknown as Record<string, unknown>)[field];
}

function invalid(errors: FieldError[]): DomainError {
  return new DomainError('invalid', errors.map((e) => `${e.path} ${e.message}`).join('; '), errors);
}

/** Whether a device row lies in a scope: owned by one of its departments or placed in one of its areas. */
export function inScope(
  row: Pick<DeviceRow, 'departmentCode' | 'districtCode' | 'streetCode' | 'communityCode'>,
  scope: DeviceScope,
): boolean {
  if (row.departmentCode && scope.departmentCodes.includes(row.departmentCode)) return true;
  return [row.districtCode, row.streetCode, row.communityCode].some((c) => !!c && scope.areaCodes.includes(c));
}

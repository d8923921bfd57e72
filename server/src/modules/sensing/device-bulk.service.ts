/**
 * Many devices at once: an operator's import (CSV or JSON, all or nothing, every bad row reported
 * with its field, tokens shown once) and the demo seeder's bulk load.
 */
import type { AuditLog } from '../../kernel/audit/audit-log.js';
import type { Database } from '../../kernel/db/database.js';
import type { EventBus } from '../../kernel/events/event-bus.js';
import { newId } from '../../kernel/ids.js';
import type { OrgService } from '../org/index.js';
import type { DeviceCache } from './device-cache.js';
import { importRowsFromBody } from './device-import.js';
import { checkDeviceInput, type DeviceInput } from './device-input.js';
import { hashDeviceToken, newDeviceToken } from './device-token.js';
import type { DeviceRow, DevicesRepository } from './devices.repository.js';
import { createdEvent, type DevicesService } from './devices.service.js';
import { SENSING_EVENTS } from './events.js';

/** One refused import row: 1-based data row, the field, why. */
export interface RejectedRow {
  row: number;
  field: string;
  reason: string;
}

/** Result of an import. All or nothing: `imported` is 0 whenever `rejected` is not empty. */
export interface DeviceImportResult {
  imported: number;
  rejected: RejectedRow[];
  /** The new devices' tokens, shown this once. */
  devices: Array<{ id: string; token: string }>;
}

/** A demo device: like an import row, with its stable id. */
export interface DemoDeviceInput extends DeviceInput {
  id: string;
}

/** What the bulk service is built on. */
export interface DeviceBulkDeps {
  db: Database;
  audit: AuditLog;
  events: EventBus;
  now: () => number;
  org: Pick<OrgService, 'listDepartments'>;
  repo: DevicesRepository;
  cache: DeviceCache;
  devices: DevicesService;
}

/** Imports of many devices and the demo load. */
export class DeviceBulkService {
  constructor(private readonly deps: DeviceBulkDeps) {}

  /** Imports devices from CSV text or JSON rows. */
  async importDevices(actor: string, body: unknown): Promise<DeviceImportResult> {
    const rows = importRowsFromBody(body);
    const { checked, rejected } = await this.check(rows.map((r) => ({ row: r.row, input: r.input, problems: r.problems })));
    if (rejected.length > 0) return { imported: 0, rejected, devices: [] };
    const tokens: Array<{ id: string; token: string }> = [];
    const devices = checked.map((c) => {
      const token = newDeviceToken();
      tokens.push({ id: c.id, token });
      return { ...c, tokenHash: hashDeviceToken(token) };
    });
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      await this.deps.repo.insert(trx, devices);
      for (const d of devices) {
        await this.deps.audit.record(trx, {
          actor,
          action: 'sensing.device.created',
          target: `device:${d.id}`,
          detail: { type: d.type, name: d.name, lon: d.lon, lat: d.lat, gridCode: d.gridCode, import: true },
        });
        await this.deps.events.publish(trx, SENSING_EVENTS.deviceCreated, createdEvent(d));
      }
    });
    for (const d of devices) this.deps.cache.put(d);
    return { imported: devices.length, rejected: [], devices: tokens };
  }

  /**
   * Loads the demo devices in one transaction with one audit record. Their tokens are never
   * shown: `tokenOf` derives them (simulator/demo-tokens.ts) so that the simulator can connect.
   */
  async loadDemo(
    inputs: readonly DemoDeviceInput[],
    tokenOf: (id: string) => string = () => newDeviceToken(),
  ): Promise<{ loaded: number }> {
    const { checked, rejected } = await this.check(inputs.map((input, i) => ({ row: i + 1, input, problems: [] })));
    if (rejected.length > 0) {
      const r = rejected[0]!;
      throw new Error(`demo device row ${r.row} (${inputs[r.row - 1]?.id}) ${r.field}: ${r.reason}`);
    }
    const devices = checked.map((c) => ({ ...c, tokenHash: hashDeviceToken(tokenOf(c.id)) }));
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      await this.deps.repo.insert(trx, devices);
      await this.deps.audit.record(trx, {
        actor: 'system',
        action: 'sensing.demo.loaded',
        target: 'sensing:devices',
        detail: { count: devices.length, types: countBy(devices.map((d) => d.type)) },
      });
      for (const d of devices) await this.deps.events.publish(trx, SENSING_EVENTS.deviceCreated, createdEvent(d));
    });
    for (const d of devices) this.deps.cache.put(d);
    return { loaded: devices.length };
  }

  /** Checks every row; ids are generated where missing and must be unique and free. */
  private async check(
    rows: Array<{ row: number; input: DeviceInput | null; problems: Array<{ field: string; reason: string }> }>,
  ): Promise<{ checked: Array<Omit<DeviceRow, 'tokenHash'>>; rejected: RejectedRow[] }> {
    const departments = new Set((await this.deps.org.listDepartments()).map((d) => d.code));
    const ctx = this.deps.devices.inputContext((code) => departments.has(code));
    const rejected: RejectedRow[] = [];
    const checked: Array<Omit<DeviceRow, 'tokenHash'> & { row: number }> = [];
    const firstRow = new Map<string, number>();
    for (const r of rows) {
      for (const p of r.problems) rejected.push({ row: r.row, field: p.field, reason: p.reason });
      if (!r.input) continue;
      const c = checkDeviceInput(r.input, ctx);
      if (!c.row) {
        for (const p of c.problems) rejected.push({ row: r.row, field: p.field, reason: p.reason });
        continue;
      }
      const id = c.row.id ?? newId(ctx.now).toLowerCase();
      const seen = firstRow.get(id);
      if (seen !== undefined) {
        rejected.push({ row: r.row, field: 'id', reason: `${id} appears twice (rows ${seen} and ${r.row})` });
        continue;
      }
      firstRow.set(id, r.row);
      checked.push({ ...c.row, id, row: r.row });
    }
    const ids = checked.map((c) => c.id);
    const taken = await this.deps.repo.existing(ids);
    const purging = await this.deps.repo.tombstoned(ids);
    for (const c of checked) {
      if (taken.has(c.id)) rejected.push({ row: c.row, field: 'id', reason: `${c.id} exists already` });
      else if (purging.has(c.id))
        rejected.push({ row: c.row, field: 'id', reason: `${c.id} belonged to a deleted device whose data is being purged` });
    }
    rejected.sort((a, b) => a.row - b.row);
    return { checked: checked.map(({ row: _row, ...d }) => d), rejected };
  }
}

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

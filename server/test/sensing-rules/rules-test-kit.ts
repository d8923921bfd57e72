/**
 * A rules-and-alarms service on a real database (kernel + rules migrations), with the real audit
 * log, outbox, job scheduler and leases, a movable clock and an in-memory device directory.
 */
import pino from 'pino';
import { AuditLog } from '../../src/kernel/audit/audit-log.js';
import type { Principal } from '../../src/kernel/auth/principal.js';
import { EventBus } from '../../src/kernel/events/event-bus.js';
import { JobScheduler } from '../../src/kernel/jobs/job-scheduler.js';
import { LeaseStore } from '../../src/kernel/jobs/lease-store.js';
import { kernelMigrations } from '../../src/kernel/kernel-migrations.js';
import type { DeviceDirectory, DeviceFacts, DeviceFilter } from '../../src/modules/sensing/rules/device-directory.js';
import { RulesService, rulesMigrations } from '../../src/modules/sensing/rules/index.js';
import type { TestDialect } from '../helpers/dialects.js';
import { openTestDatabase, type TestDatabase } from '../helpers/test-db.js';

export const T0 = Date.parse('2026-07-01T08:00:00+08:00');
export const logger = pino({ level: 'silent' });

/** The duty officer who acknowledges alarms. */
export const dutyOfficer: Principal = {
  kind: 'user',
  id: 'u-duty-01',
  username: 'duty',
  roles: ['operator'],
  permissions: ['sensing.*'],
  departmentCode: null,
};

/** A device registry in a map; tests edit devices in place. */
export class FakeDeviceDirectory implements DeviceDirectory {
  readonly devices = new Map<string, DeviceFacts>();
  lookups = 0;

  add(d: Partial<DeviceFacts> & Pick<DeviceFacts, 'id' | 'type'>): DeviceFacts {
    const facts: DeviceFacts = {
      name: d.id,
      enabled: true,
      gridCode: null,
      communityCode: null,
      streetCode: null,
      districtCode: null,
      lon: null,
      lat: null,
      lastSeenAt: null,
      createdAt: new Date(T0 - 86_400_000),
      ...d,
    };
    this.devices.set(facts.id, facts);
    return facts;
  }

  async getDevice(id: string): Promise<DeviceFacts | null> {
    this.lookups++;
    return this.devices.get(id) ?? null;
  }

  async listDevices(filter: DeviceFilter): Promise<DeviceFacts[]> {
    this.lookups++;
    return [...this.devices.values()].filter(
      (d) =>
        (!filter.type || d.type === filter.type) && (!filter.areaCode || (d.gridCode ?? d.districtCode ?? '').startsWith(filter.areaCode)),
    );
  }
}

/** A grid in 示范市's first district, street and community. */
export const GRID_A = { gridCode: '330791001002003', communityCode: '330791001002', streetCode: '330791001', districtCode: '330791' };
/** A grid in another district. */
export const GRID_B = { gridCode: '330792004001001', communityCode: '330792004001', streetCode: '330792004', districtCode: '330792' };

export interface RulesKit {
  t: TestDatabase;
  service: RulesService;
  devices: FakeDeviceDirectory;
  audit: AuditLog;
  events: EventBus;
  jobs: JobScheduler;
  clock: { now: number };
  /** Moves the clock forward. */
  advance(seconds: number): void;
  /** A reading at the current clock. */
  reading(deviceId: string, property: string, value: number | string | boolean, deviceType?: string): ReadingLike;
  /** A second node: its own database handle and service (not started; call refreshIfChanged to load rules). */
  secondNode(): Promise<RulesService>;
  /** Outbox events by name prefix, oldest first. */
  outbox(prefix: string): Promise<Array<{ name: string; payload: any }>>;
  close(): Promise<void>;
}

interface ReadingLike {
  deviceId: string;
  deviceType: string;
  property: string;
  ts: Date;
  value: number | string | boolean;
}

export async function openRulesKit(dialect: TestDialect): Promise<RulesKit> {
  const t = await openTestDatabase(dialect, [
    { name: 'kernel', migrations: kernelMigrations },
    { name: 'sensing-rules', migrations: rulesMigrations },
  ]);
  const clock = { now: T0 };
  const now = () => clock.now;
  const leases = new LeaseStore(t.db, `node-${Math.random().toString(36).slice(2, 8)}`, now);
  const events = new EventBus(t.db, leases, logger, now);
  const audit = new AuditLog(t.db, now);
  const jobs = new JobScheduler(leases, logger);
  const devices = new FakeDeviceDirectory();
  devices.add({ id: 'wl-001', type: 'WaterLevel', ...GRID_A, lon: 119.65, lat: 29.08 });
  devices.add({ id: 'wl-002', type: 'WaterLevel', ...GRID_B, lon: 119.71, lat: 29.12 });
  devices.add({ id: 'aq-001', type: 'AirQualityObserved', ...GRID_A, lon: 119.66, lat: 29.09 });
  const service = new RulesService({ db: t.db, audit, events, jobs, now, logger, devices });
  await service.start();
  return {
    t,
    service,
    devices,
    audit,
    events,
    jobs,
    clock,
    advance: (seconds) => {
      clock.now += seconds * 1000;
    },
    reading: (deviceId, property, value, deviceType) => ({
      deviceId,
      deviceType: deviceType ?? devices.devices.get(deviceId)?.type ?? 'Unknown',
      property,
      ts: new Date(clock.now),
      value,
    }),
    secondNode: async () => {
      const db2 = await t.reopen();
      const leases2 = new LeaseStore(db2, 'node-2', now);
      return new RulesService({
        db: db2,
        audit: new AuditLog(db2, now),
        events: new EventBus(db2, leases2, logger, now),
        jobs: new JobScheduler(leases2, logger),
        now,
        logger,
        devices,
      });
    },
    outbox: async (prefix) => {
      const rows = await t.db.kysely.selectFrom('kernel_outbox').selectAll().orderBy('id').execute();
      return rows.filter((r) => String(r.name).startsWith(prefix)).map((r) => ({ name: r.name as string, payload: JSON.parse(r.payload) }));
    },
    close: async () => {
      await service.stop();
      await jobs.stop();
      await t.close();
    },
  };
}

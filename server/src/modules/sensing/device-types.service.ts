/**
 * The thing-model registry: built-in types from code plus user-defined types from the database,
 * all answered from memory (ingestion looks a type up per message). A type created on another
 * node is found by reloading on a miss.
 */
import type { AuditLog } from '../../kernel/audit/audit-log.js';
import type { Database } from '../../kernel/db/database.js';
import { DomainError, type FieldError } from '../../kernel/errors.js';
import type { EventBus } from '../../kernel/events/event-bus.js';
import { BUILT_IN_CODES, BUILT_IN_TYPES } from './built-in-types.js';
import { DeviceTypesRepository } from './device-types.repository.js';
import { SENSING_EVENTS, type DeviceTypeCreatedV1 } from './events.js';
import {
  DEFAULT_RETENTION_DAYS,
  type AttributeDef,
  type CommandDef,
  type DeviceTypeDef,
  type EventDef,
  type PropertyDef,
} from './thing-model.js';

/** What `POST /sensing/device-types` takes. */
export interface CreateDeviceTypeInput {
  code: string;
  name: string;
  nameEn?: string;
  description?: string;
  properties: PropertyDef[];
  attributes?: AttributeDef[];
  events?: EventDef[];
  commands?: CommandDef[];
  defaultReportingIntervalSeconds?: number;
  retentionDays?: number;
}

/** What the thing-model registry is built on. */
export interface DeviceTypesDeps {
  db: Database;
  audit: AuditLog;
  events: EventBus;
  now: () => number;
}

/** The thing-model registry (built-in and user-defined types). */
export class DeviceTypesService {
  readonly #repo: DeviceTypesRepository;
  #user = new Map<string, DeviceTypeDef>();

  constructor(private readonly deps: DeviceTypesDeps) {
    this.#repo = new DeviceTypesRepository(deps.db);
  }

  /** Loads the user-defined types. */
  async start(): Promise<void> {
    await this.reload();
  }

  async reload(): Promise<void> {
    this.#user = new Map((await this.#repo.all()).map((t) => [t.code, t]));
  }

  /** Built-ins first (display order), then user types by code. */
  list(): DeviceTypeDef[] {
    return [...BUILT_IN_TYPES, ...[...this.#user.values()].sort((a, b) => (a.code < b.code ? -1 : 1))];
  }

  /** A type from memory. */
  get(code: string): DeviceTypeDef | undefined {
    return BUILT_IN_TYPES.find((t) => t.code === code) ?? this.#user.get(code);
  }

  /** A type, reloading once when another node may have created it. */
  async resolve(code: string): Promise<DeviceTypeDef | undefined> {
    const t = this.get(code);
    if (t) return t;
    if (!(await this.#repo.exists(code))) return undefined;
    await this.reload();
    return this.get(code);
  }

  /** Like {@link get} but a `not_found`. */
  require(code: string): DeviceTypeDef {
    const t = this.get(code);
    if (!t) throw new DomainError('not_found', `No device type ${code}`);
    return t;
  }

  /** Creates a user-defined type; 409 when the code is a built-in or taken. */
  async create(actor: string, input: CreateDeviceTypeInput): Promise<DeviceTypeDef> {
    checkDefinition(input);
    if (BUILT_IN_CODES.has(input.code)) throw new DomainError('conflict', `${input.code} is a built-in device type`);
    if (await this.#repo.exists(input.code)) throw new DomainError('conflict', `Device type ${input.code} exists already`);
    const type: DeviceTypeDef = {
      code: input.code,
      name: input.name,
      ...(input.nameEn ? { nameEn: input.nameEn } : {}),
      ...(input.description ? { description: input.description } : {}),
      properties: input.properties,
      attributes: input.attributes ?? [],
      events: input.events ?? [],
      commands: input.commands ?? [],
      defaultReportingIntervalSeconds: input.defaultReportingIntervalSeconds ?? 300,
      retentionDays: input.retentionDays ?? DEFAULT_RETENTION_DAYS,
      builtIn: false,
    };
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      await this.#repo.insert(trx, type, new Date(this.deps.now()));
      await this.deps.audit.record(trx, {
        actor,
        action: 'sensing.device-type.created',
        target: `device-type:${type.code}`,
        detail: { name: type.name, properties: type.properties.map((p) => p.name) },
      });
      await this.deps.events.publish(trx, SENSING_EVENTS.deviceTypeCreated, {
        code: type.code,
        name: type.name,
      } satisfies DeviceTypeCreatedV1);
    });
    this.#user.set(type.code, type);
    return type;
  }
}

/** What the schema cannot say: unique names, min ≤ max. Every problem is reported at once. */
function checkDefinition(input: CreateDeviceTypeInput): void {
  const errors: FieldError[] = [];
  const unique = (list: Array<{ name: string }> | undefined, field: string) => {
    const seen = new Set<string>();
    (list ?? []).forEach((item, i) => {
      if (seen.has(item.name)) errors.push({ path: `/body/${field}/${i}/name`, message: `${item.name} appears twice` });
      seen.add(item.name);
    });
  };
  unique(input.properties, 'properties');
  unique(input.attributes, 'attributes');
  unique(input.events, 'events');
  unique(input.commands, 'commands');
  input.properties.forEach((p, i) => {
    if (p.min !== undefined && p.max !== undefined && p.min > p.max) {
      errors.push({ path: `/body/properties/${i}/max`, message: `must not be below min (${p.min})` });
    }
    if (p.type !== 'number' && (p.min !== undefined || p.max !== undefined || p.integer)) {
      errors.push({ path: `/body/properties/${i}/type`, message: 'min, max and integer apply to number properties only' });
    }
  });
  if (errors.length) throw new DomainError('invalid', errors.map((e) => `${e.path} ${e.message}`).join('; '), errors);
}

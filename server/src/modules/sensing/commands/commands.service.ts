/**
 * Downlink commands (下行指令): an operator sends a command of the device's thing model, the
 * platform publishes it QoS 1 on `devices/{id}/commands`, and the device answers on
 * `devices/{id}/commands/ack`. Every state change writes its audit record and its
 * `sensing.command.*.v1` event in one transaction; a leased job times out commands nobody
 * answered. Only an enabled, online device connected to the broker gets a command: anything
 * else is a 409 that says why, instead of a command that can only time out.
 */
import type { Logger } from 'pino';
import type { AuditLog } from '../../../kernel/audit/audit-log.js';
import type { Database } from '../../../kernel/db/database.js';
import { DomainError } from '../../../kernel/errors.js';
import type { EventBus } from '../../../kernel/events/event-bus.js';
import { decodeCursor, encodeCursor } from '../../../kernel/http/list-cursor.js';
import { newId } from '../../../kernel/ids.js';
import type { DeviceTypesService } from '../device-types.service.js';
import { deviceTopic } from '../mqtt/device-topics.js';
import type { DeviceView } from '../sensing-types.js';
import { parseCommandAck } from './command-ack.js';
import { checkCommand } from './command-params.js';
import type { CommandMessage, CommandParamValue, CommandStatus, CommandView } from './command-types.js';
import type { CommandRecord, CommandsRepository } from './commands.repository.js';
import { COMMAND_EVENTS, type CommandEventV1 } from './events.js';

/** Seconds a device has to answer when the request does not say. */
export const DEFAULT_COMMAND_TIMEOUT_S = 60;
/** Longest timeout a request may ask for. */
export const MAX_COMMAND_TIMEOUT_S = 86_400;
/** Commands timed out per job run (the rest next run). */
const EXPIRE_BATCH = 500;

/** How commands leave the platform: the embedded broker or the platform's client of an external one. */
export interface CommandPublisher {
  /** Publishes QoS 1; resolves once the broker has taken the message. */
  publish(topic: string, payload: string): Promise<void>;
  /** Whether the device holds an MQTT connection now; null when the broker cannot tell (external). */
  connected(deviceId: string): boolean | null;
}

/** What a request to send asks for. */
export interface SendCommandInput {
  name: string;
  params?: Record<string, unknown>;
  timeoutSeconds?: number;
}

/** What the command service is built on. */
export interface CommandsServiceDeps {
  db: Database;
  audit: AuditLog;
  events: EventBus;
  logger: Logger;
  now: () => number;
  types: Pick<DeviceTypesService, 'resolve'>;
  devices: { find(id: string): Promise<DeviceView | null> };
  repo: CommandsRepository;
  /** Null when this process runs no broker connection (one-shot CLI commands). */
  publisher: () => CommandPublisher | null;
}

/** Sends commands, records answers, times out the unanswered. */
export class CommandsService {
  constructor(private readonly deps: CommandsServiceDeps) {}

  /** Sends a command to a device; resolves once the broker took it (status `sent`). */
  async send(actor: string, deviceId: string, input: SendCommandInput): Promise<CommandView> {
    const device = await this.deps.devices.find(deviceId);
    if (!device) throw new DomainError('not_found', `No device ${deviceId}`);
    const type = await this.deps.types.resolve(device.type);
    if (!type) throw new DomainError('unavailable', `The thing model ${device.type} of device ${deviceId} is missing`);
    const params = input.params ?? {};
    const problems = checkCommand(type, input.name, params);
    if (problems.length) throw new DomainError('invalid', `The command does not fit the thing model ${type.code}`, problems);
    if (!device.enabled) throw new DomainError('conflict', `Device ${deviceId} is disabled; enable it before sending it commands`);
    if (device.state === 'offline') {
      const since = device.lastSeenAt ? `last heard from at ${device.lastSeenAt}` : 'it never reported';
      throw new DomainError('conflict', `Device ${deviceId} is offline (${since}); it would not receive the command`);
    }
    const publisher = this.deps.publisher();
    if (!publisher) throw new DomainError('unavailable', 'This node has no MQTT broker connection to send commands through');
    if (publisher.connected(deviceId) === false) {
      throw new DomainError(
        'conflict',
        `Device ${deviceId} is not connected to the MQTT broker; a device receives commands by subscribing to ${deviceTopic(deviceId, 'commands')}`,
      );
    }

    const now = this.deps.now();
    const record: CommandRecord = {
      id: newId(now),
      deviceId,
      deviceType: device.type,
      name: input.name,
      params: params as Record<string, CommandParamValue>,
      status: 'pending',
      createdBy: actor,
      createdAt: new Date(now),
      sentAt: null,
      expiresAt: new Date(now + (input.timeoutSeconds ?? DEFAULT_COMMAND_TIMEOUT_S) * 1000),
      completedAt: null,
      result: null,
      message: null,
    };
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      await this.deps.repo.insert(trx, record);
      await this.deps.audit.record(trx, {
        actor,
        action: 'sensing.command.created',
        target: `device:${deviceId}`,
        detail: { commandId: record.id, name: record.name, params: record.params },
      });
    });
    const message: CommandMessage = { id: record.id, name: record.name, params: record.params, ts: record.createdAt.toISOString() };
    try {
      await publisher.publish(deviceTopic(deviceId, 'commands'), JSON.stringify(message));
    } catch (e) {
      const reason = `the broker did not take the command: ${(e as Error).message}`;
      await this.#finish(record, 'failed', ['pending'], { actor: 'system', message: reason });
      throw new DomainError('unavailable', `Command ${record.id} could not be sent (${reason}); send it again`);
    }
    const sentAt = new Date(this.deps.now());
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      // A quick device may have answered already; then `sent` is history and changes nothing.
      if (await this.deps.repo.transition(trx, deviceId, record.id, { to: 'sent', from: ['pending'], at: sentAt, sentAt })) {
        await this.deps.events.publish(trx, COMMAND_EVENTS.sent, this.#event(record, 'sent', sentAt, null));
      }
    });
    return this.get(deviceId, record.id);
  }

  /** One command of a device. */
  async get(deviceId: string, id: string): Promise<CommandView> {
    const c = await this.deps.repo.find(deviceId, id);
    if (!c) throw new DomainError('not_found', `No command ${id} of device ${deviceId}`);
    return this.deps.repo.toView(c);
  }

  /** A device's commands, newest first. */
  async list(
    deviceId: string,
    opts: { limit: number; cursor?: string; status?: CommandStatus },
  ): Promise<{ items: CommandView[]; next: string | null }> {
    if (!(await this.deps.devices.find(deviceId))) throw new DomainError('not_found', `No device ${deviceId}`);
    const rows = await this.deps.repo.page(deviceId, { limit: opts.limit, beforeId: decodeCursor(opts.cursor), status: opts.status });
    const next = rows.length === opts.limit ? encodeCursor(rows[rows.length - 1]!.id) : null;
    return { items: rows.map((r) => this.deps.repo.toView(r)), next };
  }

  /**
   * Records a device's answer. Only the device's own commands can be answered (another id is
   * `not_found`), and only while open (an answer after a timeout is a `conflict`).
   */
  async acknowledge(deviceId: string, input: unknown): Promise<CommandView> {
    const parsed = parseCommandAck(input);
    if (!parsed.ack) throw new DomainError('invalid', 'This is not a command answer', parsed.errors);
    const ack = parsed.ack;
    const command = await this.deps.repo.find(deviceId, ack.id);
    if (!command) throw new DomainError('not_found', `No command ${ack.id} of device ${deviceId}`);
    const done = await this.#finish(command, ack.status === 'ok' ? 'acknowledged' : 'failed', ['pending', 'sent'], {
      actor: `device:${deviceId}`,
      message: ack.message ?? null,
      result: ack.result ?? null,
    });
    if (!done) {
      const now = await this.deps.repo.find(deviceId, ack.id);
      throw new DomainError('conflict', `Command ${ack.id} is ${now?.status ?? 'gone'}; the answer came too late and was not recorded`);
    }
    return this.get(deviceId, ack.id);
  }

  /** Times out open commands past their deadline; returns how many (the leased job calls this). */
  async expire(): Promise<number> {
    const overdue = await this.deps.repo.overdue(new Date(this.deps.now()), EXPIRE_BATCH);
    let n = 0;
    for (const c of overdue) {
      const seconds = Math.round((c.expiresAt.getTime() - c.createdAt.getTime()) / 1000);
      if (await this.#finish(c, 'timed_out', ['pending', 'sent'], { actor: 'system', message: `no answer within ${seconds} s` })) n++;
    }
    return n;
  }

  /** Commands per status (for /metrics). */
  countByStatus(): Promise<Record<string, number>> {
    return this.deps.repo.countByStatus();
  }

  /** Moves an open command to a final state with audit and event; false when it was no longer in `from`. */
  async #finish(
    c: CommandRecord,
    to: 'acknowledged' | 'failed' | 'timed_out',
    from: readonly CommandStatus[],
    how: { actor: string; message: string | null; result?: Record<string, unknown> | null },
  ): Promise<boolean> {
    const at = new Date(this.deps.now());
    return this.deps.db.kysely.transaction().execute(async (trx) => {
      const changed = await this.deps.repo.transition(trx, c.deviceId, c.id, {
        to,
        from,
        at,
        completedAt: at,
        message: how.message,
        ...(how.result !== undefined ? { result: how.result } : {}),
      });
      if (!changed) return false;
      await this.deps.audit.record(trx, {
        actor: how.actor,
        action: `sensing.command.${to === 'timed_out' ? 'timed-out' : to}`,
        target: `device:${c.deviceId}`,
        detail: { commandId: c.id, name: c.name, ...(how.message ? { message: how.message } : {}) },
      });
      const name = to === 'acknowledged' ? COMMAND_EVENTS.acknowledged : to === 'failed' ? COMMAND_EVENTS.failed : COMMAND_EVENTS.timedOut;
      await this.deps.events.publish(trx, name, this.#event(c, to, at, how.message));
      return true;
    });
  }

  #event(c: CommandRecord, status: CommandStatus, at: Date, message: string | null): CommandEventV1 {
    return { commandId: c.id, deviceId: c.deviceId, deviceType: c.deviceType, name: c.name, status, at: at.toISOString(), message };
  }
}

/**
 * What happens to a message a device published, whichever broker carried it: telemetry is
 * ingested (a payload that is not JSON is recorded as a refusal and dropped, the connection
 * stays), events are stored, answers to commands are recorded (an answer that fits no open command
 * of the device is logged and dropped). The returned promise settles once everything is durable, so the
 * broker acknowledges (PUBACK) only then; it rejects when nothing could be stored.
 */
import type { Logger } from 'pino';
import { isDomainError } from '../../../kernel/errors.js';
import type { CommandsService } from '../commands/commands.service.js';
import type { DeviceEventsService } from '../device-events.service.js';
import type { IngestService } from '../ingest.service.js';
import { parsePayload, type DeviceChannel } from './device-topics.js';

/** Routes a device's MQTT message to ingestion or device events. */
export class DeviceMessages {
  constructor(
    private readonly ingest: IngestService,
    private readonly events: DeviceEventsService,
    private readonly commands: Pick<CommandsService, 'acknowledge'>,
    private readonly logger: Logger,
  ) {}

  /** Handles one message of `deviceId` on `channel` (never `commands`: devices only receive those). */
  async handle(deviceId: string, channel: Exclude<DeviceChannel, 'commands'>, payload: Buffer | string): Promise<void> {
    const parsed = parsePayload(payload);
    if (channel === 'commands/ack') return this.#ack(deviceId, parsed.ok ? parsed.value : payload);
    if (!parsed.ok) {
      const excerpt = (typeof payload === 'string' ? payload : payload.toString('utf8')).slice(0, 300);
      await this.ingest.reject(deviceId, { index: 0, property: null, reason: parsed.reason }, 'mqtt', excerpt);
      return;
    }
    if (channel === 'telemetry') await this.ingest.ingest(deviceId, parsed.value, { channel: 'mqtt' });
    else await this.events.record(deviceId, parsed.value, { channel: 'mqtt' });
  }

  async #ack(deviceId: string, answer: unknown): Promise<void> {
    try {
      await this.commands.acknowledge(deviceId, answer);
    } catch (e) {
      // A wrong answer cannot be fixed by resending it: acknowledge the MQTT message and drop it.
      if (!isDomainError(e) || e.code === 'unavailable') throw e;
      this.logger.warn({ deviceId, reason: e.message, errors: e.errors }, 'command answer dropped');
    }
  }
}

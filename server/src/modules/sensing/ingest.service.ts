/**
 * Telemetry ingestion, the one path for HTTP and MQTT: look the device up (memory), validate the
 * readings against its thing model, queue the good values and the refusals for the next group
 * commit, and answer only once that commit is durable. After each commit the accepted values go
 * to the `onReadings` listeners (the rule engine), and devices that were offline are announced
 * online in the same transaction that stored their reading.
 */
import type { Logger } from 'pino';
import type { Database } from '../../kernel/db/database.js';
import { DomainError } from '../../kernel/errors.js';
import type { EventBus } from '../../kernel/events/event-bus.js';
import type { DeviceCache } from './device-cache.js';
import type { DeviceTypesService } from './device-types.service.js';
import { SENSING_EVENTS, type DeviceOnlineV1 } from './events.js';
import { GroupCommit, GroupCommitClosedError } from './group-commit.js';
import { offlineAfter } from './liveness.js';
import { validateReadings, type ValidPoint } from './reading-validator.js';
import type { AcceptedReading, IngestResult, IngestSource, ReadingsListener, Rejection } from './sensing-types.js';
import type { CommitBatch, PointRow, RejectionRow, SeenRow, TelemetryWriter } from './telemetry-writer.js';

/** Characters of the sent payload kept with a refusal, for diagnosis. */
const EXCERPT_CHARS = 300;

/** One caller's share of a commit. */
interface IngestWork {
  deviceId: string;
  deviceType: string;
  points: ValidPoint[];
  rejections: Rejection[];
  excerpt: string | null;
  channel: string;
  receivedAt: number;
  offlineAfter: number;
}

/** What ingestion is built on. */
export interface IngestDeps {
  db: Database;
  events: EventBus;
  logger: Logger;
  now: () => number;
  types: DeviceTypesService;
  cache: DeviceCache;
  writer: TelemetryWriter;
}

/** Group-commit tuning: see group-commit.ts. A lone reading waits at most 2 ms for company. */
const COMMIT_OPTIONS = { lingerMs: 2, maxWeight: 4_000, maxBatchWeight: 20_000 };

/** Validates readings and stores them by group commit; tells listeners after each commit. */
export class IngestService {
  readonly #committer: GroupCommit<IngestWork, void>;
  readonly #listeners = new Set<ReadingsListener>();
  /** Running totals since start, for /metrics. */
  readonly #totals = { accepted: 0, rejected: 0, commits: 0, lastBatch: 0 };

  constructor(private readonly deps: IngestDeps) {
    this.#committer = new GroupCommit((works) => this.#commit(works), COMMIT_OPTIONS);
  }

  /** Registers a listener of accepted readings (called after each durable commit); returns its removal. */
  onReadings(listener: ReadingsListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Validates and stores one reading or an array of readings of a device. Resolves after the
   * accepted values and the refusals are durable. Throws `not_found` for an unknown device,
   * `forbidden` for a disabled one, `unavailable` when the database cannot take the write.
   */
  async ingest(deviceId: string, input: unknown, source: IngestSource): Promise<IngestResult> {
    const device = await this.deps.cache.get(deviceId);
    if (!device) throw new DomainError('not_found', `No device ${deviceId}`);
    if (!device.enabled) throw new DomainError('forbidden', `Device ${deviceId} is disabled; its readings are refused`);
    const type = await this.deps.types.resolve(device.type);
    if (!type) throw new DomainError('unavailable', `The thing model ${device.type} of device ${deviceId} is missing`);
    const receivedAt = this.deps.now();
    const { points, rejected } = validateReadings(input, type, receivedAt);
    await this.#submit({
      deviceId,
      deviceType: device.type,
      points,
      rejections: rejected,
      excerpt: rejected.length > 0 ? excerptOf(input) : null,
      channel: source.channel,
      receivedAt,
      offlineAfter: offlineAfter(receivedAt, device.intervalS),
    });
    return { accepted: points.length, rejected };
  }

  /** Records a refusal of something that never became readings (an MQTT payload that is not JSON). */
  async reject(deviceId: string, rejection: Rejection, channel: IngestSource['channel'], excerpt: string | null): Promise<void> {
    const receivedAt = this.deps.now();
    await this.#submit({
      deviceId,
      deviceType: '',
      points: [],
      rejections: [rejection],
      excerpt: excerpt === null ? null : excerpt.slice(0, EXCERPT_CHARS),
      channel,
      receivedAt,
      offlineAfter: receivedAt,
    });
  }

  /** Values stored and refused, commits and the size of the last one since start, and submissions waiting now. */
  stats(): { accepted: number; rejected: number; commits: number; lastBatch: number; queued: number } {
    return { ...this.#totals, queued: this.#committer.pending };
  }

  /** Waits until every queued reading is committed. */
  drain(): Promise<void> {
    return this.#committer.drain();
  }

  /** Stops taking readings and commits the queued ones (shutdown). */
  close(): Promise<void> {
    return this.#committer.close();
  }

  async #submit(work: IngestWork): Promise<void> {
    if (work.points.length === 0 && work.rejections.length === 0) return;
    try {
      await this.#committer.submit(work, work.points.length + work.rejections.length);
    } catch (e) {
      if (e instanceof GroupCommitClosedError)
        throw new DomainError('unavailable', 'The platform is shutting down; send the readings again');
      this.deps.logger.error({ err: e, deviceId: work.deviceId }, 'telemetry commit failed');
      throw new DomainError('unavailable', 'The readings could not be stored; nothing was kept, send them again');
    }
  }

  async #commit(works: IngestWork[]): Promise<void[]> {
    const points: PointRow[] = [];
    const rejections: RejectionRow[] = [];
    const seen = new Map<string, SeenRow>();
    const typeOf = new Map<string, string>();
    for (const w of works) {
      for (const p of w.points) points.push({ deviceId: w.deviceId, property: p.property, ts: p.ts, num: p.num, text: p.text });
      for (const r of w.rejections) {
        rejections.push({
          deviceId: w.deviceId,
          receivedAt: w.receivedAt,
          channel: w.channel,
          index: r.index,
          property: r.property,
          reason: r.reason,
          excerpt: w.excerpt,
        });
      }
      if (w.points.length > 0) {
        // Liveness is the server's receive time, never the reading's own timestamp.
        const s = seen.get(w.deviceId);
        if (!s || w.receivedAt >= s.receivedAt)
          seen.set(w.deviceId, { deviceId: w.deviceId, receivedAt: w.receivedAt, offlineAfter: w.offlineAfter });
        typeOf.set(w.deviceId, w.deviceType);
      }
    }
    const batch: CommitBatch = { points, rejections, seen: [...seen.values()] };
    const at = new Date(this.deps.now()).toISOString();
    const outcome = await this.deps.db.kysely.transaction().execute(async (trx) => {
      const out = await this.deps.writer.write(trx, batch);
      for (const deviceId of out.cameOnline) {
        await this.deps.events.publish(trx, SENSING_EVENTS.deviceOnline, {
          deviceId,
          type: typeOf.get(deviceId) ?? '',
          at,
          offlineSince: null,
        } satisfies DeviceOnlineV1);
      }
      return out;
    });
    this.#totals.accepted += points.length;
    this.#totals.rejected += rejections.length;
    this.#totals.commits++;
    this.#totals.lastBatch = points.length + rejections.length;
    if (this.#listeners.size > 0) this.#notify(works, outcome.inserted);
    return works.map(() => undefined);
  }

  #notify(works: IngestWork[], inserted: Uint8Array): void {
    const accepted: AcceptedReading[] = [];
    let i = 0;
    for (const w of works) {
      for (const p of w.points) {
        if (inserted[i++]) {
          accepted.push({
            deviceId: w.deviceId,
            deviceType: w.deviceType,
            property: p.property,
            ts: p.ts,
            value: p.value,
            receivedAt: w.receivedAt,
          });
        }
      }
    }
    if (accepted.length === 0) return;
    for (const l of this.#listeners) {
      try {
        l(accepted);
      } catch (e) {
        this.deps.logger.error({ err: e }, 'a readings listener failed');
      }
    }
  }
}

function excerptOf(input: unknown): string | null {
  try {
    const s = JSON.stringify(input);
    return s === undefined ? null : s.slice(0, EXCERPT_CHARS);
  } catch {
    return null;
  }
}

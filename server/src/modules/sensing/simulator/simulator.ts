/**
 * The simulator that keeps the demo city alive (`zhicheng simulate`, and in the platform process
 * by default with the demo city): one MQTT connection per device, each device reporting on its
 * own reporting interval (divided by `rate`), at most `maxPerSecond` readings a second in total,
 * about 1 % of devices silent at any time so offline detection has something to show.
 *
 * @example
 * const sim = new Simulator({ url: 'mqtt://127.0.0.1:1883', devices, typeOf, tokenOf: (id) => demoDeviceToken(secret, id) });
 * await sim.start();
 * sim.stats(); // { devices: 2000, connected: 2000, published: 12, acked: 12, … }
 * await sim.stop();
 */
import { randomBytes } from 'node:crypto';
import type { DeviceTypeDef } from '../thing-model.js';
import { isSilent, type SimDevice } from './device-signals.js';
import { unit } from './sim-noise.js';
import { SimulatedDevice, type DeviceCounters } from './simulated-device.js';

/** What to simulate and how fast. */
export interface SimulatorOptions {
  /** Broker URL (`mqtt://host:port`), without credentials: each device signs in as itself. */
  url: string;
  devices: ReadonlyArray<SimDevice & { intervalS: number }>;
  /** The thing model of a type code (devices of unknown types are left out). */
  typeOf: (code: string) => DeviceTypeDef | undefined;
  tokenOf: (deviceId: string) => string;
  /** Reports per reporting interval (2 = twice as often as the device's interval). Default 1. */
  rate?: number;
  /** Cap on readings published per second over all devices. Default 1,000. */
  maxPerSecond?: number;
  /** The clock of the signals and reading timestamps (tests move it). Default Date.now. */
  now?: () => number;
  /** Connections opened at once while starting. Default 100. */
  connectConcurrency?: number;
  /** Whether silent devices keep quiet (default true). */
  silence?: boolean;
}

/** Counters of a running simulation. */
export interface SimulatorStats extends DeviceCounters {
  devices: number;
  connected: number;
  refused: number;
  /** Devices keeping quiet right now. */
  silent: number;
}

/** Shortest gap between two readings of one device, whatever the rate. */
const MIN_GAP_MS = 200;
const TICK_MS = 100;
/** The first readings of all devices are spread over this, so a start is not a thundering herd. */
const FIRST_SPREAD_MS = 10_000;

/** Runs simulated devices against a broker until stopped. */
export class Simulator {
  readonly #devices: SimulatedDevice[] = [];
  readonly #counters: DeviceCounters = { published: 0, acked: 0, failed: 0, commands: 0 };
  readonly #rate: number;
  readonly #maxPerSecond: number;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | null = null;
  #budget = 0;
  #lastTick = 0;
  #stopped = false;
  /** Where the next tick starts, so a capped rate serves every device in turn. */
  #cursor = 0;
  readonly #tag = randomBytes(3).toString('hex');

  constructor(private readonly opts: SimulatorOptions) {
    this.#rate = opts.rate ?? 1;
    this.#maxPerSecond = opts.maxPerSecond ?? 1_000;
    if (!(this.#rate > 0)) throw new Error('rate must be above 0');
    if (!(this.#maxPerSecond > 0)) throw new Error('maxPerSecond must be above 0');
    this.#now = opts.now ?? Date.now;
    for (const d of opts.devices) {
      const type = opts.typeOf(d.type);
      if (type) this.#devices.push(new SimulatedDevice(d, type, this.#counters, this.#now));
    }
  }

  /** Connects every device (in waves) and starts reporting; resolves once every device tried once. */
  async start(): Promise<void> {
    const wall = Date.now();
    for (const d of this.#devices) {
      d.nextDue = wall + unit('phase', d.device.id) * Math.min(this.#gapMs(d), FIRST_SPREAD_MS);
    }
    this.#lastTick = wall;
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
    this.#timer.unref();
    const wave = this.opts.connectConcurrency ?? 100;
    for (let i = 0; i < this.#devices.length && !this.#stopped; i += wave) {
      const batch = this.#devices.slice(i, i + wave);
      await Promise.all(batch.map((d) => d.connect(this.opts.url, this.opts.tokenOf(d.device.id), this.#tag)));
      // A broker that answers none of the first wave is not there: say so instead of trying 2,000 times.
      if (i === 0 && batch.every((d) => d.status === 'connecting')) {
        await this.stop();
        throw new Error(`no device could connect to ${this.opts.url}; is the broker running there?`);
      }
    }
  }

  /** Disconnects every device. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await Promise.all(this.#devices.map((d) => d.close()));
  }

  /** Counters so far. */
  stats(): SimulatorStats {
    let connected = 0;
    let refused = 0;
    let silent = 0;
    const t = this.#now();
    for (const d of this.#devices) {
      if (d.status === 'connected') connected++;
      else if (d.status === 'refused') refused++;
      if (this.opts.silence !== false && isSilent(d.device.id, t)) silent++;
    }
    return { devices: this.#devices.length, connected, refused, silent, ...this.#counters };
  }

  /** Devices whose credentials the broker refused, with the reason (first few). */
  refusals(max = 5): Array<{ id: string; reason: string }> {
    return this.#devices
      .filter((d) => d.status === 'refused')
      .slice(0, max)
      .map((d) => ({ id: d.device.id, reason: d.refusal ?? '' }));
  }

  #gapMs(d: SimulatedDevice): number {
    return Math.max(MIN_GAP_MS, (d.device.intervalS * 1000) / this.#rate);
  }

  #tick(): void {
    const wall = Date.now();
    this.#budget = Math.min(this.#maxPerSecond, this.#budget + ((wall - this.#lastTick) / 1000) * this.#maxPerSecond);
    this.#lastTick = wall;
    const t = this.#now();
    const n = this.#devices.length;
    for (let i = 0; i < n; i++) {
      if (this.#budget < 1) break;
      const d = this.#devices[(this.#cursor + i) % n]!;
      if (d.nextDue > wall || d.status !== 'connected') continue;
      d.nextDue = wall + this.#gapMs(d);
      this.#cursor = (this.#cursor + i + 1) % n;
      if (this.opts.silence !== false && isSilent(d.device.id, t)) continue;
      if (d.publish()) this.#budget--;
    }
  }
}

/**
 * One simulated device on its own MQTT connection, as a real one would be: username = device id,
 * password = its token, telemetry QoS 1 on `devices/{id}/telemetry`, commands received on
 * `devices/{id}/commands` and answered on `devices/{id}/commands/ack`, events of the thing model
 * on `devices/{id}/events` when a cover opens or a lamp fails. A streetlight follows a
 * `dim` or `switch` command for an hour and reports its new state at once.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { DeviceTypeDef } from '../thing-model.js';
import { HOUR_MS, localDay } from './city-clock.js';
import { readingFor, type SimDevice, type SimDeviceState, type SimValues } from './device-signals.js';

/** How long an operator's streetlight command holds before the schedule takes over again. */
export const LIGHT_OVERRIDE_MS = HOUR_MS;

/** Counters the simulator adds up. */
export interface DeviceCounters {
  published: number;
  acked: number;
  failed: number;
  commands: number;
}

/** A command as the platform sends it. */
interface Incoming {
  id?: unknown;
  name?: unknown;
  params?: unknown;
}

/** A device of the simulation with its connection and command state. */
export class SimulatedDevice {
  client: MqttClient | null = null;
  /** `refused` once the broker rejected the credentials (no retry: the token will not change by itself). */
  status: 'idle' | 'connecting' | 'connected' | 'refused' | 'closed' = 'idle';
  refusal: string | null = null;
  nextDue = 0;
  inFlight = false;
  readonly state: SimDeviceState = {};
  /** The previous reading, to notice a state starting (null before the first). */
  #last: SimValues | null = null;

  constructor(
    readonly device: SimDevice & { intervalS: number },
    readonly type: DeviceTypeDef,
    private readonly counters: DeviceCounters,
    private readonly now: () => number,
  ) {}

  /** Connects; resolves once connected, refused, failed or timed out this time (mqtt.js keeps retrying). */
  connect(url: string, token: string, clientTag: string, timeoutMs = 15_000): Promise<void> {
    this.status = 'connecting';
    const id = this.device.id;
    const client = mqtt.connect(url, {
      username: id,
      password: token,
      // A tag per simulator: two simulators of one device must not take over each other's session.
      clientId: `sim-${clientTag}-${id}`,
      clean: true,
      keepalive: 120,
      // Spread reconnects of 2,000 devices after a broker restart.
      reconnectPeriod: 4_000 + Math.floor(Math.random() * 4_000),
      connectTimeout: timeoutMs,
      protocolVersion: 4,
    });
    this.client = client;
    client.on('message', (topic, payload) => this.#onCommand(topic, payload));
    client.on('connect', () => {
      this.status = 'connected';
      client.subscribe(`devices/${id}/commands`, { qos: 1 }, () => {});
    });
    client.on('close', () => {
      if (this.status === 'connected') this.status = 'connecting';
    });
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      client.once('connect', done);
      client.once('close', done);
      client.on('error', (err: Error & { code?: number }) => {
        // CONNACK 4 (bad user name or password) and 5 (not authorised) will not heal by retrying.
        if (err.code === 4 || err.code === 5) {
          this.status = 'refused';
          this.refusal = err.message;
          client.end(true);
        }
        // Either way the first attempt is over; mqtt.js keeps retrying a broker that is not there yet.
        done();
      });
    });
  }

  /** Publishes the current reading QoS 1 (skipped while the previous one awaits its PUBACK). */
  publish(): boolean {
    const client = this.client;
    if (!client || this.status !== 'connected' || this.inFlight) return false;
    const ts = this.now();
    const values = readingFor(this.device, this.type, ts, this.state);
    this.inFlight = true;
    this.counters.published++;
    client.publish(`devices/${this.device.id}/telemetry`, JSON.stringify({ ts, values }), { qos: 1 }, (err) => {
      this.inFlight = false;
      if (err) this.counters.failed++;
      else this.counters.acked++;
    });
    this.#reportEvents(client, ts, values);
    this.#last = values;
    return true;
  }

  /** Reports the thing model's events when a state starts: a cover opened, a lamp failed. */
  #reportEvents(client: MqttClient, ts: number, values: SimValues): void {
    const starts = (key: string) => values[key] === true && this.#last !== null && this.#last[key] !== true;
    const events: Array<{ event: string; data: Record<string, unknown> }> = [];
    if (this.device.type === 'ManholeCover' && starts('open')) events.push({ event: 'opened', data: { tilt: values.tilt } });
    if (this.device.type === 'Streetlight' && starts('fault')) events.push({ event: 'lampFailure', data: {} });
    for (const e of events) {
      if (!this.type.events.some((d) => d.name === e.event)) continue;
      client.publish(`devices/${this.device.id}/events`, JSON.stringify({ ts, ...e }), { qos: 1 });
    }
  }

  /** Closes the connection. */
  async close(): Promise<void> {
    const c = this.client;
    this.client = null;
    this.status = 'closed';
    if (c) await c.endAsync(true).catch(() => {});
  }

  #onCommand(topic: string, payload: Buffer): void {
    if (topic !== `devices/${this.device.id}/commands`) return;
    let cmd: Incoming;
    try {
      cmd = JSON.parse(payload.toString('utf8')) as Incoming;
    } catch {
      return;
    }
    if (typeof cmd.id !== 'string' || typeof cmd.name !== 'string') return;
    this.counters.commands++;
    const params = (typeof cmd.params === 'object' && cmd.params !== null ? cmd.params : {}) as Record<string, unknown>;
    const outcome = this.#apply(cmd.name, params);
    const answer = outcome.ok
      ? { id: cmd.id, status: 'ok', result: outcome.result }
      : { id: cmd.id, status: 'failed', message: outcome.message };
    this.client?.publish(`devices/${this.device.id}/commands/ack`, JSON.stringify(answer), { qos: 1 }, () => {
      // Report the new state right away, as a real controller does after switching.
      if (outcome.ok && outcome.report) this.publish();
    });
  }

  #apply(
    name: string,
    params: Record<string, unknown>,
  ): { ok: true; result: Record<string, unknown>; report: boolean } | { ok: false; message: string } {
    const now = this.now();
    const type = this.device.type;
    if (type === 'Streetlight' && name === 'dim' && typeof params.level === 'number') {
      const level = Math.max(0, Math.min(100, Math.round(params.level)));
      this.state.light = { on: level > 0, dimming: level, until: now + LIGHT_OVERRIDE_MS };
      return { ok: true, result: { on: level > 0, dimming: level }, report: true };
    }
    if (type === 'Streetlight' && name === 'switch' && typeof params.on === 'boolean') {
      const dimming = params.on ? (this.state.light?.on ? this.state.light.dimming : 100) : 0;
      this.state.light = { on: params.on, dimming, until: now + LIGHT_OVERRIDE_MS };
      return { ok: true, result: { on: params.on, dimming }, report: true };
    }
    if (type === 'ManholeCover' && name === 'resetAlarm') {
      this.state.resetDay = localDay(now);
      return { ok: true, result: {}, report: true };
    }
    if (this.type.commands.some((c) => c.name === name)) return { ok: true, result: {}, report: false };
    return { ok: false, message: `the simulated ${type} does not support ${name}` };
  }
}

/**
 * The load of the ingest benchmark: N MQTT clients, one per device, each keeping a window of
 * QoS 1 readings in flight (publish, wait for the PUBACK, publish the next) for a fixed time.
 * Each reading carries 3 values and its own timestamp (unique per device, so none is a
 * duplicate). Returns PUBACKs counted after a warm-up and every publish → PUBACK latency.
 */
import mqtt, { type MqttClient } from 'mqtt';

/** How to load the broker. */
export interface LoadOptions {
  url: string;
  /** Device ids with their tokens (null: the broker takes anyone). */
  devices: Array<{ id: string; token: string | null }>;
  seconds: number;
  warmupSeconds: number;
  /** Unacknowledged readings per client. */
  window: number;
}

/** What a load run measured. */
export interface LoadResult {
  /** PUBACKs inside the measured window. */
  acked: number;
  /** Measured seconds. */
  seconds: number;
  /** Publish → PUBACK latencies (ms) inside the measured window, sorted. */
  latencies: Float64Array;
  /** PUBACKs of every reading, per device (for checking what was stored). */
  perDevice: Map<string, number>;
  errors: number;
}

/** Values in each published reading (pm25, pm10, o3). */
export const VALUES_PER_READING = 3;

/** Runs the load and resolves when every client has ended. */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const clients = await Promise.all(
    o.devices.map((d) =>
      mqtt.connectAsync(o.url, {
        clientId: d.id,
        ...(d.token ? { username: d.id, password: d.token } : {}),
        reconnectPeriod: 0,
        connectTimeout: 10_000,
        protocolVersion: 4,
      }),
    ),
  );
  const latencies: number[] = [];
  const perDevice = new Map<string, number>();
  let acked = 0;
  let errors = 0;
  let measuring = false;
  let stopping = false;
  const firstTs = Date.now() - 30 * 60_000;

  const drive = (client: MqttClient, id: string) =>
    new Promise<void>((resolve) => {
      let seq = 0;
      let inFlight = 0;
      const topic = `devices/${id}/telemetry`;
      const next = () => {
        if (stopping) {
          if (inFlight === 0) resolve();
          return;
        }
        seq++;
        const payload = JSON.stringify({
          ts: firstTs + seq,
          values: { pm25: 20 + (seq % 50), pm10: 40 + (seq % 80), o3: 60 + (seq % 30) },
        });
        const sent = performance.now();
        inFlight++;
        client.publish(topic, payload, { qos: 1 }, (err) => {
          inFlight--;
          if (err) {
            errors++;
          } else {
            perDevice.set(id, (perDevice.get(id) ?? 0) + 1);
            if (measuring) {
              acked++;
              latencies.push(performance.now() - sent);
            }
          }
          next();
        });
      };
      for (let i = 0; i < o.window; i++) next();
    });

  const running = clients.map((c, i) => drive(c, o.devices[i]!.id));
  await sleep(o.warmupSeconds * 1000);
  measuring = true;
  const started = performance.now();
  await sleep(o.seconds * 1000);
  measuring = false;
  const seconds = (performance.now() - started) / 1000;
  stopping = true;
  await Promise.race([Promise.all(running), sleep(15_000)]);
  await Promise.all(clients.map((c) => c.endAsync(true).catch(() => {})));
  const sorted = Float64Array.from(latencies).sort();
  return { acked, seconds, latencies: sorted, perDevice, errors };
}

/** The q-quantile of sorted values. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

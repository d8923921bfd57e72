/**
 * No acknowledged reading is lost across a kill -9 (issue 3, bar "durability"). The platform runs
 * as a child process (`node --import tsx server/src/cli.ts start`, PORT=0, MQTT_PORT=0, its own
 * DATA_DIR or database). Several MQTT devices publish QoS 1 bursts while another device posts
 * over HTTP; every PUBACK'd message and every 2xx response is recorded; the child is killed with
 * SIGKILL mid-burst, started again, and every recorded reading must be stored. Messages without
 * an acknowledgement may or may not be there: that is the contract.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import mqtt, { type MqttClient } from 'mqtt';
import postgres from 'postgres';
import { openDatabase } from '../../src/kernel/db/database.js';
import { forEachDialect, TEST_ADMIN_PASSWORD, type TestApp, type TestDialect } from '../helpers/test-app.js';
import { createDevice, startTinyCity } from '../sensing/sensing-test-kit.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const MQTT_DEVICES = 6;
/** Messages each MQTT device keeps unacknowledged at once. */
const WINDOW = 40;
/** Acknowledged messages (all devices) after which the server is killed. */
const KILL_AFTER_ACKS = 3_000;
const BASE_TS = Date.parse('2026-11-20T00:00:00+08:00');

interface Child {
  proc: ChildProcess;
  httpUrl: string;
  mqttUrl: string;
  exited: Promise<void>;
}

/** Starts the platform CLI on the database and resolves once it announces HTTP and MQTT. */
function startChild(dataDir: string, databaseUrl: string | null): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      MQTT_PORT: '0',
      DATA_DIR: dataDir,
      ZC_DEMO: '0',
      ZC_SIMULATE: '0',
      ZC_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: '' }),
      MQTT_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    let httpUrl = '';
    let mqttUrl = '';
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`the platform did not start in 120 s\n${out}\n${err.slice(-3000)}`));
    }, 120_000);
    proc.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    proc.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      httpUrl ||= /Zhicheng ready on (http:\/\/\S+)/.exec(out)?.[1] ?? '';
      mqttUrl ||= /MQTT broker on (mqtt:\/\/\S+)/.exec(out)?.[1] ?? '';
      if (httpUrl && mqttUrl) {
        clearTimeout(timer);
        resolve({ proc, httpUrl: httpUrl.replace(/\/$/, ''), mqttUrl, exited });
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the platform exited (${code}) before it was ready\n${out}\n${err.slice(-3000)}`));
    });
  });
}

/** Publishes numbered QoS 1 readings until stopped; `acked` gets each PUBACK'd sequence number. */
function burst(url: string, deviceId: string, token: string, acked: number[]): { stop(): void; done: Promise<void> } {
  let stopped = false;
  let client: MqttClient | null = null;
  const done = (async () => {
    client = await mqtt.connectAsync(url, {
      username: deviceId,
      password: token,
      clientId: `${deviceId}-dur`,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
    });
    let seq = 0;
    await new Promise<void>((resolve) => {
      let inFlight = 0;
      const pump = () => {
        while (!stopped && inFlight < WINDOW && client!.connected) {
          const n = seq++;
          inFlight++;
          const payload = JSON.stringify({ ts: BASE_TS + n, values: { pm25: n % 900, pm10: (n * 7) % 900, o3: n % 1000 } });
          client!.publish(`devices/${deviceId}/telemetry`, payload, { qos: 1 }, (e) => {
            inFlight--;
            if (!e) acked.push(n);
            pump();
          });
        }
        if (stopped || !client!.connected) resolve();
      };
      client!.once('close', () => resolve());
      pump();
    });
  })();
  return {
    stop() {
      stopped = true;
      (client as MqttClient | null)?.end(true);
    },
    done: done.catch(() => {}),
  };
}

/** Posts numbered readings over HTTP in a loop; `ok` gets each sequence number answered 2xx. */
function httpBurst(url: string, deviceId: string, token: string, ok: number[]): { stop(): void; done: Promise<void> } {
  let stopped = false;
  const done = (async () => {
    for (let n = 0; !stopped; n++) {
      try {
        const res = await fetch(`${url}/api/v1/sensing/devices/${deviceId}/telemetry`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ ts: BASE_TS + n, values: { pm25: n % 900 } }),
        });
        if (res.status >= 200 && res.status < 300) ok.push(n);
        await res.arrayBuffer();
      } catch {
        return; // the server is gone
      }
    }
  })();
  return { stop: () => (stopped = true), done };
}

forEachDialect((dialect: TestDialect) => {
  describe(`no acknowledged reading is lost across kill -9 (${dialect})`, () => {
    let setup: TestApp;
    let dataDir = '';
    let databaseUrl: string | null = null;
    let child: Child | null = null;
    const devices: Array<{ id: string; token: string }> = [];

    before(async () => {
      // Devices are registered in-process on the tiny city, then the database is handed to the CLI.
      setup = await startTinyCity(dialect);
      for (let i = 0; i < MQTT_DEVICES + 1; i++) devices.push(await createDevice(setup, { id: `dur-${i}`, type: 'AirQualityObserved' }));
      dataDir = setup.dataDir;
      databaseUrl = setup.platform.ctx.config.databaseUrl;
      await setup.platform.stop();
    });

    after(async () => {
      if (child && child.proc.exitCode === null) {
        child.proc.kill('SIGKILL');
        await child.exited;
      }
      if (databaseUrl) {
        const name = new URL(databaseUrl).pathname.slice(1);
        const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
        await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
        await admin.end();
      }
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it('keeps every PUBACKed and every 2xx reading', { timeout: 300_000 }, async () => {
      child = await startChild(dataDir, databaseUrl);
      const acked: number[][] = devices.slice(0, MQTT_DEVICES).map(() => []);
      const httpOk: number[] = [];
      const bursts = devices.slice(0, MQTT_DEVICES).map((d, i) => burst(child!.mqttUrl, d.id, d.token, acked[i]!));
      const http = httpBurst(child.httpUrl, devices[MQTT_DEVICES]!.id, devices[MQTT_DEVICES]!.token, httpOk);
      const total = () => acked.reduce((n, a) => n + a.length, 0);
      const deadline = Date.now() + 60_000;
      while (total() < KILL_AFTER_ACKS || httpOk.length < 20) {
        if (Date.now() > deadline) throw new Error(`only ${total()} MQTT acks and ${httpOk.length} HTTP 2xx in 60 s`);
        await new Promise((r) => setTimeout(r, 5));
      }
      // Mid-burst: clients are still publishing when the process dies.
      child.proc.kill('SIGKILL');
      await child.exited;
      for (const b of bursts) b.stop();
      http.stop();
      await Promise.all([...bursts.map((b) => b.done), http.done]);
      const ackedTotal = total();
      assert.ok(ackedTotal >= KILL_AFTER_ACKS, `acknowledged ${ackedTotal}`);

      // Restart: the platform comes back on the same data and serves the readings.
      child = await startChild(dataDir, databaseUrl);
      const db = await openDatabase({ dataDir, databaseUrl });
      try {
        const expect = new Map<string, number[]>();
        devices.slice(0, MQTT_DEVICES).forEach((d, i) => expect.set(d.id, acked[i]!));
        expect.set(devices[MQTT_DEVICES]!.id, httpOk);
        for (const [deviceId, seqs] of expect) {
          const rows = await db.kysely
            .selectFrom('sensing_readings')
            .select(['ts', 'property', 'num_value'])
            .where('device_id', '=', deviceId)
            .where('property', '=', 'pm25')
            .execute();
          const stored = new Map(rows.map((r) => [db.sql.readTime(r.ts).getTime() - BASE_TS, Number(r.num_value)]));
          const missing = seqs.filter((n) => stored.get(n) !== n % 900);
          assert.deepEqual(missing.slice(0, 10), [], `${deviceId}: ${missing.length} of ${seqs.length} acknowledged readings missing`);
        }
        // Every property of an acknowledged MQTT message is there, not only the first.
        const pm10 = await db.kysely
          .selectFrom('sensing_readings')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('device_id', '=', devices[0]!.id)
          .where('property', '=', 'pm10')
          .executeTakeFirstOrThrow();
        assert.ok(Number(pm10.n) >= acked[0]!.length);
      } finally {
        await db.close();
      }
      child.proc.kill('SIGTERM');
      await child.exited;
    });
  });
});

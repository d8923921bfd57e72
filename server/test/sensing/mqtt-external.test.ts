/**
 * The external-broker mode (`MQTT_URL`) against a real Mosquitto: the platform subscribes with a
 * shared subscription and stores what devices publish there; a payload that is not JSON becomes
 * a refusal, and a message of an unknown device is dropped without stalling the bridge. Runs
 * when `mosquitto` is installed (skips loudly otherwise); SQLite only, as the bridge does not
 * touch the database differently from the embedded broker.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import { warnOnce, type TestApp } from '../helpers/test-app.js';
import { call, createDevice, startTinyCity } from './sensing-test-kit.js';

const MOSQUITTO = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto', '/usr/local/sbin/mosquitto'].find((p) => existsSync(p));

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Polls until `check` holds (the external broker acknowledges the device before the platform stores). */
async function eventually(check: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

if (!MOSQUITTO && process.env.ZC_REQUIRE_ALL === '1') {
  describe('sensing with an external MQTT broker (Mosquitto)', () => {
    it('runs against Mosquitto', () => {
      throw new Error('ZC_REQUIRE_ALL=1 but mosquitto is not installed (apt-get install mosquitto)');
    });
  });
} else if (!MOSQUITTO) {
  warnOnce('mosquitto', 'SKIPPING the external MQTT broker suite: mosquitto is not installed');
} else {
  describe('sensing with an external MQTT broker (Mosquitto)', () => {
    let broker: ChildProcess;
    let dir: string;
    let url: string;
    let t: TestApp;
    before(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'zc-mosquitto-'));
      const port = await freePort();
      writeFileSync(path.join(dir, 'mosquitto.conf'), `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
      broker = spawn(MOSQUITTO, ['-c', path.join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
      url = `mqtt://127.0.0.1:${port}`;
      await eventually(async () => {
        const c = await mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 500 }).catch(() => null);
        await c?.endAsync();
        return c !== null;
      });
      t = await startTinyCity('sqlite', { env: { MQTT_URL: url } });
    });
    after(async () => {
      await t?.close();
      broker?.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    });

    it('runs no embedded broker and stores what devices publish on the external one', async () => {
      assert.equal(t.platform.services.sensing.mqttUrl(), null);
      const d = await createDevice(t, { id: 'ext-1' });
      const bad = await createDevice(t, { id: 'ext-2' });
      const device = await mqtt.connectAsync(url, { clientId: 'dev-ext', reconnectPeriod: 0 });
      try {
        await device.publishAsync('devices/ext-unknown/telemetry', JSON.stringify({ values: { pm25: 1 } }), { qos: 1 });
        await device.publishAsync(`devices/${bad.id}/telemetry`, 'not json', { qos: 1 });
        await device.publishAsync(`devices/${d.id}/telemetry`, JSON.stringify({ values: { pm25: 33 } }), { qos: 1 });
        await eventually(async () => (await call(t, 'GET', `/sensing/devices/${d.id}/latest`)).body.values.pm25?.value === 33);
        await eventually(async () => (await call(t, 'GET', `/sensing/devices/${bad.id}/rejections`)).body.items.length === 1);
      } finally {
        await device.endAsync();
      }
    });
  });
}

/**
 * Commands through an external broker (`MQTT_URL`, a real Mosquitto): the platform publishes the
 * command through its own client and takes the device's answer from its shared subscription of
 * `devices/+/commands/ack`. Runs when `mosquitto` is installed (skips loudly otherwise).
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
import { call, createDevice, startTinyCity } from '../sensing/sensing-test-kit.js';

const MOSQUITTO = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto', '/usr/local/sbin/mosquitto'].find((p) => existsSync(p));

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function eventually<T>(check: () => Promise<T | null | false | undefined>, ms = 5_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

if (!MOSQUITTO && process.env.ZC_REQUIRE_ALL === '1') {
  describe('sensing commands through an external MQTT broker (Mosquitto)', () => {
    it('runs against Mosquitto', () => {
      throw new Error('ZC_REQUIRE_ALL=1 but mosquitto is not installed (apt-get install mosquitto)');
    });
  });
} else if (!MOSQUITTO) {
  warnOnce('mosquitto', 'SKIPPING the external MQTT broker suites: mosquitto is not installed');
} else {
  describe('sensing commands through an external MQTT broker (Mosquitto)', () => {
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

    it('publishes the command on the external broker and records the answer from it', async () => {
      const d = await createDevice(t, { id: 'ext-sl-1', type: 'Streetlight' });
      const device = await mqtt.connectAsync(url, { clientId: 'dev-ext-sl', reconnectPeriod: 0 });
      try {
        const received = new Promise<{ id: string; name: string; params: Record<string, unknown> }>((resolve) =>
          device.on('message', (_topic, payload) => resolve(JSON.parse(payload.toString()))),
        );
        await device.subscribeAsync(`devices/${d.id}/commands`, { qos: 1 });
        const sent = await call(t, 'POST', `/sensing/devices/${d.id}/commands`, { name: 'dim', params: { level: 60 } });
        assert.equal(sent.status, 202, sent.raw);
        const got = await received;
        assert.deepEqual({ id: got.id, name: got.name, params: got.params }, { id: sent.body.id, name: 'dim', params: { level: 60 } });
        await device.publishAsync(`devices/${d.id}/commands/ack`, JSON.stringify({ id: got.id, status: 'ok', result: { dimming: 60 } }), {
          qos: 1,
        });
        const done = await eventually(async () => {
          const r = await call(t, 'GET', `/sensing/devices/${d.id}/commands/${got.id}`);
          return r.body.status === 'acknowledged' ? r.body : null;
        });
        assert.deepEqual(done.result, { dimming: 60 });
      } finally {
        await device.endAsync();
      }
    });
  });
}

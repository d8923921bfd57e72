/**
 * Devices over MQTT against the embedded broker on a free port: a device connects with its id and
 * token, publishes QoS 1 and finds its reading stored once the PUBACK arrives; wrong tokens,
 * unknown and disabled devices are refused at CONNECT; a device cannot publish under another
 * device's id nor subscribe to another's commands; a payload that is not JSON is recorded as a
 * refusal without dropping the connection; device events are stored and published; a new
 * token drops the open connection; and an acknowledged reading survives a restart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mqtt, { type MqttClient } from 'mqtt';
import { startPlatform } from '../../src/main.js';
import { forEachDialect, type TestApp } from '../helpers/test-app.js';
import { call, createDevice, EAST, outboxEvents, startTinyCity } from './sensing-test-kit.js';

function connect(url: string, username: string, password: string): Promise<MqttClient> {
  return mqtt.connectAsync(url, {
    username,
    password,
    clientId: `${username}-${Math.random().toString(36).slice(2, 8)}`,
    reconnectPeriod: 0,
    connectTimeout: 5_000,
  });
}

/** Resolves when the client's connection closes, or 'open' after `ms`. */
function closed(client: MqttClient, ms = 3_000): Promise<'closed' | 'open'> {
  return new Promise((resolve) => {
    if (!client.connected) return resolve('closed');
    const timer = setTimeout(() => resolve('open'), ms);
    client.once('close', () => {
      clearTimeout(timer);
      resolve('closed');
    });
  });
}

forEachDialect((dialect) => {
  describe(`sensing MQTT (${dialect})`, () => {
    let t: TestApp;
    let url: string;
    const clients: MqttClient[] = [];
    const open = async (id: string, token: string) => {
      const c = await connect(url, id, token);
      clients.push(c);
      return c;
    };
    before(async () => {
      t = await startTinyCity(dialect);
      url = t.platform.services.sensing.mqttUrl()!;
      assert.match(url, /^mqtt:\/\/127\.0\.0\.1:\d+$/);
    });
    after(async () => {
      for (const c of clients) await c.endAsync(true).catch(() => {});
      await t?.close();
    });

    it('stores a QoS 1 reading before the PUBACK reaches the device', async () => {
      const d = await createDevice(t, { id: 'mq-aq-1' });
      const c = await open(d.id, d.token);
      await c.publishAsync(`devices/${d.id}/telemetry`, JSON.stringify({ values: { pm25: 42.5, humidity: 61 } }), { qos: 1 });
      const latest = await call(t, 'GET', `/sensing/devices/${d.id}/latest`);
      assert.equal(latest.body.values.pm25.value, 42.5);
      assert.equal(latest.body.values.humidity.value, 61);
      await c.publishAsync(`devices/${d.id}/telemetry`, JSON.stringify([{ ts: Date.now() - 60_000, values: { pm25: 40 } }]), { qos: 1 });
      const series = await call(t, 'GET', `/sensing/devices/${d.id}/telemetry?property=pm25`);
      assert.equal(series.body.points.length, 2);
    });

    it('refuses a wrong token, an unknown device and a disabled device at CONNECT', async () => {
      const d = await createDevice(t, { id: 'mq-aq-2' });
      await assert.rejects(connect(url, d.id, 'zd_wrong'), /Bad username or password/);
      await assert.rejects(connect(url, 'mq-nobody', d.token), /Bad username or password/);
      await call(t, 'PATCH', `/sensing/devices/${d.id}`, { enabled: false });
      await assert.rejects(connect(url, d.id, d.token), /Not authorized/);
    });

    it("drops a device that publishes under another device's id and stores nothing for that device", async () => {
      const a = await createDevice(t, { id: 'mq-a' });
      const b = await createDevice(t, { id: 'mq-b', lonLat: EAST });
      const c = await open(a.id, a.token);
      const gone = closed(c);
      c.publish(`devices/${b.id}/telemetry`, JSON.stringify({ values: { pm25: 999 } }), { qos: 1 });
      assert.equal(await gone, 'closed');
      const latest = await call(t, 'GET', `/sensing/devices/${b.id}/latest`);
      assert.deepEqual(latest.body.values, {});
    });

    it("refuses a subscription to another device's commands in the SUBACK, and allows its own", async () => {
      const a = await createDevice(t, { id: 'mq-sub-a' });
      const c = await open(a.id, a.token);
      // mqtt.js turns a SUBACK return code 0x80 (failure) into a rejected subscribe.
      await assert.rejects(c.subscribeAsync('devices/mq-b/commands', { qos: 1 }), /Subscribe error/);
      await assert.rejects(c.subscribeAsync('devices/+/commands', { qos: 1 }), /Subscribe error/);
      assert.ok(c.connected, 'a refused subscription does not cost the connection');
      const own = await c.subscribeAsync(`devices/${a.id}/commands`, { qos: 1 });
      assert.equal(own[0]!.qos, 1);
    });

    it('records a payload that is not JSON as a refusal and keeps the connection', async () => {
      const d = await createDevice(t, { id: 'mq-bad-json' });
      const c = await open(d.id, d.token);
      await c.publishAsync(`devices/${d.id}/telemetry`, '{"values": {"pm25": 1', { qos: 1 });
      await c.publishAsync(`devices/${d.id}/telemetry`, JSON.stringify({ values: { pm25: 7, radon: 1 } }), { qos: 1 });
      assert.ok(c.connected);
      const rej = await call(t, 'GET', `/sensing/devices/${d.id}/rejections`);
      assert.deepEqual(
        rej.body.items.map((r: { property: string | null; channel: string }) => [r.property, r.channel]),
        [
          ['radon', 'mqtt'],
          [null, 'mqtt'],
        ],
      );
      assert.match(rej.body.items[1].reason, /not valid JSON/);
      assert.equal((await call(t, 'GET', `/sensing/devices/${d.id}/latest`)).body.values.pm25.value, 7);
    });

    it('stores the events of the thing model and publishes them; unknown events are refused', async () => {
      const d = await createDevice(t, { id: 'mq-mh-1', type: 'ManholeCover', name: '井盖' });
      const c = await open(d.id, d.token);
      await c.publishAsync(`devices/${d.id}/events`, JSON.stringify({ event: 'opened', data: { tilt: 35 } }), { qos: 1 });
      await c.publishAsync(`devices/${d.id}/events`, JSON.stringify({ event: 'stolen' }), { qos: 1 });
      const events = await call(t, 'GET', `/sensing/devices/${d.id}/events`);
      assert.deepEqual(
        events.body.items.map((e: { event: string; data: unknown }) => [e.event, e.data]),
        [['opened', { tilt: 35 }]],
      );
      const published = (await outboxEvents(t, 'sensing.device.event.v1')).filter((e) => e.deviceId === d.id);
      assert.equal(published.length, 1);
      assert.equal(published[0].level, 'warning');
      const rej = await call(t, 'GET', `/sensing/devices/${d.id}/rejections`);
      assert.match(rej.body.items[0].reason, /stolen is not an event of ManholeCover/);
    });

    it('drops the open connection when the token is replaced', async () => {
      const d = await createDevice(t, { id: 'mq-rot' });
      const c = await open(d.id, d.token);
      const gone = closed(c);
      await call(t, 'POST', `/sensing/devices/${d.id}/token`);
      assert.equal(await gone, 'closed');
    });

    it('answers EMQX HTTP authentication and authorization like the embedded broker', async () => {
      const d = await createDevice(t, { id: 'mq-emqx' });
      const auth = (password: string) => call(t, 'POST', '/sensing/mqtt/auth', { username: d.id, password, clientid: 'x' }, null);
      assert.equal((await auth(d.token)).body.result, 'allow');
      assert.equal((await auth('zd_wrong')).body.result, 'deny');
      const acl = (topic: string, action: string) => call(t, 'POST', '/sensing/mqtt/acl', { username: d.id, topic, action }, null);
      assert.equal((await acl(`devices/${d.id}/telemetry`, 'publish')).body.result, 'allow');
      assert.equal((await acl('devices/other/telemetry', 'publish')).body.result, 'deny');
      assert.equal((await acl(`devices/${d.id}/commands`, 'subscribe')).body.result, 'allow');
      assert.equal((await acl('devices/+/commands', 'subscribe')).body.result, 'deny');
    });

    it('keeps acknowledged readings across a restart on the same data, and announces the broker', async () => {
      const d = await createDevice(t, { id: 'mq-durable' });
      const c = await open(d.id, d.token);
      const base = Date.now() - 10 * 60_000;
      for (let i = 0; i < 20; i++) {
        await c.publishAsync(`devices/${d.id}/telemetry`, JSON.stringify({ ts: base + i * 1000, values: { pm10: i } }), { qos: 1 });
      }
      const config = t.platform.config;
      await t.platform.stop();
      const lines: string[] = [];
      const again = await startPlatform(config, { listen: false, announce: (l) => lines.push(l) });
      try {
        assert.ok(
          lines.some((l) => /^MQTT broker on mqtt:\/\/127\.0\.0\.1:\d+$/.test(l)),
          lines.join('\n'),
        );
        const stored = await again.db.kysely.selectFrom('sensing_readings').select(['ts']).where('device_id', '=', d.id).execute();
        assert.equal(stored.length, 20);
        const latest = await again.services.sensing.latest(d.id);
        assert.equal(latest.pm10?.value, 19);
      } finally {
        await again.stop();
      }
    });
  });
});

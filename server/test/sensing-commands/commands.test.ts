/**
 * Downlink commands end to end over the embedded broker: a real MQTT client plays the device,
 * receives the command on its topic, answers on `devices/{id}/commands/ack`, and the command's
 * state follows (acknowledged, failed, timed out) with audit records and outbox events. Bad
 * commands are 400s naming the field; disabled, offline and unconnected devices are 409s; a
 * device cannot answer another device's command.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mqtt, { type MqttClient } from 'mqtt';
import { SENSING_JOBS } from '../../src/modules/sensing/index.js';
import { forEachDialect, type TestApp } from '../helpers/test-app.js';
import { call, createDevice, outboxEvents, startTinyCity, TestClock } from '../sensing/sensing-test-kit.js';

interface Received {
  id: string;
  name: string;
  params: Record<string, unknown>;
  ts: string;
}

/** A device on MQTT that collects the commands it receives. */
async function device(url: string, id: string, token: string): Promise<{ client: MqttClient; next: () => Promise<Received> }> {
  const client = await mqtt.connectAsync(url, { username: id, password: token, clientId: `${id}-${Math.random()}`, reconnectPeriod: 0 });
  const inbox: Received[] = [];
  const waiting: Array<(m: Received) => void> = [];
  client.on('message', (topic, payload) => {
    assert.equal(topic, `devices/${id}/commands`);
    const m = JSON.parse(payload.toString()) as Received;
    const w = waiting.shift();
    if (w) w(m);
    else inbox.push(m);
  });
  await client.subscribeAsync(`devices/${id}/commands`, { qos: 1 });
  const next = () =>
    new Promise<Received>((resolve, reject) => {
      const m = inbox.shift();
      if (m) return resolve(m);
      const timer = setTimeout(() => reject(new Error(`${id} received no command`)), 5_000);
      waiting.push((x) => {
        clearTimeout(timer);
        resolve(x);
      });
    });
  return { client, next };
}

/** Polls a command until its status leaves `sent`. */
async function settled(t: TestApp, deviceId: string, commandId: string): Promise<any> {
  for (let i = 0; i < 100; i++) {
    const r = await call(t, 'GET', `/sensing/devices/${deviceId}/commands/${commandId}`);
    assert.equal(r.status, 200, r.raw);
    if (r.body.status !== 'sent' && r.body.status !== 'pending') return r.body;
    await new Promise((res) => setTimeout(res, 30));
  }
  throw new Error(`command ${commandId} stayed open`);
}

forEachDialect((dialect) => {
  describe(`sensing commands (${dialect})`, () => {
    let t: TestApp;
    let url: string;
    const clock = new TestClock(Date.now());
    const clients: MqttClient[] = [];
    const light = async (id: string) => {
      const d = await createDevice(t, { id, type: 'Streetlight', name: '测试路灯' });
      const dev = await device(url, d.id, d.token);
      clients.push(dev.client);
      return { ...d, ...dev };
    };
    before(async () => {
      t = await startTinyCity(dialect, { now: clock.now });
      url = t.platform.services.sensing.mqttUrl()!;
    });
    after(async () => {
      for (const c of clients) await c.endAsync(true).catch(() => {});
      await t?.close();
    });

    it('publishes a command to the device, which acknowledges it, and records every step', async () => {
      const d = await light('cmd-sl-1');
      const sent = await call(t, 'POST', `/sensing/devices/${d.id}/commands`, { name: 'dim', params: { level: 40 } });
      assert.equal(sent.status, 202, sent.raw);
      assert.equal(sent.body.status, 'sent');
      assert.deepEqual(sent.body.params, { level: 40 });
      const got = await d.next();
      assert.deepEqual({ id: got.id, name: got.name, params: got.params }, { id: sent.body.id, name: 'dim', params: { level: 40 } });
      assert.ok(!Number.isNaN(Date.parse(got.ts)));
      await d.client.publishAsync(`devices/${d.id}/commands/ack`, JSON.stringify({ id: got.id, status: 'ok', result: { dimming: 40 } }), {
        qos: 1,
      });
      const done = await settled(t, d.id, got.id);
      assert.equal(done.status, 'acknowledged');
      assert.deepEqual(done.result, { dimming: 40 });
      assert.ok(done.completedAt && done.sentAt);
      const events = (name: string) => outboxEvents(t, name).then((l) => l.filter((e) => e.commandId === got.id));
      assert.equal((await events('sensing.command.sent.v1')).length, 1);
      const acked = await events('sensing.command.acknowledged.v1');
      assert.equal(acked.length, 1);
      assert.equal(acked[0].deviceId, d.id);
      const audit = await t.platform.db.kysely
        .selectFrom('kernel_audit')
        .select(['action', 'actor'])
        .where('target', '=', `device:${d.id}`)
        .execute();
      const actions = audit.map((a) => `${a.action} by ${a.actor}`);
      assert.ok(actions.includes(`sensing.command.acknowledged by device:${d.id}`), actions.join(', '));
      assert.ok(
        actions.some((a) => a.startsWith('sensing.command.created by apikey:')),
        actions.join(', '),
      );

      const list = await call(t, 'GET', `/sensing/devices/${d.id}/commands`);
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.items.map((c: any) => [c.id, c.status]),
        [[got.id, 'acknowledged']],
      );
    });

    it('records a failed answer with the device message', async () => {
      const d = await light('cmd-sl-2');
      const sent = await call(t, 'POST', `/sensing/devices/${d.id}/commands`, { name: 'switch', params: { on: false } });
      assert.equal(sent.status, 202, sent.raw);
      const got = await d.next();
      await d.client.publishAsync(
        `devices/${d.id}/commands/ack`,
        JSON.stringify({ id: got.id, status: 'failed', message: '继电器无响应' }),
        {
          qos: 1,
        },
      );
      const done = await settled(t, d.id, got.id);
      assert.equal(done.status, 'failed');
      assert.equal(done.message, '继电器无响应');
      assert.equal((await outboxEvents(t, 'sensing.command.failed.v1')).filter((e) => e.commandId === got.id).length, 1);
    });

    it('times out a command the device never answers, and ignores a late answer', async () => {
      const d = await light('cmd-sl-3');
      const sent = await call(t, 'POST', `/sensing/devices/${d.id}/commands`, { name: 'dim', params: { level: 10 }, timeoutSeconds: 30 });
      assert.equal(sent.status, 202, sent.raw);
      const got = await d.next();
      await t.platform.ctx.jobs.runNow(SENSING_JOBS.commandTimeouts);
      assert.equal((await call(t, 'GET', `/sensing/devices/${d.id}/commands/${got.id}`)).body.status, 'sent', 'not before the deadline');
      clock.advance(31_000);
      await t.platform.ctx.jobs.runNow(SENSING_JOBS.commandTimeouts);
      const timedOut = await call(t, 'GET', `/sensing/devices/${d.id}/commands/${got.id}`);
      assert.equal(timedOut.body.status, 'timed_out');
      assert.match(timedOut.body.message, /no answer within 30 s/);
      assert.equal((await outboxEvents(t, 'sensing.command.timed-out.v1')).filter((e) => e.commandId === got.id).length, 1);
      await d.client.publishAsync(`devices/${d.id}/commands/ack`, JSON.stringify({ id: got.id, status: 'ok' }), { qos: 1 });
      await new Promise((r) => setTimeout(r, 100));
      assert.equal((await call(t, 'GET', `/sensing/devices/${d.id}/commands/${got.id}`)).body.status, 'timed_out');
    });

    it("does not let a device answer another device's command", async () => {
      const a = await light('cmd-sl-a');
      const b = await light('cmd-sl-b');
      const sent = await call(t, 'POST', `/sensing/devices/${a.id}/commands`, { name: 'dim', params: { level: 70 } });
      assert.equal(sent.status, 202, sent.raw);
      const got = await a.next();
      // On its own answer topic, with A's command id: no command of B has that id.
      await b.client.publishAsync(`devices/${b.id}/commands/ack`, JSON.stringify({ id: got.id, status: 'ok' }), { qos: 1 });
      assert.equal((await call(t, 'GET', `/sensing/devices/${a.id}/commands/${got.id}`)).body.status, 'sent');
      // On A's answer topic: the broker drops B's connection.
      const closed = new Promise<void>((resolve) => b.client.once('close', () => resolve()));
      b.client.publish(`devices/${a.id}/commands/ack`, JSON.stringify({ id: got.id, status: 'ok' }), { qos: 1 });
      await closed;
      assert.equal((await call(t, 'GET', `/sensing/devices/${a.id}/commands/${got.id}`)).body.status, 'sent');
      const byB = await call(t, 'GET', `/sensing/devices/${b.id}/commands/${got.id}`);
      assert.equal(byB.status, 404);
    });

    it('refuses unknown commands and bad parameters with 400 naming the field', async () => {
      const d = await createDevice(t, { id: 'cmd-sl-bad', type: 'Streetlight' });
      const post = (body: unknown) => call(t, 'POST', `/sensing/devices/${d.id}/commands`, body);
      const field = async (body: unknown, path: string, message: RegExp) => {
        const r = await post(body);
        assert.equal(r.status, 400, r.raw);
        const e = (r.body.errors as Array<{ path: string; message: string }>).find((x) => x.path === path);
        assert.ok(e, `${path} not named in ${r.raw}`);
        assert.match(e.message, message);
      };
      await field({ name: 'explode' }, '/body/name', /no command explode; its commands are switch, dim/);
      await field({ name: 'dim', params: { level: 140 } }, '/body/params/level', /at most 100/);
      await field({ name: 'dim', params: { level: 'bright' } }, '/body/params/level', /must be a number/);
      await field({ name: 'dim', params: {} }, '/body/params/level', /required/);
      await field({ name: 'dim', params: { level: 10, colour: 'red' } }, '/body/params/colour', /not a parameter of dim/);
      await field({ name: 'dim', params: { level: { x: 1 } } }, '/body/params/level', /./);
      await field({ name: 'dim', params: { level: 10 }, timeoutSeconds: 0 }, '/body/timeoutSeconds', /./);
      await field({ params: { level: 10 } }, '/body/name', /./);
      await field({ name: 'dim', params: { level: 10 }, extra: 1 }, '/body/extra', /./);
      const gauge = await createDevice(t, { id: 'cmd-wl-1', type: 'WaterLevel', metadata: { warningLevel: 3, alertLevel: 3.8 } });
      const none = await call(t, 'POST', `/sensing/devices/${gauge.id}/commands`, { name: 'dim', params: { level: 1 } });
      assert.equal(none.status, 400);
      assert.match(none.raw, /WaterLevel accepts no commands/);
      assert.equal((await call(t, 'POST', '/sensing/devices/cmd-nobody/commands', { name: 'dim', params: { level: 1 } })).status, 404);
      assert.equal((await call(t, 'GET', '/sensing/devices/cmd-nobody/commands')).status, 404);
      assert.equal((await call(t, 'GET', `/sensing/devices/${d.id}/commands/nope`)).status, 404);
      assert.equal((await call(t, 'GET', `/sensing/devices/${d.id}/commands?cursor=garbage`)).status, 400);
      assert.equal((await call(t, 'GET', `/sensing/devices/${d.id}/commands?status=lost`)).status, 400);
      assert.equal((await call(t, 'GET', `/sensing/devices/${d.id}/commands?limit=0`)).status, 400);
    });

    it('answers 409 for a device that is not connected, disabled or offline', async () => {
      const d = await createDevice(t, { id: 'cmd-sl-off', type: 'Streetlight', reportingIntervalSeconds: 60 });
      const post = () => call(t, 'POST', `/sensing/devices/${d.id}/commands`, { name: 'switch', params: { on: true } });
      const unconnected = await post();
      assert.equal(unconnected.status, 409, unconnected.raw);
      assert.match(unconnected.body.detail, /not connected to the MQTT broker/);
      const dev = await device(url, d.id, d.token);
      clients.push(dev.client);
      assert.equal((await post()).status, 202);
      clock.advance(4 * 60_000);
      await t.platform.ctx.jobs.runNow(SENSING_JOBS.offlineSweep);
      const offline = await post();
      assert.equal(offline.status, 409, offline.raw);
      assert.match(offline.body.detail, /is offline \(it never reported\)/);
      await call(t, 'PATCH', `/sensing/devices/${d.id}`, { enabled: false });
      const disabled = await post();
      assert.equal(disabled.status, 409);
      assert.match(disabled.body.detail, /disabled/);
    });

    it('allows a device to publish its answers in the EMQX authorization hook, and only its own', async () => {
      const d = await createDevice(t, { id: 'cmd-emqx' });
      const acl = (topic: string) => call(t, 'POST', '/sensing/mqtt/acl', { username: d.id, topic, action: 'publish' }, null);
      assert.equal((await acl(`devices/${d.id}/commands/ack`)).body.result, 'allow');
      assert.equal((await acl('devices/other/commands/ack')).body.result, 'deny');
      assert.equal((await acl(`devices/${d.id}/commands`)).body.result, 'deny');
    });
  });
});

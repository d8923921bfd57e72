import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forEachDialect, type TestApp } from '../helpers/test-app.js';
import { TestClock, call, createDevice, outboxEvents, postReadings, startTinyCity } from './sensing-test-kit.js';

forEachDialect((dialect) => {
  describe(`rules and alarms through the platform (${dialect})`, () => {
    let t: TestApp;
    const clock = new TestClock(Date.parse('2026-07-01T02:00:00Z'));
    before(async () => {
      t = await startTinyCity(dialect, { now: clock.now });
    });
    after(() => t.close());

    it('raises an orange alarm when a water level holds above 3.2 m for 5 minutes, acknowledges it, and clears it when the level falls', async () => {
      const dev = await createDevice(t, { type: 'WaterLevel', name: '测试水位站', reportingIntervalSeconds: 60 });
      const rule = await call(t, 'POST', '/sensing/rules', {
        name: '水位超警戒',
        deviceType: 'WaterLevel',
        property: 'level',
        operator: '>',
        threshold: 3.2,
        durationSeconds: 300,
        severity: 'orange',
      });
      assert.equal(rule.status, 201, rule.raw);
      const at = (minutes: number) => new Date(clock.t + minutes * 60_000).toISOString();
      const start = clock.t;
      for (const [m, level] of [
        [0, 3.4],
        [2, 3.5],
        [4, 3.6],
      ] as const) {
        clock.t = start + m * 60_000;
        assert.equal((await postReadings(t, dev.id, dev.token, { ts: at(0), values: { level } })).status, 200);
      }
      await t.platform.services.sensing.drain();
      await new Promise((r) => setTimeout(r, 200));
      let alarms = await call(t, 'GET', `/sensing/alarms?deviceId=${dev.id}`);
      assert.equal(alarms.body.items.length, 0, 'not before the duration has held');

      clock.t = start + 6 * 60_000;
      await postReadings(t, dev.id, dev.token, { ts: at(0), values: { level: 3.7 } });
      await t.platform.services.sensing.drain();
      await waitFor(async () => (await call(t, 'GET', `/sensing/alarms?deviceId=${dev.id}`)).body.items.length === 1);
      alarms = await call(t, 'GET', `/sensing/alarms?deviceId=${dev.id}`);
      const alarm = alarms.body.items[0];
      assert.equal(alarm.severity, 'orange');
      assert.equal(alarm.status, 'active');
      assert.equal((await outboxEvents(t, 'sensing.alarm.raised.v1')).length, 1);

      // The platform's test API key may read and write devices but not handle alarms.
      assert.equal((await call(t, 'POST', `/sensing/alarms/${alarm.id}/acknowledge`, { comment: 'x' })).status, 403);
      const url = `/api/v1/sensing/alarms/${alarm.id}/acknowledge`;
      const bad = await t.inject({ method: 'POST', url, payload: {}, as: 'admin' });
      assert.equal(bad.statusCode, 400);
      const ack = await t.inject({ method: 'POST', url, payload: { comment: '已通知水务集团' }, as: 'admin' });
      assert.equal(ack.statusCode, 200, ack.body);

      clock.t = start + 8 * 60_000;
      await postReadings(t, dev.id, dev.token, { ts: at(0), values: { level: 2.9 } });
      await t.platform.services.sensing.drain();
      await waitFor(async () => (await call(t, 'GET', `/sensing/alarms/${alarm.id}`)).body.status === 'cleared');
      assert.equal((await outboxEvents(t, 'sensing.alarm.cleared.v1')).length, 1);
    });

    it('refuses a rule without its threshold, naming the field', async () => {
      const res = await call(t, 'POST', '/sensing/rules', {
        name: 'x',
        deviceType: 'WaterLevel',
        property: 'level',
        operator: '>',
        severity: 'red',
      });
      assert.equal(res.status, 400);
      assert.ok(
        res.body.errors.some((e: { path: string }) => e.path === '/body/threshold'),
        res.raw,
      );
    });

    it('needs sensing.alarms.write to acknowledge', async () => {
      const res = await call(t, 'POST', '/sensing/alarms/nope/acknowledge', { comment: 'x' }, null);
      assert.equal(res.status, 401);
    });
  });
});

async function waitFor(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail('condition not reached in time');
}

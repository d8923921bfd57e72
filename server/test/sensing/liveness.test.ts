/**
 * Online/offline with a moved clock: a device goes offline after 3 missed reporting intervals and
 * comes back with its next reading (events both ways); a new device that never reports goes
 * offline 3 intervals after creation; changing the interval re-evaluates at once; a device
 * whose clock runs ahead cannot stay online by stamping readings in the future; a disabled
 * device is neither swept nor allowed to report.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../helpers/test-app.js';
import { forEachDialect } from '../helpers/test-app.js';
import { call, createDevice, outboxEvents, postReadings, startTinyCity, TestClock } from './sensing-test-kit.js';

const MIN = 60_000;

forEachDialect((dialect) => {
  describe(`sensing device liveness (${dialect})`, () => {
    let t: TestApp;
    const clock = new TestClock(Date.parse('2026-06-01T08:00:00+08:00'));
    const sweep = () => t.platform.ctx.jobs.runNow('sensing.offline-sweep');
    const state = async (id: string) => (await call(t, 'GET', `/sensing/devices/${id}`)).body.state as string;
    const offlineEvents = async (id: string) => (await outboxEvents(t, 'sensing.device.offline.v1')).filter((e) => e.deviceId === id);
    const onlineEvents = async (id: string) => (await outboxEvents(t, 'sensing.device.online.v1')).filter((e) => e.deviceId === id);

    before(async () => {
      t = await startTinyCity(dialect, { now: clock.now });
    });
    after(() => t?.close());

    it('goes offline after 3 missed intervals, with one event, and online again with the next reading', async () => {
      const d = await createDevice(t, { id: 'lv-1', reportingIntervalSeconds: 60 });
      clock.advance(MIN);
      assert.equal((await postReadings(t, d.id, d.token, { values: { pm25: 10 } })).status, 200);
      clock.advance(2 * MIN);
      await sweep();
      assert.equal(await state(d.id), 'online', '2 intervals of silence are not enough');
      clock.advance(MIN + 1_000);
      await sweep();
      assert.equal(await state(d.id), 'offline');
      await sweep();
      const off = await offlineEvents(d.id);
      assert.equal(off.length, 1, 'one event, however often the sweep runs');
      assert.equal(off[0].lastSeenAt, new Date(clock.t - 3 * MIN - 1_000).toISOString());
      clock.advance(10 * MIN);
      assert.equal((await postReadings(t, d.id, d.token, { values: { pm25: 11 } })).status, 200);
      assert.equal(await state(d.id), 'online');
      assert.equal((await onlineEvents(d.id)).length, 1);
      const dev = await call(t, 'GET', `/sensing/devices/${d.id}`);
      assert.equal(dev.body.lastSeenAt, new Date(clock.t).toISOString());
    });

    it('sends a device that never reports offline 3 intervals after its creation', async () => {
      const d = await createDevice(t, { id: 'lv-new', reportingIntervalSeconds: 300 });
      clock.advance(14 * MIN);
      await sweep();
      assert.equal(await state(d.id), 'online');
      clock.advance(2 * MIN);
      await sweep();
      assert.equal(await state(d.id), 'offline');
      assert.equal((await offlineEvents(d.id))[0].lastSeenAt, null);
    });

    it('re-evaluates at once when the interval changes, both ways', async () => {
      const d = await createDevice(t, { id: 'lv-edit', reportingIntervalSeconds: 600 });
      await postReadings(t, d.id, d.token, { values: { pm25: 12 } });
      clock.advance(10 * MIN);
      // Silent 10 min: fine at 600 s, but 3 × 60 s is long past.
      const shorter = await call(t, 'PATCH', `/sensing/devices/${d.id}`, { reportingIntervalSeconds: 60 });
      assert.equal(shorter.body.state, 'offline');
      assert.equal((await offlineEvents(d.id)).length, 1);
      const longer = await call(t, 'PATCH', `/sensing/devices/${d.id}`, { reportingIntervalSeconds: 3600 });
      assert.equal(longer.body.state, 'online', 'back within 3 intervals of the corrected interval');
      assert.equal((await onlineEvents(d.id)).length, 1);
      clock.advance(60 * MIN);
      await sweep();
      assert.equal(await state(d.id), 'online', 'the sweep uses the new interval');
      clock.advance(2 * 60 * MIN + 1_000);
      await sweep();
      assert.equal(await state(d.id), 'offline');
    });

    it('uses the server receive time for liveness: a clock running ahead cannot keep a device online', async () => {
      const d = await createDevice(t, { id: 'lv-skew', reportingIntervalSeconds: 60 });
      const ahead = await postReadings(t, d.id, d.token, { ts: clock.t + 60 * MIN, values: { pm25: 13 } });
      assert.equal(ahead.body.accepted, 0, 'an hour ahead is refused');
      const slightly = await postReadings(t, d.id, d.token, { ts: clock.t + 4 * MIN, values: { pm25: 14 } });
      assert.equal(slightly.body.accepted, 1);
      clock.advance(3 * MIN + 1_000);
      await sweep();
      assert.equal(await state(d.id), 'offline', 'offline 3 intervals after it was last heard, whatever its readings say');
    });

    it('neither sweeps nor accepts a disabled device, and gives a re-enabled one a fresh grace period', async () => {
      const d = await createDevice(t, { id: 'lv-off', reportingIntervalSeconds: 60 });
      await call(t, 'PATCH', `/sensing/devices/${d.id}`, { enabled: false });
      const refused = await postReadings(t, d.id, d.token, { values: { pm25: 1 } });
      assert.equal(refused.status, 403);
      clock.advance(30 * MIN);
      await sweep();
      assert.equal(await state(d.id), 'disabled');
      assert.equal((await offlineEvents(d.id)).length, 0);
      assert.equal((await call(t, 'PATCH', `/sensing/devices/${d.id}`, { enabled: true })).body.state, 'online');
      clock.advance(2 * MIN);
      await sweep();
      assert.equal(await state(d.id), 'online');
      clock.advance(2 * MIN);
      await sweep();
      assert.equal(await state(d.id), 'offline');
    });

    it('lists devices by state', async () => {
      const off = await call(t, 'GET', '/sensing/devices?state=offline');
      const ids = off.body.items.map((d: { id: string }) => d.id).sort();
      assert.deepEqual(ids, ['lv-1', 'lv-edit', 'lv-new', 'lv-off', 'lv-skew']);
    });
  });
});

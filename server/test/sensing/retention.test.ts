/**
 * Retention with a moved clock: raw readings and minute rollups older than the type's retention
 * are deleted by the daily job while hourly rollups stay; everything of a deleted device is
 * purged, after which its id may be used again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forEachDialect, type TestApp } from '../helpers/test-app.js';
import { call, createDevice, postReadings, startTinyCity, TestClock } from './sensing-test-kit.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

forEachDialect((dialect) => {
  describe(`sensing retention (${dialect})`, () => {
    let t: TestApp;
    const clock = new TestClock(Date.parse('2026-06-01T08:00:00+08:00'));
    const count = async (table: string, deviceId: string) =>
      Number(
        (
          await t.platform.db.kysely
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .where('device_id', '=', deviceId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    before(async () => {
      t = await startTinyCity(dialect, { now: clock.now });
      const type = await call(t, 'POST', '/sensing/device-types', {
        code: 'ShortLived',
        name: '短期保存',
        retentionDays: 2,
        properties: [{ name: 'v', title: '值', unit: '', type: 'number' }],
      });
      assert.equal(type.status, 201, type.raw);
    });
    after(() => t?.close());

    it('deletes raw readings and minute rollups past the retention and keeps hourly rollups', async () => {
      const d = await createDevice(t, { id: 'rt-1', type: 'ShortLived' });
      const readings = Array.from({ length: 40 }, (_, i) => ({ ts: clock.t - i * HOUR, values: { v: i } }));
      assert.equal((await postReadings(t, d.id, d.token, readings)).body.accepted, 40);
      const tooOld = await postReadings(t, d.id, d.token, { ts: clock.t - 3 * DAY, values: { v: 99 } });
      assert.match(tooOld.body.rejected[0]!.reason, /older than the retention of 2 days/);
      clock.advance(DAY);
      assert.ok(await t.platform.ctx.jobs.runNow('sensing.retention'));
      // Kept: the readings of the last 2 days (i = 0 … 24), one minute rollup each; all hourly rollups.
      assert.equal(await count('sensing_readings', d.id), 25);
      assert.equal(await count('sensing_rollups_1m', d.id), 25);
      assert.equal(await count('sensing_rollups_1h', d.id), 40);
      const latest = await call(t, 'GET', `/sensing/devices/${d.id}/latest`);
      assert.equal(latest.body.values.v.value, 0);
    });

    it('purges everything of a deleted device, then frees its id', async () => {
      const d = await createDevice(t, { id: 'rt-2', type: 'ShortLived' });
      await postReadings(t, d.id, d.token, [{ values: { v: 1 } }, { ts: clock.t - HOUR, values: { v: 'x' } }]);
      assert.equal((await call(t, 'DELETE', `/sensing/devices/${d.id}`)).status, 204);
      assert.ok(await t.platform.ctx.jobs.runNow('sensing.purge-deleted'));
      for (const table of ['sensing_readings', 'sensing_latest', 'sensing_rollups_1m', 'sensing_rollups_1h', 'sensing_rejections']) {
        assert.equal(await count(table, d.id), 0, table);
      }
      assert.equal((await createDevice(t, { id: 'rt-2', type: 'ShortLived' })).id, 'rt-2');
    });
  });
});

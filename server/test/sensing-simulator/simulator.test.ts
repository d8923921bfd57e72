/**
 * The simulator against a real platform: demo devices sign in with tokens derived from the demo
 * secret (which survives the template copy, so it lives in the database), their readings land
 * and pass validation, a simulated streetlight follows a dim command, a silent device goes
 * offline while a reporting one stays online, and the platform runs the simulation itself when
 * ZC_SIMULATE allows.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPlatform, type Platform } from '../../src/main.js';
import {
  DEMO_DEVICE_ID,
  SENSING_JOBS,
  SIMULATOR_JOB,
  Simulator,
  demoDeviceToken,
  demoTokenSecret,
} from '../../src/modules/sensing/index.js';
import { BUILT_IN_TYPES } from '../../src/modules/sensing/built-in-types.js';
import { isSilent, readingFor } from '../../src/modules/sensing/simulator/device-signals.js';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';
import { call, createDevice, startTinyCity, TestClock } from '../sensing/sensing-test-kit.js';

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const simDevice = (d: { id: string; type: string; metadata: Record<string, unknown>; reportingIntervalSeconds: number }) => ({
  id: d.id,
  type: d.type,
  metadata: d.metadata,
  intervalS: d.reportingIntervalSeconds,
});

forEachDialect((dialect) => {
  describe(`sensing simulator on the demo city (${dialect})`, () => {
    let t: TestApp;
    let sim: Simulator | null = null;
    before(async () => {
      t = await startTestApp({ dialect, demo: true });
    });
    after(async () => {
      await sim?.stop();
      await t?.close();
    });

    it('connects demo devices with derived tokens; their readings land and none is refused', async () => {
      const sensing = t.platform.services.sensing;
      const secret = await demoTokenSecret(t.platform.ctx.settings);
      assert.ok(secret, 'the demo load created the token secret');
      const all = (await sensing.listDevices()).filter((d) => DEMO_DEVICE_ID.test(d.id));
      assert.equal(all.length, 2000);
      // Five of each type.
      const picked = [...new Set(all.map((d) => d.type))].flatMap((type) => all.filter((d) => d.type === type).slice(0, 5));
      assert.equal(picked.length, 35);
      sim = new Simulator({
        url: sensing.mqttUrl()!,
        devices: picked.map(simDevice),
        typeOf: (c) => sensing.getDeviceType(c),
        tokenOf: (id) => demoDeviceToken(secret, id),
        rate: 1_000,
        silence: false,
      });
      await sim.start();
      assert.deepEqual(sim.refusals(), []);
      assert.equal(sim.stats().connected, 35);
      const ids = picked.map((d) => d.id);
      await until('a reading of every simulated device', async () => {
        const rows = await t.platform.db.kysely
          .selectFrom('sensing_latest')
          .select('device_id')
          .distinct()
          .where('device_id', 'in', ids)
          .execute();
        return rows.length === ids.length;
      });
      await until('three rounds of readings', async () => sim!.stats().acked >= 3 * 35);
      await sensing.drain();
      const refused = await t.platform.db.kysely.selectFrom('sensing_rejections').selectAll().where('device_id', 'in', ids).execute();
      assert.deepEqual(refused, []);
      const s = sim.stats();
      assert.equal(s.failed, 0);
      assert.ok(s.acked >= 105, `acked ${s.acked}`);

      // A simulated streetlight follows a dim command and reports the new level.
      const light = picked.find((d) => d.type === 'Streetlight')!;
      const sent = await call(t, 'POST', `/sensing/devices/${light.id}/commands`, { name: 'dim', params: { level: 27 } });
      assert.equal(sent.status, 202, sent.raw);
      const done = await until('the acknowledgement', async () => {
        const r = await call(t, 'GET', `/sensing/devices/${light.id}/commands/${sent.body.id}`);
        return r.body.status === 'acknowledged' ? r.body : null;
      });
      assert.deepEqual(done.result, { on: true, dimming: 27 });
      await until('the dimming reading', async () => (await sensing.latest(light.id)).dimming?.value === 27);
      assert.equal((await sensing.latest(light.id)).on?.value, true);
      assert.ok(sim.stats().commands >= 1);
      await sim.stop();
      sim = null;
    });

    it('cannot sign in a demo device whose token was replaced', async () => {
      const sensing = t.platform.services.sensing;
      const secret = (await demoTokenSecret(t.platform.ctx.settings))!;
      const rotated = await call(t, 'POST', '/sensing/devices/zc-ns-0002/token');
      assert.equal(rotated.status, 200, rotated.raw);
      const d = (await sensing.getDevice('zc-ns-0002'))!;
      const s = new Simulator({
        url: sensing.mqttUrl()!,
        devices: [simDevice(d)],
        typeOf: (c) => sensing.getDeviceType(c),
        tokenOf: (id) => demoDeviceToken(secret, id),
      });
      try {
        await s.start();
        assert.equal(s.stats().refused, 1);
        assert.match(s.refusals()[0]!.reason, /Bad username or password/);
      } finally {
        await s.stop();
      }
    });
  });

  describe(`sensing simulator liveness (${dialect})`, () => {
    let t: TestApp;
    const clock = new TestClock(Date.now());
    let sim: Simulator | null = null;
    before(async () => {
      t = await startTinyCity(dialect, { now: clock.now });
    });
    after(async () => {
      await sim?.stop();
      await t?.close();
    });

    it('lets a silent device go offline while a reporting one stays online', async () => {
      const now = Date.now();
      const quietId = Array.from({ length: 20_000 }, (_, i) => `sim-quiet-${i}`).find(
        (id) => isSilent(id, now) && isSilent(id, now + 120_000),
      )!;
      const loudId = Array.from({ length: 100 }, (_, i) => `sim-loud-${i}`).find(
        (id) => !isSilent(id, now) && !isSilent(id, now + 120_000),
      )!;
      const quiet = await createDevice(t, { id: quietId, type: 'NoiseLevelObserved', reportingIntervalSeconds: 10 });
      const loud = await createDevice(t, { id: loudId, type: 'NoiseLevelObserved', reportingIntervalSeconds: 10 });
      const tokens = new Map([
        [quiet.id, quiet.token],
        [loud.id, loud.token],
      ]);
      const sensing = t.platform.services.sensing;
      sim = new Simulator({
        url: sensing.mqttUrl()!,
        devices: [quiet, loud].map((d) => ({ id: d.id, type: 'NoiseLevelObserved', metadata: {}, intervalS: 10 })),
        typeOf: (c) => sensing.getDeviceType(c),
        tokenOf: (id) => tokens.get(id)!,
        rate: 10, // a reading a second
      });
      await sim.start();
      assert.equal(sim.stats().connected, 2);
      await until('a reading of the reporting device', async () => (await sensing.latest(loud.id)).laeq);
      clock.advance(31_000); // past 3 reporting intervals of both
      await t.platform.ctx.jobs.runNow(SENSING_JOBS.offlineSweep);
      assert.equal((await sensing.getDevice(quiet.id))!.state, 'offline');
      // The reporting device comes back with its next reading; the silent one stays offline.
      await until('the reporting device online again', async () => (await sensing.getDevice(loud.id))!.state === 'online');
      assert.equal((await sensing.getDevice(quiet.id))!.state, 'offline');
      assert.deepEqual(await sensing.latest(quiet.id), {});
    });

    it('reports the thing model event when a manhole cover opens', async () => {
      const type = BUILT_IN_TYPES.find((x) => x.code === 'ManholeCover')!;
      // Find a cover that is closed at one instant and open 30 minutes later (deterministic signals).
      const start = Date.parse('2026-06-01T00:00:00Z');
      let found: { id: string; at: number } | null = null;
      for (let i = 0; i < 2_000 && !found; i++) {
        const id = `sim-mh-${i}`;
        for (let t = start; t < start + 5 * 86_400_000 && !found; t += 1_800_000) {
          const d = { id, type: 'ManholeCover', metadata: {} };
          if (readingFor(d, type, t, {}).open === true && readingFor(d, type, t - 1_800_000, {}).open === false) found = { id, at: t };
        }
      }
      assert.ok(found);
      const cover = await createDevice(t, { id: found.id, type: 'ManholeCover', reportingIntervalSeconds: 10 });
      const sensing = t.platform.services.sensing;
      let simTime = found.at - 1_800_000;
      const s = new Simulator({
        url: sensing.mqttUrl()!,
        devices: [{ id: cover.id, type: 'ManholeCover', metadata: {}, intervalS: 10 }],
        typeOf: (c) => sensing.getDeviceType(c),
        tokenOf: () => cover.token,
        rate: 50,
        now: () => simTime,
        silence: false,
      });
      try {
        await s.start();
        await until('a closed reading', async () => (await sensing.latest(cover.id)).open?.value === false);
        simTime = found.at;
        await until('the open reading', async () => (await sensing.latest(cover.id)).open?.value === true);
        const events = await until('the opened event', async () => {
          const r = await call(t, 'GET', `/sensing/devices/${cover.id}/events?from=2026-01-01T00:00:00Z`);
          return r.body.items?.length ? r.body.items : null;
        });
        assert.equal(events[0].event, 'opened');
        assert.ok(events[0].data.tilt > 30);
      } finally {
        await s.stop();
      }
    });
  });
});

describe('the platform simulates the demo city by itself', () => {
  let t: TestApp;
  let platform: Platform | null = null;
  before(async () => {
    t = await startTestApp({ dialect: 'sqlite', demo: true });
  });
  after(async () => {
    await platform?.stop();
    await t?.close();
  });

  it('does not simulate with ZC_SIMULATE=0 (the test default)', async () => {
    await assert.rejects(t.platform.ctx.jobs.runNow(SIMULATOR_JOB), /unknown job/);
  });

  it('runs the demo devices over the embedded broker when simulation is on', async () => {
    const config = { ...t.platform.config, simulate: null };
    await t.platform.stop();
    platform = await startPlatform(config, { listen: false });
    await platform.ctx.jobs.runNow(SIMULATOR_JOB);
    const db = platform.db.kysely;
    const devices = await until(
      'readings of most demo devices',
      async () => {
        const r = await db
          .selectFrom('sensing_latest')
          .select((eb) => eb.fn.count<number>('device_id').distinct().as('n'))
          .executeTakeFirstOrThrow();
        return Number(r.n) >= 1_900 ? Number(r.n) : null;
      },
      120_000,
    );
    assert.ok(devices <= 2_000);
    const refused = await db
      .selectFrom('sensing_rejections')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(refused.n), 0);
  });
});

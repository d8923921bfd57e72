/**
 * The NGSI-LD temporal API over stored telemetry: instances with timerel before / after /
 * between and lastN, the temporalValues form, aggregatedValues from rollups (aligned periods) and
 * from raw readings (unaligned periods, stddev), 206 with Content-Range when capped, and errors.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forEachDialect, type TestApp } from '../helpers/test-app.js';
import { createDevice, postReadings } from '../sensing/sensing-test-kit.js';
import { assertProblem, ngsi, startNgsiCity, urn } from './ngsi-test-kit.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const AQ = 'AirQualityObserved';
const iso = (t: number) => new Date(t).toISOString();

forEachDialect((dialect) => {
  describe(`NGSI-LD temporal API (${dialect})`, () => {
    let t: TestApp;
    /** An hour boundary three hours ago; readings 1…12 every 10 minutes from there. */
    const base = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
    const id = urn(AQ, 'tmp-1');
    before(async () => {
      t = await startNgsiCity(dialect);
      const d = await createDevice(t, { id: 'tmp-1' });
      const readings = Array.from({ length: 12 }, (_, i) => ({ ts: base + i * 10 * MIN, values: { pm25: i + 1, temperature: 20 } }));
      assert.equal((await postReadings(t, d.id, d.token, readings)).status, 200);
      const busy = await createDevice(t, { id: 'tmp-busy' });
      const many = Array.from({ length: 1100 }, (_, i) => ({ ts: base + i * 1000, values: { pm25: i % 500 } }));
      assert.equal((await postReadings(t, busy.id, busy.token, many)).status, 200);
    });
    after(() => t?.close());

    it('returns the last N instances, oldest first, with observedAt and unitCode', async () => {
      const res = await ngsi(t, 'GET', `/temporal/entities/${id}?attrs=pm25&lastN=3`);
      assert.equal(res.status, 200, res.raw);
      assert.deepEqual(res.body, {
        id,
        type: AQ,
        pm25: [10, 11, 12].map((v) => ({ type: 'Property', value: v, observedAt: iso(base + (v - 1) * 10 * MIN), unitCode: 'GQ' })),
      });
    });

    it('selects by timerel between, before and after', async () => {
      const between = await ngsi(
        t,
        'GET',
        `/temporal/entities/${id}?attrs=pm25&timerel=between&timeAt=${iso(base)}&endTimeAt=${iso(base + HOUR)}`,
      );
      assert.deepEqual(
        between.body.pm25.map((p: { value: number }) => p.value),
        [1, 2, 3, 4, 5, 6],
      );
      const beforeRes = await ngsi(t, 'GET', `/temporal/entities/${id}?attrs=pm25&timerel=before&timeAt=${iso(base + 30 * MIN)}`);
      assert.deepEqual(
        beforeRes.body.pm25.map((p: { value: number }) => p.value),
        [1, 2, 3],
      );
      const afterRes = await ngsi(t, 'GET', `/temporal/entities/${id}?attrs=pm25&timerel=after&timeAt=${iso(base + 100 * MIN)}`);
      assert.deepEqual(
        afterRes.body.pm25.map((p: { value: number }) => p.value),
        [11, 12],
      );
    });

    it('answers the simplified temporalValues form', async () => {
      const res = await ngsi(t, 'GET', `/temporal/entities/${id}?attrs=pm25&lastN=2&options=temporalValues`);
      assert.deepEqual(res.body.pm25, {
        type: 'Property',
        values: [
          [11, iso(base + 100 * MIN)],
          [12, iso(base + 110 * MIN)],
        ],
      });
    });

    it('aggregates over aligned periods from the rollups', async () => {
      const q = `attrs=pm25&options=aggregatedValues&aggrMethods=totalCount,sum,avg,min,max&timerel=between&timeAt=${iso(base)}&endTimeAt=${iso(base + 2 * HOUR)}`;
      const hourly = await ngsi(t, 'GET', `/temporal/entities/${id}?${q}&aggrPeriodDuration=PT1H`);
      assert.equal(hourly.status, 200, hourly.raw);
      const p = (v: number, i: number, len: number) => [v, iso(base + i * len), iso(base + (i + 1) * len)];
      assert.deepEqual(hourly.body.pm25, {
        type: 'Property',
        totalCount: [p(6, 0, HOUR), p(6, 1, HOUR)],
        sum: [p(21, 0, HOUR), p(57, 1, HOUR)],
        avg: [p(3.5, 0, HOUR), p(9.5, 1, HOUR)],
        min: [p(1, 0, HOUR), p(7, 1, HOUR)],
        max: [p(6, 0, HOUR), p(12, 1, HOUR)],
      });
      const half = await ngsi(t, 'GET', `/temporal/entities/${id}?${q}&aggrPeriodDuration=PT30M`);
      assert.deepEqual(
        half.body.pm25.avg.map((x: number[]) => x[0]),
        [2, 5, 8, 11],
      );
      const whole = await ngsi(t, 'GET', `/temporal/entities/${id}?${q}`);
      assert.deepEqual(whole.body.pm25.avg, [[6.5, iso(base), iso(base + 2 * HOUR)]]);
    });

    it('aggregates unaligned periods and stddev from raw readings', async () => {
      const q = `attrs=pm25&options=aggregatedValues&aggrMethods=totalCount,avg,stddev,distinctCount&timerel=between&timeAt=${iso(base + 5 * MIN)}&endTimeAt=${iso(base + 65 * MIN)}&aggrPeriodDuration=PT30M`;
      const res = await ngsi(t, 'GET', `/temporal/entities/${id}?${q}`);
      assert.equal(res.status, 200, res.raw);
      // [5, 35) holds 10, 20, 30 min → 2, 3, 4; [35, 65) holds 40, 50, 60 → 5, 6, 7.
      assert.deepEqual(
        res.body.pm25.totalCount.map((x: number[]) => x[0]),
        [3, 3],
      );
      assert.deepEqual(
        res.body.pm25.avg.map((x: number[]) => x[0]),
        [3, 6],
      );
      assert.deepEqual(
        res.body.pm25.distinctCount.map((x: number[]) => x[0]),
        [3, 3],
      );
      assert.ok(Math.abs(res.body.pm25.stddev[0][0] - Math.sqrt(2 / 3)) < 1e-6);
      assert.equal(res.body.pm25.avg[0][1], iso(base + 5 * MIN));
    });

    it('queries many entities by type and caps long histories with 206 and Content-Range', async () => {
      const list = await ngsi(t, 'GET', `/temporal/entities?type=${AQ}&attrs=pm25&lastN=1&count=true`);
      assert.equal(list.status, 200, list.raw);
      assert.equal(list.headers['ngsild-results-count'], '2');
      assert.deepEqual(list.body.map((e: { id: string; pm25: Array<{ value: number }> }) => [e.id, e.pm25[0]!.value]).sort(), [
        [urn(AQ, 'tmp-1'), 12],
        [urn(AQ, 'tmp-busy'), 1099 % 500],
      ]);
      const busy = await ngsi(t, 'GET', `/temporal/entities/${urn(AQ, 'tmp-busy')}?attrs=pm25&timerel=after&timeAt=${iso(base)}`);
      assert.equal(busy.status, 206, busy.raw.slice(0, 200));
      assert.equal(busy.body.pm25.length, 1000);
      assert.equal(busy.headers['content-range'], `date-time ${iso(base)}-${iso(base + 999_000)}/*`);
    });

    it('refuses bad temporal queries with NGSI-LD errors', async () => {
      const u = `/temporal/entities/${id}`;
      assertProblem(await ngsi(t, 'GET', `${u}?timerel=between&timeAt=${iso(base)}`), 400, 'BadRequestData', /endTimeAt/);
      assertProblem(await ngsi(t, 'GET', `${u}?timerel=during&timeAt=${iso(base)}`), 400, 'BadRequestData', /timerel/);
      assertProblem(await ngsi(t, 'GET', `${u}?timerel=after&timeAt=yesterday`), 400, 'BadRequestData', /timeAt/);
      assertProblem(await ngsi(t, 'GET', `${u}?lastN=0`), 400, 'BadRequestData', /lastN/);
      assertProblem(
        await ngsi(t, 'GET', `${u}?options=aggregatedValues&aggrMethods=median&timerel=after&timeAt=${iso(base)}`),
        400,
        'BadRequestData',
        /median/,
      );
      assertProblem(await ngsi(t, 'GET', `${u}?options=aggregatedValues&aggrMethods=avg`), 400, 'BadRequestData', /timerel/);
      assertProblem(
        await ngsi(t, 'GET', `${u}?options=aggregatedValues&aggrMethods=avg&timerel=after&timeAt=${iso(base)}&aggrPeriodDuration=P1M`),
        400,
        'BadRequestData',
        /months/,
      );
      assertProblem(
        await ngsi(t, 'GET', `${u}?options=aggregatedValues&aggrMethods=avg&timerel=after&timeAt=${iso(base)}&aggrPeriodDuration=soon`),
        400,
        'BadRequestData',
        /ISO 8601/,
      );
      assertProblem(await ngsi(t, 'GET', `${u}?aggrMethods=avg`), 400, 'BadRequestData', /aggregatedValues/);
      assertProblem(await ngsi(t, 'GET', `/temporal/entities/${urn(AQ, 'nope')}`), 404, 'ResourceNotFound');
      assertProblem(await ngsi(t, 'GET', '/temporal/entities?lastN=1'), 400, 'BadRequestData', /type, attrs, q, georel/);
      assert.equal((await ngsi(t, 'GET', `${u}?lastN=1`, { auth: false })).status, 401);
    });
  });
});

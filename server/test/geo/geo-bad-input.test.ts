/**
 * Every geo endpoint refuses bad input with a 400 problem that names the offending field, and
 * refuses callers without the permission. Nothing is written by a refused request.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';

/** [url, the field path the problem must name] */
const BAD_QUERIES: Array<[string, string]> = [
  ['/geo/locate?lat=29.1', '/query/lon'],
  ['/geo/locate?lon=119.6', '/query/lat'],
  ['/geo/locate?lon=abc&lat=29.1', '/query/lon'],
  ['/geo/locate?lon=180.5&lat=29.1', '/query/lon'],
  ['/geo/locate?lon=119.6&lat=-91', '/query/lat'],
  ['/geo/locate?lon=119.6&lat=29.1&zoom=3', '/query/zoom'],
  ['/geo/reverse?lon=-181&lat=29.1', '/query/lon'],
  ['/geo/reverse?lon=119.6&lat=north', '/query/lat'],
  ['/geo/areas?level=planet', '/query/level'],
  ['/geo/areas', '/query/level'],
  ['/geo/areas?level=grid&bbox=1,2,3', '/query/bbox'],
  ['/geo/areas?level=grid&bbox=a,b,c,d', '/query/bbox'],
  ['/geo/areas?level=grid&bbox=119.7,29,119.6,29.1', '/query/bbox'],
  ['/geo/areas?level=grid&bbox=119.6,29.2,119.7,29.1', '/query/bbox'],
  ['/geo/areas?level=grid&bbox=-200,29,119.7,29.1', '/query/bbox'],
  ['/geo/areas?parentCode=abc', '/query/parentCode'],
  ['/geo/areas/not-a-code', '/params/code'],
  ['/geo/areas/12', '/params/code'],
  ['/geo/roads?bbox=119.6,29.0', '/query/bbox'],
  ['/geo/roads?bbox=119.6,29.0,,29.1', '/query/bbox'],
  ['/geo/geocode', '/query/q'],
  ['/geo/geocode?q=', '/query/q'],
  [`/geo/geocode?q=${encodeURIComponent('，。 ！')}`, '/query/q'],
  [`/geo/geocode?q=${encodeURIComponent('八一路'.repeat(70))}`, '/query/q'],
  ['/geo/geocode?q=x&limit=0', '/query/limit'],
  ['/geo/geocode?q=x&limit=21', '/query/limit'],
  ['/geo/geocode?q=x&limit=many', '/query/limit'],
  ['/geo/addresses?limit=0', '/query/limit'],
  ['/geo/addresses?limit=1001', '/query/limit'],
  ['/geo/addresses?gridCode=123', '/query/gridCode'],
  ['/geo/addresses?cursor=not-a-cursor', '/query/cursor'],
  [`/geo/addresses?q=${'a'.repeat(101)}`, '/query/q'],
];

forEachDialect((dialect) => {
  describe(`geo API bad input (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({ dialect, demo: true });
    });
    after(() => t?.close());

    for (const [url, field] of BAD_QUERIES) {
      it(`GET ${decodeURIComponent(url).slice(0, 60)} → 400 naming ${field}`, async () => {
        const res = await t.inject({ method: 'GET', url: `/api/v1${url}`, as: 'admin' });
        assert.equal(res.statusCode, 400, res.body);
        assert.match(String(res.headers['content-type']), /application\/problem\+json/);
        const body = res.json() as { status: number; errors?: Array<{ path: string; message: string }> };
        assert.equal(body.status, 400);
        assert.ok(
          body.errors?.some((e) => e.path === field),
          `errors ${JSON.stringify(body.errors)} name ${field}`,
        );
      });
    }

    it('answers 404 for an area code that does not exist', async () => {
      const res = await t.inject({ method: 'GET', url: '/api/v1/geo/areas/330791999999999', as: 'admin' });
      assert.equal(res.statusCode, 404);
    });

    it('answers 401 without a session or key', async () => {
      for (const url of ['/api/v1/geo/summary', '/api/v1/geo/locate?lon=119.6&lat=29.1', '/api/v1/geo/geocode?q=x']) {
        const res = await t.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 401, url);
      }
    });

    it('refuses imports to a user without geo.write (403) and accepts reads with geo.read', async () => {
      const read = await t.inject({ method: 'GET', url: '/api/v1/geo/summary', as: 'analyst1' });
      assert.equal(read.statusCode, 200);
      for (const url of ['/api/v1/geo/imports/areas', '/api/v1/geo/imports/addresses']) {
        const res = await t.inject({ method: 'POST', url, as: 'analyst1', payload: { type: 'FeatureCollection', features: [] } });
        assert.equal(res.statusCode, 403, url);
      }
    });

    it('refuses an area import that is not a FeatureCollection, naming the body field', async () => {
      const cases: Array<[unknown, string]> = [
        [{ type: 'Feature', geometry: null, properties: {} }, '/body/type'],
        [{ type: 'FeatureCollection', features: [] }, '/body/features'],
      ];
      for (const [payload, field] of cases) {
        const res = await t.inject({ method: 'POST', url: '/api/v1/geo/imports/areas', as: 'admin', payload: payload as object });
        assert.equal(res.statusCode, 400, res.body);
        assert.ok(
          (res.json() as { errors: Array<{ path: string }> }).errors.some((e) => e.path === field),
          res.body,
        );
      }
    });

    it('refuses an address import without the required CSV columns or rows', async () => {
      const noColumns = await t.inject({
        method: 'POST',
        url: '/api/v1/geo/imports/addresses',
        as: 'admin',
        headers: { 'content-type': 'text/csv' },
        payload: 'address,x,y\n1,2,3\n',
      });
      assert.equal(noColumns.statusCode, 400, noColumns.body);
      const empty = await t.inject({ method: 'POST', url: '/api/v1/geo/imports/addresses', as: 'admin', payload: [] as unknown as object });
      assert.equal(empty.statusCode, 400, empty.body);
      const notRows = await t.inject({ method: 'POST', url: '/api/v1/geo/imports/addresses', as: 'admin', payload: { rows: 1 } });
      assert.equal(notRows.statusCode, 400, notRows.body);
    });
  });
});

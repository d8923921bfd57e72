/**
 * The demo city's catalog: base and theme resources with data and coordinates, open and
 * conditional ones, a public (anonymous) view through the service, and seeded share requests.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';
import { call } from './catalog-test-kit.js';

forEachDialect((dialect) => {
  describe(`catalog demo data (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({ dialect, demo: true });
    });
    after(() => t?.close());

    it('holds the five base resource classes and a dozen theme datasets, with data', async () => {
      const res = await call(t, 'GET', '/catalog/resources?limit=100', undefined, { as: 'analyst1' });
      assert.equal(res.status, 200, res.raw);
      assert.ok(res.body.items.length >= 17, `${res.body.items.length} resources`);
      const bases = new Set(res.body.items.map((r: { baseClass: string | null }) => r.baseClass).filter(Boolean));
      assert.deepEqual([...bases].sort(), ['人口', '法人单位', '电子证照', '社会信用', '自然资源和空间地理'].sort());
      assert.ok(res.body.items.every((r: { rowCount: number }) => r.rowCount > 0));
      const share = Object.fromEntries(res.body.facets.shareType.map((f: { value: string; count: number }) => [f.value, f.count]));
      assert.ok(share.unconditional > 0 && share.conditional > 0 && share.none > 0);
      const stops = res.body.items.find((r: { name: string }) => r.name === '公交站点分布');
      const data = await call(t, 'GET', `/catalog/resources/${stops.id}/data?limit=5`, undefined, { as: 'analyst1' });
      assert.equal(data.status, 200, data.raw);
      for (const s of data.body.records) {
        assert.ok(s.lon > 119 && s.lon < 121 && s.lat > 28 && s.lat < 31, JSON.stringify(s));
      }
    });

    it('shows the public only published open resources, and masks personal fields for other departments', async () => {
      const pub = await t.platform.services.catalog.searchResources({ kind: 'public' }, {}, 100);
      assert.ok(pub.items.length > 5);
      assert.ok(pub.items.every((r) => r.openType !== 'none' && r.status === 'published'));
      const aqi = pub.items.find((r) => r.name === '空气质量日报')!;
      const page = await t.platform.services.catalog.readData({ kind: 'public' }, aqi.id, { filters: { level: '优' }, limit: 3 });
      assert.ok(page.records.every((r) => r.level === '优'));
      const residents = (await call(t, 'GET', `/catalog/resources?q=${encodeURIComponent('户籍')}`, undefined, { as: 'analyst1' })).body
        .items[0];
      await assert.rejects(t.platform.services.catalog.readData({ kind: 'public' }, residents.id, { filters: {}, limit: 1 }), /not open/);
      const inbox = await call(t, 'GET', '/catalog/share-requests?box=all', undefined, { as: 'steward1' });
      assert.equal(inbox.status, 200, inbox.raw);
      const statuses = inbox.body.items.map((i: { status: string }) => i.status).sort();
      assert.deepEqual(statuses, ['approved', 'approved', 'pending', 'pending']);
    });
  });
});

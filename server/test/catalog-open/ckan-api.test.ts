/**
 * The CKAN Action API subset at /api/3/action: every action's shape, package_search's q/fq/sort/
 * paging/facets, datastore_search's filters/q/sort/limits/formats, CKAN's envelope and status
 * codes on errors, and what never leaks: personal fields, 不予开放 and draft resources, and
 * 有条件开放 data without a granted key.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';
import { addUser, call } from '../catalog/catalog-test-kit.js';
import { ckan, seedOpenCatalog, type OpenFixture } from './open-data-kit.js';

forEachDialect((dialect) => {
  describe(`CKAN Action API (${dialect})`, () => {
    let t: TestApp;
    let fx: OpenFixture;

    before(async () => {
      t = await startTestApp({ dialect, demo: true });
      fx = await seedOpenCatalog(t);
    });
    after(() => t?.close());

    it('answers package_search in CKAN shape with only open, published datasets', async () => {
      const res = await ckan(t, 'package_search', { rows: 100 });
      assert.equal(res.status, 200, res.raw);
      assert.equal(res.body.success, true);
      assert.match(res.body.help, /\/api\/3\/action\/help_show\?name=package_search$/);
      const ids = res.body.result.results.map((p: { id: string }) => p.id).sort();
      assert.deepEqual(ids, [fx.busStops, fx.schools, fx.credit].sort());
      assert.equal(res.body.result.count, 3);
      const bus = res.body.result.results.find((p: { id: string }) => p.id === fx.busStops);
      assert.match(bus.name, /^zc-201001-\d{5}$/);
      assert.equal(bus.title, '公交站点');
      assert.equal(bus.notes, '全市公交站点位置与线路数');
      assert.equal(bus.organization.id, fx.transport);
      assert.equal(bus.organization.title, '市交通运输局');
      assert.deepEqual(
        bus.tags.map((x: { name: string }) => x.name),
        ['公交', '站点'],
      );
      assert.deepEqual(
        bus.groups.map((x: { name: string }) => x.name),
        ['交通'],
      );
      assert.equal(bus.license_id, 'other-open');
      assert.ok(bus.metadata_created && bus.metadata_modified);
      assert.deepEqual(
        bus.resources.map((r: { format: string }) => r.format),
        ['CSV', 'JSON', 'XLSX'],
      );
      assert.equal(bus.resources[0].id, `${fx.busStops}-csv`);
      assert.equal(bus.resources[0].datastore_active, true);
      assert.match(bus.resources[0].url, new RegExp(`/api/v1/open-data/datasets/${fx.busStops}/download\\.csv$`));
      assert.ok(bus.extras.some((e: { key: string; value: string }) => e.key === 'update_cycle' && e.value === 'monthly'));
      const credit = res.body.result.results.find((p: { id: string }) => p.id === fx.credit);
      assert.equal(credit.license_id, 'other-closed');
      assert.equal(credit.isopen, false);
    });

    it('filters package_search by q and by fq organization, tags, groups and res_format', async () => {
      const byQ = await ckan(t, 'package_search', { q: '公交' });
      assert.deepEqual(
        byQ.body.result.results.map((p: { id: string }) => p.id),
        [fx.busStops],
      );
      const byOrg = await ckan(t, 'package_search', { fq: `organization:${fx.education.toLowerCase()}` });
      assert.deepEqual(
        byOrg.body.result.results.map((p: { id: string }) => p.id),
        [fx.schools],
      );
      const byTag = await ckan(t, 'package_search', { fq: 'tags:"信用"' }, { post: true });
      assert.deepEqual(
        byTag.body.result.results.map((p: { id: string }) => p.id),
        [fx.credit],
      );
      const byGroup = await ckan(t, 'package_search', { fq: 'groups:交通 res_format:CSV' });
      assert.deepEqual(
        byGroup.body.result.results.map((p: { id: string }) => p.id),
        [fx.busStops],
      );
      const negated = await ckan(t, 'package_search', { fq: '-groups:交通', rows: 10 });
      assert.equal(negated.body.result.count, 2);
      const either = await ckan(t, 'package_search', { fq: 'tags:(学校 OR 公交)' });
      assert.equal(either.body.result.count, 2);
      const none = await ckan(t, 'package_search', { fq: 'res_format:SHP' });
      assert.equal(none.body.result.count, 0);
    });

    it('pages, sorts and counts facets', async () => {
      const p1 = await ckan(t, 'package_search', { rows: 2, start: 0, sort: 'title_string asc' });
      const p2 = await ckan(t, 'package_search', { rows: 2, start: 2, sort: 'title_string asc' });
      assert.equal(p1.body.result.count, 3);
      assert.equal(p1.body.result.results.length, 2);
      assert.equal(p2.body.result.results.length, 1);
      const titles = [...p1.body.result.results, ...p2.body.result.results].map((p: { title: string }) => p.title);
      assert.deepEqual(
        titles,
        [...titles].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN')),
      );
      const desc = await ckan(t, 'package_search', { rows: 3, sort: 'title_string desc' });
      assert.deepEqual(
        desc.body.result.results.map((p: { title: string }) => p.title),
        [...titles].reverse(),
      );
      const defaultRows = await ckan(t, 'package_search', {});
      assert.equal(defaultRows.body.result.results.length, 3);
      const capped = await ckan(t, 'package_search', { rows: 5000 });
      assert.equal(capped.status, 200);

      const f = await ckan(t, 'package_search', { 'facet.field': ['organization', 'groups', 'res_format'], 'facet.limit': 10 });
      const org = f.body.result.search_facets.organization;
      assert.equal(org.title, 'organization');
      const transportItem = org.items.find((i: { name: string }) => i.name === fx.transport.toLowerCase());
      assert.deepEqual(transportItem, { count: 1, name: fx.transport.toLowerCase(), display_name: '市交通运输局' });
      assert.deepEqual(f.body.result.search_facets.res_format.items.map((i: { name: string; count: number }) => [i.name, i.count]).sort(), [
        ['CSV', 3],
        ['JSON', 3],
        ['XLSX', 3],
      ]);
      assert.equal(f.body.result.facets.groups['交通'], 1);
      const limited = await ckan(t, 'package_search', { 'facet.field': '["organization"]', 'facet.limit': 1 });
      assert.equal(limited.body.result.search_facets.organization.items.length, 1);
    });

    it('shows a package by id and by name, lists packages, organizations, groups and tags', async () => {
      const byId = await ckan(t, 'package_show', { id: fx.busStops });
      assert.equal(byId.status, 200, byId.raw);
      const byName = await ckan(t, 'package_show', { id: byId.body.result.name });
      assert.equal(byName.body.result.id, fx.busStops);

      const list = await ckan(t, 'package_list');
      assert.equal(list.body.result.length, 3);
      assert.ok(list.body.result.includes(byId.body.result.name));
      const paged = await ckan(t, 'package_list', { limit: 1, offset: 1 });
      assert.deepEqual(paged.body.result, [list.body.result[1]]);

      const orgs = await ckan(t, 'organization_list');
      assert.ok(orgs.body.result.includes(fx.transport.toLowerCase()));
      const orgsFull = await ckan(t, 'organization_list', { all_fields: true, sort: 'package_count desc', limit: 3 });
      assert.equal(orgsFull.body.result.length, 3);
      assert.equal(orgsFull.body.result[0].package_count, 1);
      assert.equal(orgsFull.body.result[0].is_organization, true);
      const org = await ckan(t, 'organization_show', { id: fx.transport, include_datasets: true });
      assert.equal(org.body.result.title, '市交通运输局');
      assert.equal(org.body.result.package_count, 1);
      assert.deepEqual(
        org.body.result.packages.map((p: { id: string }) => p.id),
        [fx.busStops],
      );

      const groups = await ckan(t, 'group_list');
      assert.deepEqual([...groups.body.result].sort(), ['交通', '信用', '教育'].sort());
      const groupsFull = await ckan(t, 'group_list', { all_fields: true });
      assert.ok(groupsFull.body.result.every((g: { package_count: number }) => g.package_count === 1));

      const tags = await ckan(t, 'tag_list');
      assert.deepEqual([...tags.body.result].sort(), ['企业', '信用', '公交', '学校', '站点'].sort());
      const tagQ = await ckan(t, 'tag_list', { query: '公' });
      assert.deepEqual(tagQ.body.result, ['公交']);
    });

    it('shows a resource and the site status', async () => {
      const r = await ckan(t, 'resource_show', { id: `${fx.schools}-json` });
      assert.equal(r.status, 200, r.raw);
      assert.equal(r.body.result.package_id, fx.schools);
      assert.equal(r.body.result.format, 'JSON');
      assert.equal(r.body.result.mimetype, 'application/json');
      const s = await ckan(t, 'status_show');
      assert.equal(s.body.result.ckan_version, '2.10.0');
      assert.ok(s.body.result.extensions.includes('datastore'));
    });

    it('reads datastore_search in CKAN shape without personal fields', async () => {
      const res = await ckan(t, 'datastore_search', { resource_id: `${fx.busStops}-csv`, limit: 5 });
      assert.equal(res.status, 200, res.raw);
      const r = res.body.result;
      assert.deepEqual(
        r.fields.map((f: { id: string; type: string }) => [f.id, f.type]),
        [
          ['_id', 'int'],
          ['stop_id', 'text'],
          ['name', 'text'],
          ['district', 'text'],
          ['lon', 'numeric'],
          ['lat', 'numeric'],
          ['lines', 'int'],
        ],
      );
      assert.equal(r.records.length, 5);
      assert.equal(r.total, 30);
      assert.equal(r.limit, 5);
      assert.equal(r.offset, 0);
      assert.deepEqual(r.records[0], {
        _id: 1,
        stop_id: 'BS001',
        name: '人民路1号站',
        district: '西城区',
        lon: 119.601,
        lat: 29.101,
        lines: 2,
      });
      assert.ok(!res.raw.includes('manager_phone') && !res.raw.includes('1390000'), 'personal field leaked');
      assert.match(r._links.start, /datastore_search\?resource_id=/);
      assert.match(r._links.next, /offset=5$/);
    });

    it('applies datastore_search filters, q, fields, sort, offset, include_total and records_format', async () => {
      const id = fx.busStops;
      const f = await ckan(t, 'datastore_search', { resource_id: id, filters: { district: '东城区' }, limit: 100 });
      assert.equal(f.body.result.total, 10);
      assert.ok(f.body.result.records.every((x: { district: string }) => x.district === '东城区'));
      const list = await ckan(
        t,
        'datastore_search',
        { resource_id: id, filters: { district: ['东城区', '西城区'], lines: 1 } },
        { post: true },
      );
      assert.ok(list.body.result.records.every((x: { district: string; lines: number }) => x.lines === 1 && x.district !== '南湖区'));
      assert.ok(list.body.result.total > 0);
      const q = await ckan(t, 'datastore_search', { resource_id: id, q: '解放路 10号' });
      assert.deepEqual(
        q.body.result.records.map((x: { stop_id: string }) => x.stop_id),
        ['BS010'],
      );
      const qField = await ckan(t, 'datastore_search', { resource_id: id, q: { name: '人民路' } }, { post: true });
      assert.equal(qField.body.result.total, 15);
      const sorted = await ckan(t, 'datastore_search', {
        resource_id: id,
        sort: 'lines desc, stop_id asc',
        limit: 3,
        offset: 1,
        fields: 'stop_id,lines',
      });
      assert.deepEqual(sorted.body.result.records, [
        { _id: 9, stop_id: 'BS009', lines: 5 },
        { _id: 14, stop_id: 'BS014', lines: 5 },
        { _id: 19, stop_id: 'BS019', lines: 5 },
      ]);
      const lists = await ckan(t, 'datastore_search', {
        resource_id: id,
        records_format: 'lists',
        fields: ['stop_id'],
        limit: 2,
        include_total: false,
      });
      assert.deepEqual(lists.body.result.records, [
        [1, 'BS001'],
        [2, 'BS002'],
      ]);
      assert.equal(lists.body.result.total, undefined);
      const deep = await ckan(t, 'datastore_search', { resource_id: id, offset: 28 });
      assert.equal(deep.body.result.records.length, 2);
      const dflt = await ckan(t, 'datastore_search', { resource_id: id });
      assert.equal(dflt.body.result.limit, 100);
      const capped = await ckan(t, 'datastore_search', { resource_id: id, limit: 100000 });
      assert.equal(capped.body.result.limit, 32000);
      // A value that looks like an operator is compared literally.
      const literal = await ckan(t, 'datastore_search', { resource_id: id, filters: { district: 'like:城' } });
      assert.equal(literal.body.result.total, 0);
    });

    it('answers errors in the CKAN envelope with CKAN status codes', async () => {
      const unknown = await ckan(t, 'package_frobnicate');
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.success, false);
      assert.equal(unknown.body.error.__type, 'Bad request');
      assert.match(unknown.body.error.message, /Action name not known: package_frobnicate/);

      for (const [action, params] of [
        ['package_show', { id: 'no-such-dataset' }],
        ['resource_show', { id: 'nosuchresource-csv' }],
        ['organization_show', { id: 'nosuchorg' }],
        ['datastore_search', { resource_id: 'nosuchresource' }],
      ] as const) {
        const res = await ckan(t, action, params);
        assert.equal(res.status, 404, `${action}: ${res.raw}`);
        assert.equal(res.body.error.__type, 'Not Found Error');
      }

      const missing = await ckan(t, 'package_show', {});
      assert.equal(missing.status, 409);
      assert.equal(missing.body.error.__type, 'Validation Error');
      assert.deepEqual(missing.body.error.id, ['Missing value']);

      for (const [action, params, field] of [
        ['package_search', { rows: 'ten' }, 'rows'],
        ['package_search', { start: -1 }, 'start'],
        ['package_search', { fq: 'author:someone' }, 'fq'],
        ['package_search', { sort: 'random()' }, 'sort'],
        ['package_search', { 'facet.field': '["maintainer"]' }, 'facet.field'],
        ['datastore_search', { resource_id: fx.busStops, filters: '{bad json' }, 'filters'],
        ['datastore_search', { resource_id: fx.busStops, filters: { manager_phone: '13900000001' } }, 'filters'],
        ['datastore_search', { resource_id: fx.busStops, fields: 'manager_phone' }, 'fields'],
        ['datastore_search', { resource_id: fx.busStops, sort: 'nope asc' }, 'sort'],
        ['datastore_search', { resource_id: fx.busStops, limit: -5 }, 'limit'],
        ['datastore_search', { resource_id: fx.busStops, records_format: 'csv' }, 'records_format'],
        ['datastore_search', { resource_id: fx.busStops, filters: { lines: 'many' } }, 'lines'],
        ['organization_list', { sort: 'size desc' }, 'sort'],
      ] as const) {
        const res = await ckan(t, action, params);
        assert.equal(res.status, 409, `${action} ${JSON.stringify(params)}: ${res.raw}`);
        assert.equal(res.body.error.__type, 'Validation Error');
        assert.ok(res.body.error[field] || res.body.error.message.includes(field), `${field} not named: ${res.raw}`);
      }

      const badJson = await t.platform.app.inject({
        method: 'POST',
        url: '/api/3/action/package_search',
        payload: '{nope',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(badJson.statusCode, 400);
      assert.equal(JSON.parse(badJson.body).success, false);
      const arrayBody = await ckan(t, 'package_search', [] as unknown as Record<string, unknown>, { post: true });
      assert.equal(arrayBody.status, 400);
    });

    it('keeps 不予开放 and draft resources invisible and 有条件开放 data behind a granted key', async () => {
      for (const id of [fx.closed, fx.draft]) {
        assert.equal((await ckan(t, 'package_show', { id })).status, 404);
        assert.equal((await ckan(t, 'datastore_search', { resource_id: id })).status, 404);
        assert.equal((await ckan(t, 'resource_show', { id: `${id}-csv` })).status, 404);
      }
      const names = (await ckan(t, 'package_list')).body.result as string[];
      assert.equal(names.length, 3);

      const refused = await ckan(t, 'datastore_search', { resource_id: fx.credit });
      assert.equal(refused.status, 403, refused.raw);
      assert.equal(refused.body.error.__type, 'Authorization Error');

      // A department granted on the conditional resource reads it through CKAN with its consumer key.
      await addUser(t, 'steward_open', 'data_steward', fx.transport);
      const req = await call(
        t,
        'POST',
        '/catalog/share-requests',
        {
          resourceId: fx.credit,
          fields: ['uscc', 'level'],
          purpose: '信用服务',
          until: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        },
        { as: 'steward_open' },
      );
      assert.equal(req.status, 201, req.raw);
      const ok = await call(t, 'POST', `/catalog/share-requests/${req.body.id}/approve`, {}, { as: 'admin' });
      assert.equal(ok.status, 200, ok.raw);
      const granted = await ckan(
        t,
        'datastore_search',
        { resource_id: `${fx.credit}-json` },
        { headers: { authorization: `Bearer ${ok.body.key}` } },
      );
      assert.equal(granted.status, 200, granted.raw);
      assert.deepEqual(
        granted.body.result.fields.map((f: { id: string }) => f.id),
        ['_id', 'uscc', 'level'],
      );
      assert.equal(granted.body.result.total, 2);
    });

    it('sends rate-limit headers on CKAN calls', async () => {
      const res = await t.platform.app.inject({ method: 'GET', url: '/api/3/action/status_show' });
      assert.equal(res.headers['x-ratelimit-limit'], '300');
    });
  });
});

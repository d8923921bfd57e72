/**
 * The open-data portal's public API: anonymous search with facets, dataset metadata without
 * personal fields, paged preview, CSV/JSON/XLSX downloads; 有条件开放 data refused to the
 * anonymous; hidden resources 404; bad input a 400 naming the field; every read in the access log.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';
import { addUser, call } from '../catalog/catalog-test-kit.js';
import { anon, seedOpenCatalog, type OpenFixture } from './open-data-kit.js';

forEachDialect((dialect) => {
  describe(`open-data portal API (${dialect})`, () => {
    let t: TestApp;
    let fx: OpenFixture;

    before(async () => {
      t = await startTestApp({ dialect, demo: true });
      fx = await seedOpenCatalog(t);
    });
    after(() => t?.close());

    it('searches open datasets anonymously with facets', async () => {
      const all = await anon(t, '/api/v1/open-data/datasets');
      assert.equal(all.status, 200, all.raw);
      assert.equal(all.body.total, 3);
      assert.deepEqual(all.body.items.map((i: { id: string }) => i.id).sort(), [fx.busStops, fx.schools, fx.credit].sort());
      assert.deepEqual(all.body.facets.theme.map((f: { value: string }) => f.value).sort(), ['交通', '信用', '教育'].sort());
      assert.ok(
        all.body.facets.department.some((f: { value: string; label: string }) => f.value === fx.transport && f.label === '市交通运输局'),
      );
      assert.ok(all.body.facets.updateCycle.some((f: { value: string; count: number }) => f.value === 'monthly' && f.count === 1));
      assert.ok(all.body.facets.format.length >= 1);
      const q = await anon(t, `/api/v1/open-data/datasets?q=${encodeURIComponent('学校')}`);
      assert.deepEqual(
        q.body.items.map((i: { id: string }) => i.id),
        [fx.schools],
      );
      const theme = await anon(t, `/api/v1/open-data/datasets?theme=${encodeURIComponent('交通')}&updateCycle=monthly`);
      assert.deepEqual(
        theme.body.items.map((i: { id: string }) => i.id),
        [fx.busStops],
      );
      const dept = await anon(t, `/api/v1/open-data/datasets?department=${fx.bureau}`);
      assert.deepEqual(
        dept.body.items.map((i: { id: string }) => i.id),
        [fx.credit],
      );
      const cond = await anon(t, '/api/v1/open-data/datasets?openType=conditional');
      assert.deepEqual(
        cond.body.items.map((i: { id: string }) => i.id),
        [fx.credit],
      );
      const paged = await anon(t, '/api/v1/open-data/datasets?limit=2&offset=2');
      assert.equal(paged.body.items.length, 1);
      assert.equal(paged.body.total, 3);
    });

    it('answers bad search parameters with a 400 naming the field', async () => {
      for (const [qs, field] of [
        ['limit=0', 'limit'],
        ['limit=1000', 'limit'],
        ['offset=-1', 'offset'],
        ['updateCycle=sometimes', 'updateCycle'],
        ['openType=none', 'openType'],
        ['department=%27%3B--', 'department'],
        ['color=red', 'color'],
      ]) {
        const res = await anon(t, `/api/v1/open-data/datasets?${qs}`);
        assert.equal(res.status, 400, `${qs}: ${res.raw}`);
        assert.ok(JSON.stringify(res.body.errors ?? res.body).includes(field), `${qs}: ${res.raw}`);
      }
      const badFormat = await anon(t, `/api/v1/open-data/datasets/${fx.busStops}/download.pdf`);
      assert.equal(badFormat.status, 400, badFormat.raw);
      const badLimit = await anon(t, `/api/v1/open-data/datasets/${fx.busStops}/data?limit=500`);
      assert.equal(badLimit.status, 400);
      const badId = await anon(t, '/api/v1/open-data/datasets/not-an-id!');
      assert.equal(badId.status, 400);
    });

    it('shows a dataset without personal fields, with coordinates, downloads and API URLs', async () => {
      const res = await anon(t, `/api/v1/open-data/datasets/${fx.busStops}`);
      assert.equal(res.status, 200, res.raw);
      assert.equal(res.body.title, '公交站点');
      assert.deepEqual(
        res.body.fields.map((f: { name: string }) => f.name),
        ['stop_id', 'name', 'district', 'lon', 'lat', 'lines'],
      );
      assert.deepEqual(res.body.coordinates, { lon: 'lon', lat: 'lat' });
      assert.deepEqual(
        res.body.downloads.map((d: { format: string }) => d.format),
        ['CSV', 'JSON', 'XLSX'],
      );
      assert.equal(res.body.api.datastoreSearch, `/api/3/action/datastore_search?resource_id=${fx.busStops}-csv`);
      assert.equal(res.body.license.id, 'other-open');
      const schools = await anon(t, `/api/v1/open-data/datasets/${fx.schools}`);
      assert.equal(schools.body.coordinates, null);
    });

    it('previews data page by page', async () => {
      const p1 = await anon(t, `/api/v1/open-data/datasets/${fx.busStops}/data?limit=20`);
      assert.equal(p1.status, 200, p1.raw);
      assert.equal(p1.body.records.length, 20);
      assert.deepEqual(Object.keys(p1.body.records[0]), ['stop_id', 'name', 'district', 'lon', 'lat', 'lines']);
      assert.ok(p1.body.next);
      const p2 = await anon(t, `/api/v1/open-data/datasets/${fx.busStops}/data?limit=20&cursor=${encodeURIComponent(p1.body.next)}`);
      assert.equal(p2.body.records.length, 10);
      assert.equal(p2.body.next, null);
      assert.equal(p2.body.records[0].stop_id, 'BS021');
    });

    it('downloads CSV, JSON and XLSX with the public fields', async () => {
      const csv = await anon(t, `/api/v1/open-data/datasets/${fx.busStops}/download.csv`);
      assert.equal(csv.status, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      const lines = csv.raw
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      assert.equal(lines.length, 31);
      assert.equal(lines[0], '站点编号,站点名称,所在区,经度,纬度,线路数');
      assert.equal(lines[1], 'BS001,人民路1号站,西城区,119.601,29.101,2');
      const json = await anon(t, `/api/v1/open-data/datasets/${fx.schools}/download.json`);
      assert.equal(json.status, 200);
      assert.deepEqual(json.body[0], { school_id: 'S1', name: '第一中学', stage: '高中', students: 1800 });
      assert.equal(json.body.length, 4);
      const xlsx = await anon(t, `/api/v1/open-data/datasets/${fx.busStops}/download.xlsx`);
      assert.equal(xlsx.status, 200, xlsx.raw.slice(0, 200));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = wb.worksheets[0]!;
      assert.equal(sheet.rowCount, 31);
      assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), ['站点编号', '站点名称', '所在区', '经度', '纬度', '线路数']);
      assert.deepEqual((sheet.getRow(2).values as unknown[]).slice(1), ['BS001', '人民路1号站', '西城区', 119.601, 29.101, 2]);
      assert.ok(!csv.raw.includes('1390000') && !JSON.stringify(sheet.getRow(2).values as unknown[]).includes('1390000'));
    });

    it('refuses 有条件开放 data to the anonymous and hides 不予开放 and drafts', async () => {
      const meta = await anon(t, `/api/v1/open-data/datasets/${fx.credit}`);
      assert.equal(meta.status, 200);
      assert.equal(meta.body.openConditions, '用于学术研究或信用服务，需签署数据使用协议');
      for (const url of [`/api/v1/open-data/datasets/${fx.credit}/data`, `/api/v1/open-data/datasets/${fx.credit}/download.csv`]) {
        const res = await anon(t, url);
        assert.equal(res.status, 403, `${url}: ${res.raw}`);
        assert.equal(res.body.status, 403);
      }
      for (const id of [fx.closed, fx.draft]) {
        assert.equal((await anon(t, `/api/v1/open-data/datasets/${id}`)).status, 404);
        assert.equal((await anon(t, `/api/v1/open-data/datasets/${id}/data`)).status, 404);
        assert.equal((await anon(t, `/api/v1/open-data/datasets/${id}/download.json`)).status, 404);
      }
    });

    it('records anonymous reads in the access log', async () => {
      await anon(t, `/api/v1/open-data/datasets/${fx.schools}/data?limit=3`);
      const log = await call(t, 'GET', `/catalog/resources/${fx.schools}/access-log`);
      assert.equal(log.status, 200, log.raw);
      const portal = log.body.items.find((i: { consumer: string; rows: number }) => i.consumer === 'anonymous' && i.rows === 3);
      assert.ok(portal, JSON.stringify(log.body.items));
    });

    it('registers an application for 有条件开放 data that the providing department decides', async () => {
      const post = (id: string, body: unknown) =>
        t.platform.app.inject({
          method: 'POST',
          url: `/api/v1/open-data/datasets/${id}/applications`,
          payload: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        });
      const body = {
        applicantName: '李研究',
        organization: '示范大学',
        email: 'li@example.edu.cn',
        phone: '13800001111',
        purpose: '企业信用学术研究',
      };
      const bad = await post(fx.credit, { ...body, email: 'not-an-email' });
      assert.equal(bad.statusCode, 400, bad.body);
      assert.ok(bad.body.includes('email'), bad.body);
      assert.equal((await post(fx.schools, body)).statusCode, 409, 'open data needs no application');
      assert.equal((await post(fx.closed, body)).statusCode, 404);
      const res = await post(fx.credit, body);
      assert.equal(res.statusCode, 201, res.body);
      const receipt = JSON.parse(res.body);
      assert.equal(receipt.status, 'pending');
      assert.ok(!res.body.includes('13800001111'), 'the receipt repeats no personal data');

      // The bureau (provider) sees it; the transport department does not.
      const inbox = await call(t, 'GET', '/catalog/open-applications?status=pending', undefined, { as: 'steward1' });
      assert.equal(inbox.status, 200, inbox.raw);
      const mine = inbox.body.items.find((a: { id: string }) => a.id === receipt.id);
      assert.equal(mine.applicantName, '李研究');
      assert.equal(mine.resourceName, '企业信用评价结果');
      await addUser(t, 'steward_tr_open', 'data_steward', fx.transport);
      const other = await call(t, 'GET', '/catalog/open-applications', undefined, { as: 'steward_tr_open' });
      assert.ok(!other.body.items.some((a: { id: string }) => a.id === receipt.id));
      const foreign = await call(
        t,
        'POST',
        `/catalog/open-applications/${receipt.id}/decision`,
        { decision: 'approved' },
        { as: 'steward_tr_open' },
      );
      assert.equal(foreign.status, 403, foreign.raw);

      const noReason = await call(
        t,
        'POST',
        `/catalog/open-applications/${receipt.id}/decision`,
        { decision: 'refused' },
        { as: 'steward1' },
      );
      assert.equal(noReason.status, 400, noReason.raw);
      const ok = await call(t, 'POST', `/catalog/open-applications/${receipt.id}/decision`, { decision: 'approved' }, { as: 'steward1' });
      assert.equal(ok.status, 200, ok.raw);
      assert.equal(ok.body.status, 'approved');
      const again = await call(
        t,
        'POST',
        `/catalog/open-applications/${receipt.id}/decision`,
        { decision: 'refused', reason: '重复' },
        { as: 'steward1' },
      );
      assert.equal(again.status, 409, again.raw);
      const status = await anon(t, `/api/v1/open-data/applications/${receipt.id}`);
      assert.equal(status.body.status, 'approved');
      const audit = await call(t, 'GET', '/audit?limit=50');
      assert.ok(audit.raw.includes('catalog.open-application.approved'), 'the decision is audited');
    });

    it('rate-limits the public API per client address', async () => {
      const res = await anon(t, '/api/v1/open-data/datasets?limit=1');
      assert.equal(res.headers['x-ratelimit-limit'], '240');
      let last = 0;
      for (let i = 0; i < 25 && last !== 429; i++) last = (await anon(t, `/api/v1/open-data/datasets/${fx.schools}/download.json`)).status;
      assert.equal(last, 429);
    });
  });
});

/**
 * Dataset loads through the API: CSV in UTF-8 and GBK (detected), XLSX, JSON arrays and NDJSON,
 * multipart uploads; a bad row rejects the whole load with row/field/reason and leaves the
 * previous version current; ?partial=true keeps the good rows; versions, diff, rollback and the
 * push API.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';
import { call, deptCode, peopleCsv, personResource } from './catalog-test-kit.js';
import { encodeGbk } from './gbk.js';

forEachDialect((dialect) => {
  describe(`catalog loads API (${dialect})`, () => {
    let t: TestApp;
    let bureau: string;
    const create = async (extra: Record<string, unknown> = {}) => {
      const r = await call(t, 'POST', '/catalog/resources', personResource(bureau, extra), { as: 'steward1' });
      assert.equal(r.status, 201, r.raw);
      return r.body.id as string;
    };
    const owner = (url: string) => call(t, 'GET', url, undefined, { as: 'steward1' });
    const load = (id: string, body: string | Buffer, contentType = 'text/csv', query = '') =>
      call(t, 'POST', `/catalog/resources/${id}/loads${query}`, body, { as: 'steward1', contentType });

    before(async () => {
      t = await startTestApp({ dialect, demo: true });
      bureau = await deptCode(t, '市大数据发展管理局');
    });
    after(() => t?.close());

    it('loads a UTF-8 CSV as version 1 with typed values, and reports its progress record', async () => {
      const id = await create();
      const res = await load(id, peopleCsv(25));
      assert.equal(res.status, 200, res.raw);
      assert.deepEqual(
        { version: res.body.version, accepted: res.body.accepted, rejected: res.body.rejected },
        { version: 1, accepted: 25, rejected: [] },
      );
      const data = await owner(`/catalog/resources/${id}/data?limit=3`);
      assert.equal(data.status, 200, data.raw);
      assert.equal(data.body.records.length, 3);
      assert.equal(data.body.records[0].age, 21);
      assert.equal(typeof data.body.records[0].age, 'number');
      assert.equal(data.body.records[0].registered, '2026-02-11');
      const info = await owner(`/catalog/loads/${res.body.loadId}`);
      assert.equal(info.body.status, 'succeeded');
      assert.equal(info.body.encoding, 'utf-8');
      assert.equal(info.body.rowsRead, 25);
      const versions = await owner(`/catalog/resources/${id}/versions`);
      assert.equal(versions.body.currentVersion, 1);
      assert.equal(versions.body.items[0].rows, 25);
      assert.equal(versions.body.items[0].stats.phone, 25);
    });

    it('detects GBK and maps Chinese header titles to fields', async () => {
      const id = await create();
      const csv =
        '身份证号,姓名,联系电话,住址,年龄,社区,登记日期\r\n330791199001010011,欧阳娜娜,13812348000,示范市西湖区湖滨街道南山路1号,35,湖滨社区,2026/3/5\r\n';
      const res = await load(id, encodeGbk(csv), 'text/csv');
      assert.equal(res.status, 200, res.raw);
      assert.equal(res.body.accepted, 1);
      const info = await owner(`/catalog/loads/${res.body.loadId}`);
      assert.equal(info.body.encoding, 'gbk');
      const data = await owner(`/catalog/resources/${id}/data`);
      assert.equal(data.body.records[0].name, '欧阳娜娜');
      assert.equal(data.body.records[0].community, '湖滨社区');
      assert.equal(data.body.records[0].registered, '2026-03-05');
      // The same bytes declared UTF-8 are refused as a whole.
      const wrong = await load(id, encodeGbk(csv), 'text/csv; charset=utf-8');
      assert.equal(wrong.status, 400);
      assert.match(wrong.body.detail, /not valid utf-8/);
    });

    it('loads XLSX (first sheet, header by title, date cells) and JSON arrays, NDJSON and multipart files', async () => {
      const id = await create();
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('数据');
      ws.addRow(['身份证号', '姓名', '联系电话', '住址', '年龄', '社区', '登记日期']);
      ws.addRow(['330791199001020011', '李四', '13900001111', '示范市东城区城东街道一号', 40, '一社区', new Date(Date.UTC(2026, 0, 15))]);
      ws.addRow(['330791199001020012', { richText: [{ text: '王' }, { text: '五' }] }, null, null, 41, '二社区', '2026-01-16']);
      wb.addWorksheet('说明').addRow(['本表为测试']);
      const buf = Buffer.from(await wb.xlsx.writeBuffer());
      const x = await load(id, buf, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.equal(x.status, 200, x.raw);
      assert.equal(x.body.accepted, 2);
      const rows = (await owner(`/catalog/resources/${id}/data`)).body.records;
      assert.equal(rows[0].registered, '2026-01-15');
      assert.equal(rows[1].name, '王五');
      assert.equal(rows[1].phone, null);

      const arr = [
        { id_no: 'J1', name: '赵六', age: 30 },
        { id_no: 'J2', name: '钱七', age: '31', registered: '2026-05-01' },
      ];
      const j = await load(id, JSON.stringify(arr), 'application/json');
      assert.equal(j.status, 200, j.raw);
      assert.equal(j.body.accepted, 2);
      const nd = await load(id, arr.map((r) => JSON.stringify(r)).join('\n') + '\n', 'application/x-ndjson');
      assert.equal(nd.status, 200, nd.raw);
      assert.equal(nd.body.version, j.body.version + 1);

      const boundary = '----zc' + Date.now();
      const form = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="people.csv"\r\nContent-Type: text/csv\r\n\r\n`,
        ),
        Buffer.from(peopleCsv(7)),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const mp = await load(id, form, `multipart/form-data; boundary=${boundary}`);
      assert.equal(mp.status, 200, mp.raw);
      assert.equal(mp.body.accepted, 7);
    });

    it('rejects the whole load for one bad row, naming row, field and reason, and keeps the previous version', async () => {
      const id = await create();
      await load(id, peopleCsv(5));
      const bad = peopleCsv(6)
        .replace(/,(2\d),社区1,/, ',二十,社区1,')
        .replace(/\n(330791199001000004),[^,]*,/, '\n$1,,');
      const res = await load(id, bad);
      assert.equal(res.status, 400, res.raw);
      assert.equal(res.body.accepted, 0);
      assert.equal(res.body.rejectedCount, 2);
      assert.deepEqual(
        res.body.rejected.map((r: { row: number; field: string }) => [r.row, r.field]),
        [
          [1, 'age'],
          [4, 'name'],
        ],
      );
      assert.match(res.body.rejected[0].reason, /not an integer/);
      assert.ok(res.body.errors.some((e: { path: string }) => e.path === '/body/rows/1/age'));
      const versions = await owner(`/catalog/resources/${id}/versions`);
      assert.equal(versions.body.currentVersion, 1);
      assert.equal(versions.body.items.find((v: { version: number }) => v.version === 2).status, 'failed');
      const data = await owner(`/catalog/resources/${id}/data?limit=100`);
      assert.equal(data.body.records.length, 5);
      assert.equal(data.body.version, 1);
      const loads = await owner(`/catalog/resources/${id}/loads`);
      assert.equal(loads.body.items[0].status, 'failed');
      const audit = await t.platform.ctx.audit.list({ limit: 5, target: `resource:${id}`, action: 'catalog.dataset.load-failed' });
      assert.equal(audit.length, 1);
    });

    it('keeps the good rows with ?partial=true and reports the bad ones, duplicates of a key included', async () => {
      const id = await create();
      const lines = peopleCsv(4).trimEnd().split('\n');
      lines.push(lines[1]!); // the first person again
      lines.push('X9,,,,,,');
      const res = await load(id, lines.join('\n'), 'text/csv', '?partial=true');
      assert.equal(res.status, 200, res.raw);
      assert.equal(res.body.accepted, 4);
      assert.deepEqual(
        res.body.rejected.map((r: { row: number; field: string; reason: string }) => [r.row, r.field]),
        [
          [5, 'id_no'],
          [6, 'name'],
        ],
      );
      assert.match(res.body.rejected[0].reason, /repeats the key/);
      const q = await owner(`/catalog/resources/${id}/quality`);
      assert.equal(q.body.validity, 0.6667);
      assert.equal(q.body.completeness.name, 1);
    });

    it('refuses wrong headers, malformed files, empty uploads and bad query parameters as a whole', async () => {
      const id = await create();
      const unknown = await load(id, 'id_no,name,shoe_size\nA,B,42\n');
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.errors[0].path, '/body/header');
      assert.match(unknown.body.detail, /shoe_size/);
      const missingKey = await load(id, 'name,age\nB,42\n');
      assert.equal(missingKey.status, 400);
      assert.match(missingKey.body.detail, /id_no/);
      assert.equal((await load(id, 'id_no,name\n"A,B\n')).status, 400);
      assert.equal((await load(id, '[{"id_no":"a","name":"b"}', 'application/json')).status, 400);
      assert.equal((await load(id, '', 'text/csv')).status, 400);
      assert.equal((await load(id, Buffer.from('PK\u0003\u0004garbage'), 'application/octet-stream')).status, 400);
      assert.equal((await load(id, 'id_no,name\nA,B\n', 'text/csv', '?encoding=latin9')).status, 400);
      assert.equal((await load(id, 'id_no,name\nA,B\n', 'text/csv', '?format=pdf')).status, 400);
      const row = await load(id, '[{"id_no":"a","name":"b"}, 5, {"id_no":"c","name":"d","age":1.5}]', 'application/json');
      assert.equal(row.status, 400);
      assert.deepEqual(
        row.body.rejected.map((r: { row: number; field: string | null }) => [r.row, r.field]),
        [
          [2, null],
          [3, 'age'],
        ],
      );
      const versions = await owner(`/catalog/resources/${id}/versions`);
      assert.equal(versions.body.currentVersion, null);
      assert.equal((await call(t, 'POST', `/catalog/resources/NOPE/loads`, 'a\n', { as: 'steward1' })).status, 404);
      assert.equal((await call(t, 'POST', `/catalog/resources/${id}/loads`, 'a\n', { as: 'analyst1' })).status, 403);
    });

    it('diffs versions by key, rolls back (audited) and upserts pushed rows into a new version', async () => {
      const id = await create();
      const v1 = await load(id, peopleCsv(10));
      const lines = peopleCsv(11).trimEnd().split('\n');
      lines.splice(3, 1); // remove person 3
      lines[1] = lines[1]!.replace(',21,', ',99,'); // change person 1's age
      const v2 = await load(id, lines.join('\n'));
      assert.equal(v2.body.version, v1.body.version + 1);
      const diff = await owner(`/catalog/resources/${id}/diff?from=${v1.body.version}&to=${v2.body.version}`);
      assert.equal(diff.status, 200, diff.raw);
      assert.deepEqual(diff.body.counts, { added: 1, removed: 1, changed: 1 });
      assert.equal(diff.body.added[0].id_no, '330791199001000011');
      assert.equal(diff.body.removed[0].id_no, '330791199001000003');
      assert.equal(diff.body.changed[0].before.age, 21);
      assert.equal(diff.body.changed[0].after.age, 99);
      assert.equal((await owner(`/catalog/resources/${id}/diff?from=1&to=99`)).status, 400);

      const rb = await call(t, 'POST', `/catalog/resources/${id}/rollback`, { version: v1.body.version }, { as: 'steward1' });
      assert.equal(rb.status, 200, rb.raw);
      assert.equal(rb.body.currentVersion, v1.body.version);
      assert.equal(rb.body.rowCount, 10);
      const after1 = await owner(`/catalog/resources/${id}/data?id_no=330791199001000001`);
      assert.equal(after1.body.records[0].age, 21);
      const audit = await t.platform.ctx.audit.list({ limit: 5, target: `resource:${id}`, action: 'catalog.dataset.rolled-back' });
      assert.deepEqual(audit[0]!.detail, { from: v2.body.version, to: v1.body.version });
      assert.equal((await call(t, 'POST', `/catalog/resources/${id}/rollback`, { version: 42 }, { as: 'steward1' })).status, 404);

      const push = await call(
        t,
        'POST',
        `/catalog/resources/${id}/rows`,
        {
          rows: [
            { id_no: '330791199001000002', name: '张四2', age: 77 },
            { id_no: 'NEW1', name: '新人' },
          ],
        },
        { as: 'steward1' },
      );
      assert.equal(push.status, 200, push.raw);
      assert.equal(push.body.version, v2.body.version + 1);
      const all = await owner(`/catalog/resources/${id}/data?limit=100`);
      assert.equal(all.body.records.length, 11);
      assert.equal(all.body.records.find((r: { id_no: string }) => r.id_no === '330791199001000002').age, 77);
      const badPush = await call(
        t,
        'POST',
        `/catalog/resources/${id}/rows`,
        {
          rows: [
            { id_no: 'N2', name: '甲' },
            { id_no: 'N3', age: 'x' },
          ],
        },
        { as: 'steward1' },
      );
      assert.equal(badPush.status, 400);
      assert.ok(badPush.body.errors.some((e: { path: string }) => e.path === '/body/rows/1/name'));
      assert.equal((await owner(`/catalog/resources/${id}/data?limit=100`)).body.records.length, 11);
      assert.equal((await call(t, 'POST', `/catalog/resources/${id}/rows`, { rows: [] }, { as: 'steward1' })).status, 400);
    });
  });
});

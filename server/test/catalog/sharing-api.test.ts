/**
 * Sharing and the query API: unconditional resources readable without a grant (masked),
 * conditional ones refused without one; share request → approve → a consumer key that reads
 * exactly the granted fields and rows, personal fields masked unless granted in clear, within
 * its period; refusals need reasons; withdraw, revoke, expiry; every read in the access log and
 * the audit chain; filters, field selection, paging and CSV export.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';
import { verifyAuditExport } from '../../src/modules/catalog/audit-export.js';
import { addUser, call, deptCode, peopleCsv, personResource } from './catalog-test-kit.js';

forEachDialect((dialect) => {
  describe(`catalog sharing and data API (${dialect})`, () => {
    let t: TestApp;
    let bureau: string;
    let transport: string;
    let conditional: string;
    let open: string;
    const future = (ms = 30 * 86_400_000) => new Date(Date.now() + ms).toISOString();
    const asKey = (key: string, url: string) =>
      t.platform.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { authorization: `Bearer ${key}` } });

    before(async () => {
      t = await startTestApp({ dialect, demo: true });
      bureau = await deptCode(t, '市大数据发展管理局');
      transport = await deptCode(t, '市交通运输局');
      await addUser(t, 'steward_jt', 'data_steward', transport);
      await addUser(t, 'analyst_jt', 'analyst', transport);
      const mk = async (extra: Record<string, unknown>) => {
        const r = await call(t, 'POST', '/catalog/resources', personResource(bureau, extra), { as: 'steward1' });
        assert.equal(r.status, 201, r.raw);
        const l = await call(t, 'POST', `/catalog/resources/${r.body.id}/loads`, peopleCsv(30), { as: 'steward1' });
        assert.equal(l.status, 200, l.raw);
        return r.body.id as string;
      };
      conditional = await mk({});
      open = await mk({ name: '无条件共享人口', shareType: 'unconditional' });
    });
    after(() => t?.close());

    it('serves an unconditional resource to any staff, personal fields masked, and logs every read', async () => {
      const res = await call(t, 'GET', `/catalog/resources/${open}/data?limit=2&purpose=${encodeURIComponent('核对')}`, undefined, {
        as: 'analyst_jt',
      });
      assert.equal(res.status, 200, res.raw);
      const r0 = res.body.records[0];
      assert.equal(r0.id_no, '330791********0001');
      assert.equal(r0.name, '张**'); // 张三1
      assert.equal(r0.phone, '138****0001');
      assert.equal(r0.address, '示范市东城区城东街道****');
      assert.equal(r0.age, 21);
      assert.equal(res.body.fields.find((f: { name: string }) => f.name === 'name').masked, true);
      assert.ok(res.body.next);
      // The owner reads in clear.
      const mine = await call(t, 'GET', `/catalog/resources/${open}/data?limit=1`, undefined, { as: 'steward1' });
      assert.equal(mine.body.records[0].id_no, '330791199001000001');
      const log = await call(t, 'GET', `/catalog/resources/${open}/access-log`, undefined, { as: 'steward1' });
      assert.equal(log.status, 200, log.raw);
      const entry = log.body.items.find((i: { purpose: string | null }) => i.purpose === '核对');
      assert.ok(entry, JSON.stringify(log.body.items));
      assert.equal(entry.rows, 2);
      assert.equal(entry.grantId, null);
      assert.deepEqual(entry.cleartextFields, []);
      const audit = await t.platform.ctx.audit.list({ limit: 50, target: `resource:${open}`, action: 'catalog.data.read' });
      assert.ok(audit.some((a) => a.detail.accessId === entry.id && a.detail.rows === 2));
      assert.equal((await call(t, 'GET', `/catalog/resources/${open}/access-log`, undefined, { as: 'analyst_jt' })).status, 403);
      assert.ok((await t.platform.ctx.audit.verify()).ok);
    });

    it('filters, selects fields, pages by cursor and exports CSV (masked, logged)', async () => {
      const q = await call(
        t,
        'GET',
        `/catalog/resources/${open}/data?age=gte:40&community=${encodeURIComponent('社区1')}&fields=age,community`,
        undefined,
        { as: 'analyst_jt' },
      );
      assert.equal(q.status, 200, q.raw);
      assert.deepEqual(Object.keys(q.body.records[0]), ['age', 'community']);
      assert.ok(q.body.records.every((r: { age: number; community: string }) => r.age >= 40 && r.community === '社区1'));
      const expected = Array.from({ length: 30 }, (_, i) => i + 1).filter((i) => 20 + (i % 50) >= 40 && i % 3 === 1).length;
      assert.equal(q.body.records.length, expected);
      const inList = await call(t, 'GET', `/catalog/resources/${open}/data?age=in:21,22&fields=age`, undefined, { as: 'analyst_jt' });
      assert.deepEqual(inList.body.records.map((r: { age: number }) => r.age).sort(), [21, 22]);
      const like = await call(
        t,
        'GET',
        `/catalog/resources/${open}/data?community=like:${encodeURIComponent('区2')}&limit=100`,
        undefined,
        { as: 'analyst_jt' },
      );
      assert.equal(like.body.records.length, 10);
      const all: unknown[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { records: unknown[]; next: string | null } } = await call(
          t,
          'GET',
          `/catalog/resources/${open}/data?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
          undefined,
          { as: 'analyst_jt' },
        );
        all.push(...page.body.records);
        cursor = page.body.next;
      } while (cursor);
      assert.equal(all.length, 30);
      const bad: Array<[string, string]> = [
        ['shoe=1', '/query/shoe'],
        ['age=gt:old', '/query/age'],
        ['age=like:3', '/query/age'],
        ['fields=age,shoe', '/query/fields'],
        ['registered=2026-13-01', '/query/registered'],
        ['limit=0', '/query/limit'],
        ['cursor=zzz', '/query/cursor'],
      ];
      for (const [qs, path] of bad) {
        const res = await call(t, 'GET', `/catalog/resources/${open}/data?${qs}`, undefined, { as: 'analyst_jt' });
        assert.equal(res.status, 400, `${qs}: ${res.raw}`);
        assert.ok(
          res.body.errors.some((e: { path: string }) => e.path === path),
          `${qs}: ${res.raw}`,
        );
      }
      const masked = await call(t, 'GET', `/catalog/resources/${open}/data?phone=13812340001`, undefined, { as: 'analyst_jt' });
      assert.equal(masked.status, 403);
      const csv = await call(
        t,
        'GET',
        `/catalog/resources/${open}/data?format=csv&community=${encodeURIComponent('社区0')}&fields=id_no,name,community`,
        undefined,
        { as: 'analyst_jt' },
      );
      assert.equal(csv.status, 200);
      assert.match(String(csv.headers['content-type']), /text\/csv/);
      const lines = csv.raw
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      assert.equal(lines[0], 'id_no,name,community');
      assert.equal(lines.length, 1 + 10);
      assert.match(lines[1]!, /^330791\*{8}\d{4},张\*+,社区0$/);
      const log = await call(t, 'GET', `/catalog/resources/${open}/access-log?limit=1`, undefined, { as: 'steward1' });
      assert.equal(log.body.items[0].channel, 'export');
      assert.equal(log.body.items[0].rows, 10);
      assert.deepEqual(log.body.items[0].filter, { community: '社区0' });
    });

    it('refuses a conditional resource without a grant and checks share requests field by field', async () => {
      const res = await call(t, 'GET', `/catalog/resources/${conditional}/data`, undefined, { as: 'analyst_jt' });
      assert.equal(res.status, 403);
      assert.match(res.body.detail, /share-requests/);
      const base = { resourceId: conditional, fields: ['id_no', 'name'], purpose: '公交卡实名核验', until: future() };
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ fields: ['id_no', 'shoe'] }, '/body/fields/1'],
        [{ fields: [] }, '/body/fields'],
        [{ until: '2020-01-01T00:00:00Z' }, '/body/until'],
        [{ until: 'tomorrow' }, '/body/until'],
        [{ purpose: '' }, '/body/purpose'],
        [{ resourceId: 'NOPE' }, '/body/resourceId'],
        [{ consumerDepartmentCode: 'D9999' }, '/body/consumerDepartmentCode'],
      ];
      for (const [patch, path] of cases) {
        const r = await call(t, 'POST', '/catalog/share-requests', { ...base, ...patch }, { as: 'steward_jt' });
        assert.equal(r.status, 400, `${JSON.stringify(patch)}: ${r.raw}`);
        assert.ok(
          r.body.errors.some((e: { path: string }) => e.path === path),
          `${path}: ${r.raw}`,
        );
      }
      const onBehalf = await call(t, 'POST', '/catalog/share-requests', { ...base, consumerDepartmentCode: bureau }, { as: 'steward_jt' });
      assert.ok([403, 409].includes(onBehalf.status));
      const unconditional = await call(t, 'POST', '/catalog/share-requests', { ...base, resourceId: open }, { as: 'steward_jt' });
      assert.equal(unconditional.status, 409);
    });

    it('request → approve gives a key that reads exactly the granted fields and rows, masked unless cleartext', async () => {
      const created = await call(
        t,
        'POST',
        '/catalog/share-requests',
        { resourceId: conditional, fields: ['id_no', 'name', 'phone', 'community'], purpose: '公交卡实名核验', until: future() },
        { as: 'steward_jt' },
      );
      assert.equal(created.status, 201, created.raw);
      assert.equal(created.body.status, 'pending');
      const days = (Date.parse(created.body.dueAt) - Date.parse(created.body.createdAt)) / 86_400_000;
      assert.ok(days >= 12 && days <= 30, `10 working days are ${days} calendar days`);
      const inbox = await call(t, 'GET', '/catalog/share-requests?box=inbox&status=pending', undefined, { as: 'steward1' });
      assert.ok(inbox.body.items.some((i: { id: string }) => i.id === created.body.id));
      const outbox = await call(t, 'GET', '/catalog/share-requests?box=outbox', undefined, { as: 'steward_jt' });
      assert.ok(outbox.body.items.some((i: { id: string }) => i.id === created.body.id));
      assert.equal((await call(t, 'GET', '/catalog/share-requests?box=all', undefined, { as: 'steward_jt' })).status, 403);

      assert.equal((await call(t, 'POST', `/catalog/share-requests/${created.body.id}/approve`, {}, { as: 'steward_jt' })).status, 403);
      const badApprove = await call(
        t,
        'POST',
        `/catalog/share-requests/${created.body.id}/approve`,
        { cleartextFields: ['community', 'address'] },
        { as: 'steward1' },
      );
      assert.equal(badApprove.status, 400);
      assert.deepEqual(
        badApprove.body.errors.map((e: { path: string }) => e.path),
        ['/body/cleartextFields/0', '/body/cleartextFields/1'],
      );
      const approved = await call(
        t,
        'POST',
        `/catalog/share-requests/${created.body.id}/approve`,
        { cleartextFields: ['name'], rowFilter: { community: '社区1' } },
        { as: 'steward1' },
      );
      assert.equal(approved.status, 200, approved.raw);
      assert.match(approved.body.key, /^zk_[a-z0-9]{8}_[A-Za-z0-9]{32}$/);
      const key = approved.body.key as string;
      assert.equal((await call(t, 'POST', `/catalog/share-requests/${created.body.id}/approve`, {}, { as: 'steward1' })).status, 409);

      const read = await asKey(key, `/catalog/resources/${conditional}/data?limit=100`);
      assert.equal(read.statusCode, 200, read.body);
      const body = read.json();
      assert.deepEqual(
        body.fields.map((f: { name: string }) => f.name),
        ['id_no', 'name', 'phone', 'community'],
      );
      assert.equal(body.records.length, 10);
      for (const r of body.records) {
        assert.deepEqual(Object.keys(r), ['id_no', 'name', 'phone', 'community']);
        assert.equal(r.community, '社区1');
        assert.match(r.id_no, /^330791\*{8}\d{4}$/);
        assert.match(r.phone, /^138\*{4}\d{4}$/);
        assert.match(r.name, /^张[三四五六七]\d+$/); // granted in clear
      }
      assert.equal((await asKey(key, `/catalog/resources/${conditional}/data?fields=age`)).statusCode, 400);
      assert.equal((await asKey(key, `/catalog/resources/${open}/data`)).statusCode, 403);
      assert.equal((await asKey(key, '/catalog/resources')).statusCode, 403);
      assert.equal((await asKey(key, `/catalog/resources/${conditional}/access-log`)).statusCode, 403);
      assert.equal((await asKey(key, '/sensing/devices')).statusCode, 403);
      const byName = await asKey(key, `/catalog/resources/${conditional}/data?name=${encodeURIComponent('张四1')}`);
      assert.equal(byName.statusCode, 200);
      assert.equal((await asKey(key, `/catalog/resources/${conditional}/data?phone=1`)).statusCode, 403);

      // The consumer department's staff read through the same grant.
      const staff = await call(t, 'GET', `/catalog/resources/${conditional}/data?limit=100`, undefined, { as: 'analyst_jt' });
      assert.equal(staff.status, 200, staff.raw);
      assert.equal(staff.body.records.length, 10);

      const log = await call(t, 'GET', `/catalog/resources/${conditional}/access-log`, undefined, { as: 'steward1' });
      const keyReads = log.body.items.filter((i: { grantId: string | null }) => i.grantId === approved.body.grantId);
      assert.ok(keyReads.length >= 3);
      assert.equal(keyReads[keyReads.length - 1].purpose, '公交卡实名核验');
      assert.deepEqual(keyReads[keyReads.length - 1].cleartextFields, ['name']);
      assert.equal(keyReads[keyReads.length - 1].rows, 10);

      const grants = await call(t, 'GET', '/catalog/grants?box=outbox', undefined, { as: 'steward_jt' });
      assert.ok(grants.body.items.some((g: { id: string }) => g.id === approved.body.grantId));
      const revoke = await call(t, 'POST', `/catalog/grants/${approved.body.grantId}/revoke`, { reason: '项目结束' }, { as: 'steward1' });
      assert.equal(revoke.status, 200, revoke.raw);
      assert.equal(revoke.body.status, 'revoked');
      assert.equal((await asKey(key, `/catalog/resources/${conditional}/data`)).statusCode, 401);
      assert.equal((await call(t, 'GET', `/catalog/resources/${conditional}/data`, undefined, { as: 'analyst_jt' })).status, 403);
    });

    it('refuses only with reasons, lets the requester withdraw, and ends grants at their expiry', async () => {
      const mk = (until = future()) =>
        call(
          t,
          'POST',
          '/catalog/share-requests',
          { resourceId: conditional, fields: ['age'], purpose: '统计', until },
          { as: 'steward_jt' },
        );
      const a = await mk();
      const noReason = await call(t, 'POST', `/catalog/share-requests/${a.body.id}/refuse`, {}, { as: 'steward1' });
      assert.equal(noReason.status, 400);
      assert.equal(noReason.body.errors[0].path, '/body/reason');
      assert.equal(
        (await call(t, 'POST', `/catalog/share-requests/${a.body.id}/refuse`, { reason: '  ' }, { as: 'steward1' })).status,
        400,
      );
      const refused = await call(t, 'POST', `/catalog/share-requests/${a.body.id}/refuse`, { reason: '超出职责范围' }, { as: 'steward1' });
      assert.equal(refused.status, 200, refused.raw);
      assert.equal(refused.body.status, 'refused');
      assert.equal(refused.body.reason, '超出职责范围');

      const b = await mk();
      assert.equal((await call(t, 'POST', `/catalog/share-requests/${b.body.id}/withdraw`, undefined, { as: 'steward1' })).status, 403);
      const w = await call(t, 'POST', `/catalog/share-requests/${b.body.id}/withdraw`, undefined, { as: 'steward_jt' });
      assert.equal(w.body.status, 'withdrawn');
      assert.equal((await call(t, 'POST', `/catalog/share-requests/${b.body.id}/approve`, {}, { as: 'steward1' })).status, 409);

      const c = await mk(future(2500));
      const ok = await call(t, 'POST', `/catalog/share-requests/${c.body.id}/approve`, {}, { as: 'steward1' });
      assert.equal(ok.status, 200, ok.raw);
      assert.equal((await asKey(ok.body.key, `/catalog/resources/${conditional}/data`)).statusCode, 200);
      await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(c.body.until) - Date.now() + 50)));
      const late = await asKey(ok.body.key, `/catalog/resources/${conditional}/data`);
      assert.equal(late.statusCode, 403);
      assert.match(late.json().detail, /expired/);
      assert.ok((await t.platform.services.catalog.expireGrants()) >= 1);
      assert.equal((await asKey(ok.body.key, `/catalog/resources/${conditional}/data`)).statusCode, 401);
      const events = await t.platform.db.kysely
        .selectFrom('kernel_outbox')
        .select('name')
        .where('name', 'like', 'catalog.share.%')
        .execute();
      const names = new Set(events.map((e) => e.name));
      for (const n of ['requested', 'approved', 'refused', 'withdrawn', 'revoked', 'expired'])
        assert.ok(names.has(`catalog.share.${n}.v1`), n);
      assert.ok((await t.platform.ctx.audit.verify()).ok);
    });

    it('exports a signed audit trail of a resource that verifies, and detects tampering', async () => {
      const body = {
        resourceId: conditional,
        from: new Date(Date.now() - 3600_000).toISOString(),
        to: new Date(Date.now() + 60_000).toISOString(),
      };
      assert.equal((await call(t, 'POST', '/catalog/audit-exports', body, { as: 'steward_jt' })).status, 403);
      assert.equal((await call(t, 'POST', '/catalog/audit-exports', { ...body, to: body.from }, { as: 'steward1' })).status, 400);
      const res = await call(t, 'POST', '/catalog/audit-exports', body, { as: 'steward1' });
      assert.equal(res.status, 200, res.raw);
      const { manifest, jsonl } = res.body;
      const actions = new Set(
        jsonl
          .trimEnd()
          .split('\n')
          .map((l: string) => JSON.parse(l).action),
      );
      for (const a of [
        'catalog.resource.created',
        'catalog.dataset.loaded',
        'catalog.data.read',
        'catalog.share.requested',
        'catalog.share.approved',
        'catalog.share.refused',
      ]) {
        assert.ok(actions.has(a), `${a} missing from ${[...actions].join(', ')}`);
      }
      assert.ok(manifest.chainHead.seq >= manifest.lastSeq);
      assert.deepEqual(verifyAuditExport(manifest, jsonl), []);
      const tampered = jsonl.replace('"rows":10', '"rows":1');
      assert.notEqual(tampered, jsonl);
      assert.ok(verifyAuditExport(manifest, tampered).length >= 1);
      assert.ok(verifyAuditExport({ ...manifest, records: manifest.records - 1 }, jsonl).some((p) => /signature/.test(p)));
      const all = await call(t, 'POST', '/catalog/audit-exports', { from: body.from, to: body.to }, { as: 'steward1' });
      assert.equal(all.status, 200, all.raw); // steward1 works in the data bureau
      assert.ok(all.body.manifest.records > manifest.records);
    });
  });
});

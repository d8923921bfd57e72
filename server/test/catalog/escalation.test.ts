/**
 * Overdue share requests escalate to the data bureau: with the clock moved past the 10-working-
 * day deadline the leased job marks them escalated (audited, evented) and the bureau's overview
 * shows them; before the deadline nothing happens.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forEachDialect, startTestApp, TEST_ADMIN_PASSWORD, type TestApp } from '../helpers/test-app.js';
import { call, personResource } from './catalog-test-kit.js';

class Clock {
  constructor(public t: number) {}
  readonly now = (): number => this.t;
}

forEachDialect((dialect) => {
  describe(`catalog share escalation (${dialect})`, () => {
    let t: TestApp;
    // A Monday 10:00 in Shanghai.
    const clock = new Clock(Date.parse('2026-11-23T02:00:00Z'));
    before(async () => {
      t = await startTestApp({ dialect, now: clock.now });
      await t.platform.services.org.loadDemo(
        {
          units: [{ code: '330799', name: '测试市', level: 'city', parentCode: null }],
          departments: [
            { code: 'D001', name: '市大数据发展管理局', kind: 'centre', orgUnitCode: '330799', parentCode: null },
            { code: 'D010', name: '市民政局', kind: 'bureau', orgUnitCode: '330799', parentCode: null },
            { code: 'D020', name: '市公安局', kind: 'bureau', orgUnitCode: '330799', parentCode: null },
          ],
          users: [
            { username: 'mz1', displayName: '民政数据员', role: 'data_steward', departmentCode: 'D010' },
            { username: 'ga1', displayName: '公安数据员', role: 'data_steward', departmentCode: 'D020' },
            { username: 'dsj1', displayName: '大数据局', role: 'data_steward', departmentCode: 'D001' },
          ],
        },
        TEST_ADMIN_PASSWORD,
      );
    });
    after(() => t?.close());
    // Sessions expire after 30 idle minutes of the moved clock: sign in afresh for each call.
    const fresh = async (method: string, url: string, as: string, body?: unknown) => {
      const { cookie, csrfToken } = await t.login(as);
      const res = await t.platform.app.inject({
        method: method as 'GET',
        url: `/api/v1${url}`,
        headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
        payload: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.statusCode, body: res.json(), raw: res.body };
    };

    it('escalates a pending request once its due date has passed, and only then', async () => {
      const r = await call(t, 'POST', '/catalog/resources', personResource('D020'), { as: 'ga1' });
      assert.equal(r.status, 201, r.raw);
      const req = await call(
        t,
        'POST',
        '/catalog/share-requests',
        { resourceId: r.body.id, fields: ['name'], purpose: '低保核查', until: new Date(clock.t + 90 * 86_400_000).toISOString() },
        { as: 'mz1' },
      );
      assert.equal(req.status, 201, req.raw);
      const due = Date.parse(req.body.dueAt);
      assert.ok(
        due >= Date.parse('2026-12-04T15:59:00Z'),
        `due ${req.body.dueAt}: 10 working days after Monday 23 Nov end on Friday 4 Dec at the earliest`,
      );

      clock.t = due - 3600_000;
      assert.equal(await t.platform.ctx.jobs.runNow('catalog.share.escalate'), true);
      assert.equal((await fresh('GET', `/catalog/share-requests/${req.body.id}`, 'mz1')).body.escalatedAt, null);

      clock.t = due + 86_400_000;
      assert.equal(await t.platform.ctx.jobs.runNow('catalog.share.escalate'), true);
      const after1 = await fresh('GET', `/catalog/share-requests/${req.body.id}`, 'mz1');
      assert.equal(after1.body.escalatedAt, new Date(clock.t).toISOString());
      assert.equal(after1.body.overdue, true);
      assert.equal(after1.body.status, 'pending');
      const audit = await t.platform.ctx.audit.list({ limit: 5, action: 'catalog.share.escalated' });
      assert.equal(audit[0]!.detail.bureau, 'D001');
      const ev = await t.platform.db.kysely
        .selectFrom('kernel_outbox')
        .select(['name', 'payload'])
        .where('name', '=', 'catalog.share.escalated.v1')
        .execute();
      assert.equal(ev.length, 1);

      // The bureau sees it in every request and in its overview; the provider does not see "all".
      const all = await fresh('GET', '/catalog/share-requests?box=all', 'dsj1');
      assert.equal(all.status, 200, all.raw);
      assert.equal(all.body.items[0].id, req.body.id);
      const ov = await fresh('GET', '/catalog/overview', 'dsj1');
      assert.equal(ov.status, 200, ov.raw);
      assert.deepEqual(
        ov.body.requests.pending.map((p: { id: string; escalated: boolean }) => [p.id, p.escalated]),
        [[req.body.id, true]],
      );
      assert.ok(ov.body.requests.pending[0].ageDays > 10);
      assert.equal(ov.body.resourcesByDepartment.find((d: { departmentCode: string }) => d.departmentCode === 'D020').published, 1);
      assert.equal((await fresh('GET', '/catalog/overview', 'ga1')).status, 403);

      // A second run does not escalate twice.
      await t.platform.ctx.jobs.runNow('catalog.share.escalate');
      assert.equal((await t.platform.ctx.audit.list({ limit: 5, action: 'catalog.share.escalated' })).length, 1);
    });
  });
});

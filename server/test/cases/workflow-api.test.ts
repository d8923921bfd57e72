import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';
import { act, departmentCode, gridPoints, intake, step, type GridPoint } from './cases-test-kit.js';

forEachDialect((dialect) => {
  describe(`case workflow through the API (${dialect})`, () => {
    let t: TestApp;
    let places: GridPoint[];
    let cityManagement: string;
    let greening: string;
    before(async () => {
      t = await startTestApp({ dialect, demo: true });
      places = await gridPoints(t, 6, { skip: 40 });
      cityManagement = await departmentCode(t, '市城市管理局');
      greening = await departmentCode(t, '市园林绿化中心');
    });
    after(() => t.close());

    it('runs hotline → register → dispatch → accept → extension → handle → verify → close → return visit, with timeline and audit', async () => {
      const p = places[0]!;
      const created = await intake(t, 'operator1', {
        channel: 'phone',
        description: '城东路和八一街路口雨水井盖破损，有人差点掉进去',
        categoryCode: '0103',
        location: { lon: p.lon, lat: p.lat },
        caller: { name: '张三丰', phone: '13812345678' },
      });
      assert.match(created.number, /^ZC\d{8}\d{5}$/);
      assert.equal(created.status, 'reported');
      assert.equal(created.grid.code, p.gridCode);
      assert.equal(created.department.code, cityManagement, 'routed by category to 市城市管理局');
      const calendar = t.platform.services.calendar;
      assert.equal(created.deadline, new Date(calendar.addWorkingDays(Date.parse(created.createdAt), 1)).toISOString(), '1 working day');

      const id = created.id as string;
      await step(t, 'operator1', id, { action: 'register' }, 'registered');
      assert.equal((await act(t, 'handler_cg1', id, { action: 'dispatch' })).statusCode, 403, 'handlers do not dispatch');
      const early = await act(t, 'handler_cg1', id, { action: 'accept' });
      assert.equal(early.statusCode, 409, 'accept before dispatch');
      assert.match(early.json().detail, /registered/);
      assert.deepEqual(early.json().allowedActions.includes('dispatch'), true);

      const dispatched = await step(t, 'dispatcher1', id, { action: 'dispatch', comment: '请尽快处理' }, 'dispatched');
      assert.ok(dispatched.dispatchedAt);
      assert.equal((await act(t, 'handler_yl1', id, { action: 'accept' })).statusCode, 404, 'another department does not see it');
      await step(t, 'handler_cg1', id, { action: 'accept' }, 'accepted');

      const asked = await step(
        t,
        'handler_cg1',
        id,
        { action: 'request_extension', extensionDays: 2, reason: '需更换井座' },
        'extension_requested',
      );
      assert.equal(asked.pendingExtensionDays, 2);
      assert.equal(
        (await act(t, 'handler_cg1', id, { action: 'approve_extension' })).statusCode,
        403,
        'a handler cannot approve his own extension',
      );
      const extended = await step(t, 'dispatcher1', id, { action: 'approve_extension' }, 'accepted');
      assert.equal(extended.deadline, new Date(calendar.addWorkingDays(Date.parse(asked.deadline), 2)).toISOString());
      assert.equal(extended.extensionCount, 1);

      await step(t, 'handler_cg1', id, { action: 'handle', comment: '已更换井盖' }, 'handled');
      await step(t, 'inspector1', id, { action: 'verify', comment: '现场核查已修复' }, 'verified');
      const closed = await step(t, 'dispatcher1', id, { action: 'close' }, 'closed');
      assert.equal(closed.outcome, 'fixed');
      assert.equal((await act(t, 'handler_cg1', id, { action: 'visit', satisfaction: 'satisfied' })).statusCode, 403);
      const visited = await step(t, 'operator1', id, { action: 'visit', satisfaction: 'satisfied', comment: '市民表示满意' }, 'visited');
      assert.equal(visited.satisfaction, 'satisfied');

      const detail = (await t.inject({ as: 'dispatcher1', url: `/api/v1/cases/${id}` })).json();
      assert.deepEqual(
        detail.timeline.map((e: { action: string }) => e.action),
        ['create', 'register', 'dispatch', 'accept', 'request_extension', 'approve_extension', 'handle', 'verify', 'close', 'visit'],
      );
      const dispatchRow = detail.timeline[2];
      assert.equal(dispatchRow.from, 'registered');
      assert.equal(dispatchRow.to, 'dispatched');
      assert.equal(dispatchRow.comment, '请尽快处理');
      assert.ok(dispatchRow.by && dispatchRow.at);

      const audit = (await t.inject({ as: 'admin', url: `/api/v1/audit?target=case:${id}&limit=100` })).json();
      const actions = (audit.items as Array<{ action: string }>).map((a) => a.action);
      for (const a of ['create', 'register', 'dispatch', 'accept', 'handle', 'verify', 'close', 'visit'])
        assert.ok(actions.includes(`cases.case.${a}`), a);
    });

    it('returns a case with approval, then re-dispatches it; reworks; closes not fixed', async () => {
      const p = places[1]!;
      const c = await intake(t, 'dispatcher1', {
        channel: 'phone',
        description: '路灯不亮已经三天',
        categoryCode: '0104',
        location: { lon: p.lon, lat: p.lat },
        dispatch: true,
      });
      assert.equal(c.status, 'dispatched', 'registered and dispatched in one go');
      assert.equal((await act(t, 'handler_cg1', c.id, { action: 'request_return' })).statusCode, 400, 'a return needs a reason');
      await step(t, 'handler_cg1', c.id, { action: 'request_return', reason: '该路段路灯由园林中心管养' }, 'return_requested');
      assert.equal((await act(t, 'handler_cg1', c.id, { action: 'approve_return' })).statusCode, 403, 'the shift leader approves returns');
      const back = await step(t, 'dispatcher1', c.id, { action: 'approve_return' }, 'registered');
      assert.equal(back.department, null);
      assert.equal(back.returnCount, 1);
      const noDept = await act(t, 'dispatcher1', c.id, { action: 'dispatch' });
      assert.equal(noDept.statusCode, 400);
      assert.deepEqual(
        noDept.json().errors.map((e: { path: string }) => e.path),
        ['/body/departmentCode'],
      );
      const again = await step(t, 'dispatcher1', c.id, { action: 'dispatch', departmentCode: greening }, 'dispatched');
      assert.equal(again.department.code, greening);
      await step(t, 'handler_yl1', c.id, { action: 'accept' }, 'accepted');
      await step(t, 'handler_yl1', c.id, { action: 'handle', comment: '已更换灯泡' }, 'handled');
      const reworked = await step(t, 'inspector1', c.id, { action: 'rework', reason: '夜间复查仍不亮' }, 'accepted');
      assert.equal(reworked.reworkCount, 1);
      await step(t, 'handler_yl1', c.id, { action: 'handle', comment: '更换整流器' }, 'handled');
      const unfixed = await step(t, 'dispatcher1', c.id, { action: 'close_unfixed', reason: '线路需整体改造，已列入计划' }, 'closed');
      assert.equal(unfixed.outcome, 'not_fixed', '"closed, not fixed" is kept apart from fixed');
    });

    it('answers a consultation at intake, and refuses that for other requests', async () => {
      const c = await intake(t, 'operator1', {
        channel: 'phone',
        requestType: 'consult',
        description: '咨询网购商品七天无理由退货的规定',
        categoryCode: '2201',
        answer: '依据消费者权益保护法第二十五条，可自收到商品之日起七日内退货。',
      });
      assert.equal(c.status, 'closed');
      assert.equal(c.outcome, 'answered');
      const complaint = await intake(t, 'operator1', {
        channel: 'phone',
        requestType: 'complaint',
        description: '超市价格标签与结算价不一致',
        categoryCode: '2203',
      });
      const res = await act(t, 'operator1', complaint.id, { action: 'answer', comment: '已答复' });
      assert.equal(res.statusCode, 409);
    });

    it('parks and resumes, urges and escalates, voids; every illegal or foreign action is refused', async () => {
      const p = places[2]!;
      const c = await intake(t, 'dispatcher1', {
        channel: 'inspector',
        description: '行道树倒伏压住人行道',
        categoryCode: '0401',
        location: { lon: p.lon, lat: p.lat },
        dispatch: true,
      });
      await step(t, 'handler_yl1', c.id, { action: 'accept' }, 'accepted');
      await step(t, 'dispatcher1', c.id, { action: 'suspend', reason: '需待雨季后移栽' }, 'suspended');
      assert.equal((await act(t, 'dispatcher1', c.id, { action: 'handle', comment: 'x' })).statusCode, 409);
      await step(t, 'commander1', c.id, { action: 'resume' }, 'accepted');
      const urged = await step(t, 'dispatcher1', c.id, { action: 'urge', comment: '请加快' }, 'accepted');
      assert.ok(urged.urgedAt);
      assert.equal((await act(t, 'dispatcher1', c.id, { action: 'escalate', comment: '督办' })).statusCode, 403, '督办 is the commander’s');
      const esc = await step(t, 'commander1', c.id, { action: 'escalate', comment: '市领导督办' }, 'accepted');
      assert.ok(esc.escalatedAt);
      assert.equal((await act(t, 'analyst1', c.id, { action: 'urge' })).statusCode, 403);

      const v = await intake(t, 'inspector1', {
        channel: 'inspector',
        description: '测试误报',
        categoryCode: '0401',
        location: { lon: p.lon, lat: p.lat },
      });
      assert.equal((await act(t, 'inspector1', v.id, { action: 'cancel', reason: '误报' })).statusCode, 403);
      await step(t, 'dispatcher1', v.id, { action: 'cancel', reason: '误报' }, 'cancelled');
      for (const action of ['register', 'dispatch', 'accept', 'handle', 'verify', 'close', 'visit', 'resume', 'urge']) {
        const res = await act(t, 'admin', v.id, { action, comment: 'x', reason: 'x', satisfaction: 'satisfied' });
        assert.equal(res.statusCode, 409, `${action} on a void case`);
        assert.match(res.json().detail, /cancelled/);
      }
    });

    it('lists with filters, text search, department scoping and cursor paging', async () => {
      const p = places[3]!;
      const made = [];
      for (let i = 0; i < 3; i++) {
        made.push(
          await intake(t, 'dispatcher1', {
            channel: 'web',
            description: `列表测试占道经营第${i}处`,
            categoryCode: '1501',
            location: { lon: p.lon, lat: p.lat },
            dispatch: true,
          }),
        );
      }
      const dept = made[0].department.code as string;
      let res = await t.inject({ as: 'dispatcher1', url: `/api/v1/cases?q=${encodeURIComponent('列表测试占道')}&limit=2` });
      assert.equal(res.statusCode, 200, res.body);
      const page1 = res.json();
      assert.equal(page1.total, 3);
      assert.equal(page1.items.length, 2);
      res = await t.inject({
        as: 'dispatcher1',
        url: `/api/v1/cases?q=${encodeURIComponent('列表测试占道')}&limit=2&cursor=${page1.next}`,
      });
      const page2 = res.json();
      assert.equal(page2.items.length, 1);
      assert.equal(new Set([...page1.items, ...page2.items].map((c: { id: string }) => c.id)).size, 3);

      res = await t.inject({
        as: 'dispatcher1',
        url: `/api/v1/cases?gridCode=${p.gridCode}&categoryCode=15&status=dispatched&departmentCode=${dept}&sort=deadline`,
      });
      assert.ok(res.json().items.length >= 3);
      for (const c of res.json().items) assert.equal(c.grid.code, p.gridCode);

      // handler_yl1 works for 园林: he sees none of these (dispatched elsewhere) and no other department's cases.
      res = await t.inject({ as: 'handler_yl1', url: `/api/v1/cases?q=${encodeURIComponent('列表测试占道')}` });
      assert.equal(res.json().total, 0);
      res = await t.inject({ as: 'handler_yl1', url: '/api/v1/cases?limit=1000' });
      for (const c of res.json().items) assert.equal(c.department?.code, greening);
      assert.equal((await t.inject({ as: 'handler_yl1', url: `/api/v1/cases/${made[0].id}` })).statusCode, 404);
    });
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';
import { act, departmentCode, fieldPaths, gridPoints, intake, step, type GridPoint } from './cases-test-kit.js';

forEachDialect((dialect) => {
  describe(`cases: routing, privacy, duplicates, cards, sensors, status (${dialect})`, () => {
    let t: TestApp;
    let places: GridPoint[];
    before(async () => {
      t = await startTestApp({ dialect, demo: true });
      places = await gridPoints(t, 4, { skip: 80 });
    });
    after(() => t.close());

    it('routes by the most specific area rule, else by category; bad inputs name the field', async () => {
      const [a, b] = await Promise.all([gridPoints(t, 1, { skip: 5 }), gridPoints(t, 1, { skip: 300 })]);
      const pa = a[0]!;
      const pb = b[0]!;
      assert.notEqual(pa.districtCode, pb.districtCode, 'two districts');
      const traffic = await departmentCode(t, '市交通运输局');
      let res = await t.inject({
        as: 'admin',
        method: 'PATCH',
        url: '/api/v1/cases/categories/0203',
        payload: { routingRules: [{ areaCode: pa.districtCode, departmentCode: traffic }] },
      });
      assert.equal(res.statusCode, 200, res.body);
      const housing = await departmentCode(t, '市住房和城乡建设局');
      res = await t.inject({
        as: 'admin',
        method: 'PATCH',
        url: '/api/v1/cases/categories/0203',
        payload: {
          routingRules: [
            { areaCode: pa.districtCode, departmentCode: traffic },
            { areaCode: pa.gridCode, departmentCode: housing },
          ],
        },
      });
      assert.equal(res.statusCode, 200, res.body);
      const inGrid = await intake(t, 'operator1', {
        channel: 'phone',
        description: '护栏被撞坏',
        categoryCode: '0203',
        location: { lon: pa.lon, lat: pa.lat },
      });
      assert.equal(inGrid.department.code, housing, 'the grid rule beats the district rule');
      const elsewhere = await intake(t, 'operator1', {
        channel: 'phone',
        description: '护栏被撞坏',
        categoryCode: '0203',
        location: { lon: pb.lon, lat: pb.lat },
      });
      assert.equal(elsewhere.department.code, traffic, 'outside the rules: the category default (市交通运输局)');

      const guessed = await intake(t, 'operator1', {
        channel: 'phone',
        description: '城东路和八一街路口井盖破损，有人差点掉进去',
        location: { lon: pa.lon, lat: pa.lat },
      });
      assert.equal(guessed.classification.by, 'classifier', 'without categoryCode the classifier decides');
      assert.ok(guessed.classification.score > 0);
      assert.match(guessed.categoryCode, /^01/, `a manhole category, got ${guessed.categoryCode}`);

      const bad: Array<[Record<string, unknown>, string]> = [
        [{ channel: 'phone', categoryCode: '0203' }, '/body/description'],
        [{ channel: 'fax', description: 'x', categoryCode: '0203' }, '/body/channel'],
        [{ channel: 'phone', description: 'x', categoryCode: '9999' }, '/body/categoryCode'],
        [{ channel: 'phone', description: 'x', categoryCode: '02' }, '/body/categoryCode'],
        [{ channel: 'phone', description: 'x', categoryCode: '0203', location: { lon: 10, lat: 10 } }, '/body/location'],
        [{ channel: 'phone', description: 'x', categoryCode: '0203', location: { lon: 500, lat: 10 } }, '/body/location/lon'],
        [{ channel: 'phone', description: 'x', categoryCode: '0203' }, '/body/location'],
        [{ channel: 'phone', description: 'x', categoryCode: '2201', caller: { phone: 'abc' } }, '/body/caller/phone'],
        [{ channel: 'phone', description: 'x', categoryCode: '2201', extra: 1 }, '/body/extra'],
      ];
      for (const [body, path] of bad) {
        const r = await t.inject({ as: 'operator1', method: 'POST', url: '/api/v1/cases', payload: body });
        assert.equal(r.statusCode, 400, `${JSON.stringify(body)}: ${r.body}`);
        assert.ok(fieldPaths(r).includes(path), `${JSON.stringify(body)} names ${path}: ${r.body}`);
      }
      const c = await intake(t, 'operator1', { channel: 'phone', description: '咨询', categoryCode: '2201' });
      for (const [body, path] of [
        [{ action: 'fly' }, '/body/action'],
        [{ action: 'cancel' }, '/body/reason'],
        [{ action: 'register', extensionDays: 0 }, '/body/extensionDays'],
      ] as const) {
        const r = await act(t, 'dispatcher1', c.id, body);
        assert.equal(r.statusCode, 400, r.body);
        assert.ok(fieldPaths(r).includes(path), `${JSON.stringify(body)}: ${r.body}`);
      }
      for (const url of [
        '/api/v1/cases?status=bogus',
        '/api/v1/cases?cursor=zzz',
        '/api/v1/cases?limit=0',
        '/api/v1/cases?from=yesterday',
      ]) {
        assert.equal((await t.inject({ as: 'admin', url })).statusCode, 400, url);
      }
      assert.equal((await t.inject({ as: 'admin', url: '/api/v1/cases/nope' })).statusCode, 404);
      assert.equal((await act(t, 'admin', 'nope', { action: 'register' })).statusCode, 404);
      assert.equal(
        (
          await t.inject({
            as: 'handler_cg1',
            method: 'POST',
            url: '/api/v1/cases',
            payload: { channel: 'phone', description: 'x', categoryCode: '2201' },
          })
        ).statusCode,
        403,
      );
    });

    it('serves the category tree with the reference codes and lets administrators manage it', async () => {
      let res = await t.inject({ as: 'handler_cg1', url: '/api/v1/cases/categories' });
      assert.equal(res.statusCode, 200);
      const tree = res.json().items as Array<{
        code: string;
        kind: string;
        children: Array<{ code: string; name: string; limit: unknown }>;
      }>;
      assert.equal(tree.length, 15, '4 component, 5 event and 6 hotline 大类');
      const manholes = tree.find((c) => c.code === '01')!.children.find((c) => c.code === '0101')!;
      assert.equal(manholes.name, '上水井盖');
      assert.deepEqual(manholes.limit, { unit: 'days', amount: 1 });
      assert.deepEqual(tree.find((c) => c.code === '02')!.children.find((c) => c.code === '0201')!.limit, { unit: 'hours', amount: 4 });

      assert.equal(
        (
          await t.inject({
            as: 'dispatcher1',
            method: 'POST',
            url: '/api/v1/cases/categories',
            payload: { code: '0107', parentCode: '01', name: '通信井盖' },
          })
        ).statusCode,
        403,
      );
      res = await t.inject({
        as: 'admin',
        method: 'POST',
        url: '/api/v1/cases/categories',
        payload: { code: '0107', parentCode: '01', name: '通信井盖', limit: { unit: 'days', amount: 2 }, requiredFields: ['location'] },
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().kind, 'component');
      res = await t.inject({
        as: 'admin',
        method: 'POST',
        url: '/api/v1/cases/categories',
        payload: { code: '0299', parentCode: '01', name: 'x' },
      });
      assert.equal(res.statusCode, 400);
      assert.ok(fieldPaths(res).includes('/body/code'));
      res = await t.inject({ as: 'admin', method: 'PATCH', url: '/api/v1/cases/categories/0107', payload: { departmentCode: 'D999' } });
      assert.equal(res.statusCode, 400);
      assert.ok(fieldPaths(res).includes('/body/departmentCode'));
      assert.equal((await t.inject({ as: 'admin', method: 'DELETE', url: '/api/v1/cases/categories/0107' })).statusCode, 204);
      assert.equal((await t.inject({ as: 'admin', method: 'DELETE', url: '/api/v1/cases/categories/01' })).statusCode, 409, 'has children');
    });

    it('masks callers per role, hides confidential callers, audits cleartext reads', async () => {
      const p = places[0]!;
      const c = await intake(t, 'operator1', {
        channel: 'phone',
        description: '楼下烧烤油烟扰民',
        categoryCode: '1504',
        location: { lon: p.lon, lat: p.lat },
        caller: { name: '欧阳娜娜', phone: '13912348000' },
        dispatch: false,
      });
      const seen = async (as: string) => (await t.inject({ as, url: `/api/v1/cases/${c.id}` })).json().caller;
      assert.deepEqual(await seen('operator2'), { name: '欧阳娜娜', phone: '13912348000', masked: false });
      assert.deepEqual(await seen('inspector1'), { name: '欧阳**', phone: '139****8000', masked: true });
      assert.deepEqual(await seen('commander1'), { name: '欧阳**', phone: '139****8000', masked: true });
      const list = (await t.inject({ as: 'operator2', url: `/api/v1/cases?q=${encodeURIComponent('楼下烧烤油烟')}` })).json();
      assert.equal(list.items[0].caller.phone, '139****8000', 'lists are masked even for operators');
      const history = await t.inject({ as: 'operator2', url: '/api/v1/cases/caller-history?phone=13912348000' });
      assert.equal(history.statusCode, 200, history.body);
      assert.deepEqual(
        history.json().items.map((x: { id: string }) => x.id),
        [c.id],
        "the caller's earlier cases",
      );
      assert.equal((await t.inject({ as: 'inspector1', url: '/api/v1/cases/caller-history?phone=13912348000' })).statusCode, 403);
      assert.equal((await t.inject({ as: 'operator2', url: '/api/v1/cases/caller-history?phone=abc' })).statusCode, 400);
      const audit = (await t.inject({ as: 'admin', url: `/api/v1/audit?target=case:${c.id}&action=cases.personal.read` })).json();
      assert.ok(audit.items.length >= 1, 'the cleartext read is audited');

      const secret = await intake(t, 'operator1', {
        channel: 'phone',
        description: '举报某工地夜间施工',
        categoryCode: '1301',
        location: { lon: p.lon, lat: p.lat },
        caller: { name: '李四', phone: '13700001111' },
        confidential: true,
      });
      assert.deepEqual(
        await seen('operator1')
          .then(() => t.inject({ as: 'operator1', url: `/api/v1/cases/${secret.id}` }))
          .then((r) => r.json().caller),
        { name: '李四', phone: '13700001111', masked: false },
      );
      assert.deepEqual((await t.inject({ as: 'operator2', url: `/api/v1/cases/${secret.id}` })).json().caller, {
        name: null,
        phone: null,
        masked: true,
      });
      assert.deepEqual((await t.inject({ as: 'dispatcher1', url: `/api/v1/cases/${secret.id}` })).json().caller, {
        name: null,
        phone: null,
        masked: true,
      });
      assert.equal((await t.inject({ as: 'admin', url: `/api/v1/cases/${secret.id}` })).json().caller.phone, '13700001111');
    });

    it('lets a citizen look up the status by number and phone digits, with nothing personal', async () => {
      const c = await intake(t, 'operator1', {
        channel: 'phone',
        description: '小区停水两天无人处理',
        categoryCode: '2101',
        caller: { name: '王五', phone: '13600002468' },
      });
      let res = await t.inject({ url: `/api/v1/cases/status?number=${c.number}&phoneLast4=2468` });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.status, 'reported');
      assert.equal(body.timeline[0].action, 'create');
      assert.doesNotMatch(res.body, /王五|13600002468|停水两天/);
      res = await t.inject({ url: `/api/v1/cases/status?number=${c.number}&phoneLast4=0000` });
      assert.equal(res.statusCode, 404);
      res = await t.inject({ url: '/api/v1/cases/status?number=ZC2026&phoneLast4=2468' });
      assert.equal(res.statusCode, 400);
      assert.ok(fieldPaths(res).includes('/query/number'));
      const codes = [];
      for (let i = 0; i < 25; i++)
        codes.push((await t.inject({ url: `/api/v1/cases/status?number=${c.number}&phoneLast4=2468` })).statusCode);
      assert.ok(codes.includes(429), 'the public lookup is rate-limited');
    });

    it('suggests duplicates, merges them, closes them with the original and notifies the reporters', async () => {
      const p = places[1]!;
      const first = await intake(t, 'dispatcher1', {
        channel: 'phone',
        description: '幸福路口暴露垃圾堆积发臭',
        categoryCode: '1102',
        location: { lon: p.lon, lat: p.lat },
        caller: { phone: '13511112222' },
        dispatch: true,
      });
      const check = await t.inject({
        as: 'operator1',
        method: 'POST',
        url: '/api/v1/cases/duplicate-check',
        payload: { description: '幸福路口垃圾堆积很臭', categoryCode: '1102', location: { lon: p.lon + 0.0002, lat: p.lat } },
      });
      assert.equal(check.statusCode, 200, check.body);
      assert.ok(check.json().items.some((d: { id: string }) => d.id === first.id));
      const unrelated = await t.inject({
        as: 'operator1',
        method: 'POST',
        url: '/api/v1/cases/duplicate-check',
        payload: { description: '幸福路口垃圾堆积很臭', categoryCode: '1102', location: { lon: places[3]!.lon, lat: places[3]!.lat } },
      });
      assert.ok(!unrelated.json().items.some((d: { id: string }) => d.id === first.id), 'far away is not a duplicate');

      const second = await intake(t, 'operator1', {
        channel: 'phone',
        description: '幸福路口垃圾堆积很臭',
        categoryCode: '1102',
        location: { lon: p.lon, lat: p.lat },
        caller: { phone: '13533334444' },
      });
      const dups = (await t.inject({ as: 'dispatcher1', url: `/api/v1/cases/${second.id}/duplicates` })).json().items;
      assert.equal(dups[0].id, first.id);
      const merged = await step(t, 'dispatcher1', second.id, { action: 'merge', intoId: first.id }, 'merged');
      assert.equal(merged.mergedInto, first.id);
      assert.equal(
        (await act(t, 'dispatcher1', second.id, { action: 'merge', intoId: second.id })).statusCode,
        409,
        'a merged case takes no further merge',
      );

      // The merged duplicate never goes overdue, whatever the clock says.
      await t.platform.services.cases.sweepDeadlines(Date.parse(first.deadline) + 30 * 86_400_000);
      const dup = (await t.inject({ as: 'dispatcher1', url: `/api/v1/cases/${second.id}` })).json();
      assert.equal(dup.card, 'none');
      assert.equal(dup.status, 'merged');

      const handler =
        (await t.inject({ as: 'admin', url: `/api/v1/cases/${first.id}` })).json().department.code ===
        (await departmentCode(t, '市城市管理局'))
          ? 'handler_cg1'
          : 'admin';
      await step(t, handler, first.id, { action: 'accept' }, 'accepted');
      await step(t, handler, first.id, { action: 'handle', comment: '已清运' }, 'handled');
      await step(t, 'inspector1', first.id, { action: 'verify' }, 'verified');
      await step(t, 'dispatcher1', first.id, { action: 'close' }, 'closed');
      const after = (await t.inject({ as: 'dispatcher1', url: `/api/v1/cases/${second.id}` })).json();
      assert.equal(after.status, 'closed');
      assert.equal(after.outcome, 'merged');
      assert.equal(after.timeline.at(-1).action, 'close_merged');
      const notes = (await t.inject({ as: 'dispatcher1', url: `/api/v1/cases/${second.id}/notifications` })).json().items;
      assert.equal(notes.length, 2, 'told on merge and on close');
      assert.equal(notes[0].recipient, '13533334444');
      assert.match(notes[1].message, new RegExp(first.number));
    });

    it('gives yellow and red cards, urges the working day after the deadline and escalates after 5 working days', async () => {
      const p = places[2]!;
      const c = await intake(t, 'dispatcher1', {
        channel: 'phone',
        description: '交通信号灯不亮',
        categoryCode: '0201',
        location: { lon: p.lon, lat: p.lat },
        dispatch: true,
      });
      const cal = t.platform.services.calendar;
      const from = Date.parse(c.dispatchedAt);
      const deadline = Date.parse(c.deadline);
      assert.equal(deadline, cal.addWorkingHours(from, 4), '4 working hours');
      const sweep = (at: number) => t.platform.services.cases.sweepDeadlines(at);
      const get = async () => (await t.inject({ as: 'dispatcher1', url: `/api/v1/cases/${c.id}` })).json();

      await sweep(cal.addWorkingHours(from, 3));
      assert.equal((await get()).card, 'none', '75 % used');
      await sweep(cal.addWorkingHours(from, 3.3));
      assert.equal((await get()).card, 'yellow', '82.5 % used');
      await sweep(deadline + 1000);
      let now = await get();
      assert.equal(now.card, 'red');
      assert.equal(now.urgedAt, null, 'not urged on the deadline day');
      await sweep(cal.addWorkingDays(deadline, 1) + 1000);
      now = await get();
      assert.ok(now.urgedAt, 'urged the working day after');
      assert.equal(now.timeline.at(-1).action, 'urge');
      assert.equal(now.timeline.at(-1).by, 'system');
      assert.equal(now.escalatedAt, null);
      await sweep(cal.addWorkingDays(deadline, 6) + 1000);
      now = await get();
      assert.ok(now.escalatedAt, 'escalated after more than 5 working days');
      const red = (await t.inject({ as: 'dispatcher1', url: `/api/v1/cases?card=red&q=${encodeURIComponent('交通信号灯不亮')}` })).json();
      assert.ok(red.items.some((x: { id: string }) => x.id === c.id));
    });

    it('turns a mapped sensor alarm into one case, however often it is delivered', async () => {
      const p = places[3]!;
      const alarm = {
        alarmId: `alarm-test-${dialect}`,
        ruleId: 'r1',
        ruleName: '井盖开启',
        deviceId: 'mc-0001',
        deviceType: 'ManholeCover',
        property: 'open',
        severity: 'red',
        perceivedSeverity: 'critical',
        location: { lon: p.lon, lat: p.lat },
        gridCode: p.gridCode,
        raisedAt: new Date().toISOString(),
        value: true,
        condition: 'open = true',
      };
      const ctx = t.platform.ctx;
      for (let i = 0; i < 2; i++)
        await ctx.db.kysely.transaction().execute((trx) => ctx.events.publish(trx, 'sensing.alarm.raised.v1', alarm));
      await ctx.events.drain();
      const again = await t.platform.services.cases.caseFromAlarm(alarm as never);
      const list = (await t.inject({ as: 'dispatcher1', url: `/api/v1/cases?channel=sensor&gridCode=${p.gridCode}` })).json();
      const mine = list.items.filter((x: { sourceAlarmId: string }) => x.sourceAlarmId === alarm.alarmId);
      assert.equal(mine.length, 1, 'one case for the alarm');
      assert.equal(mine[0].id, again);
      assert.equal(mine[0].categoryCode, '0103');
      assert.equal(mine[0].grid.code, p.gridCode);
      assert.equal(mine[0].classification.by, 'mapping');
      const unmapped = await t.platform.services.cases.caseFromAlarm({
        ...alarm,
        alarmId: 'x2',
        deviceType: 'NoiseLevelObserved',
        property: 'laeq',
      } as never);
      assert.equal(unmapped, null);
    });
  });
});

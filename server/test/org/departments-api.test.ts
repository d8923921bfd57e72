/**
 * Departments, org units, roles and permissions through the HTTP API.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';
import { loadFixture } from './org-fixture.js';

forEachDialect((dialect) => {
  describe(`org departments and reference lists (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({ dialect });
      await loadFixture(t);
    });
    after(() => t.close());

    it('lists the eight roles with zh and en names and their permissions', async () => {
      const res = await t.inject({ method: 'GET', url: '/api/v1/org/roles', as: 'operator1' });
      assert.equal(res.statusCode, 200);
      const items = res.json().items as { code: string; name: string; nameEn: string; permissions: string[] }[];
      assert.deepEqual(
        items.map((r) => r.code),
        ['admin', 'operator', 'dispatcher', 'handler', 'inspector', 'data_steward', 'commander', 'analyst'],
      );
      const admin = items.find((r) => r.code === 'admin')!;
      assert.equal(admin.name, '系统管理员');
      assert.deepEqual(admin.permissions, ['*']);
      assert.equal(items.find((r) => r.code === 'inspector')!.name, '监督员/网格员');
    });

    it('lists the permission catalogue; every role permission is in it', async () => {
      const res = await t.inject({ method: 'GET', url: '/api/v1/org/permissions', as: 'operator1' });
      const codes = new Set(res.json().items.map((p: { code: string }) => p.code));
      for (const c of [
        'org.read',
        'org.write',
        'org.users.write',
        'org.apikeys.write',
        'audit.read',
        'geo.read',
        'geo.write',
        'sensing.read',
        'cases.create',
        'catalog.read',
        'operations.read',
      ]) {
        assert.ok(codes.has(c), c);
      }
      const roles = await t.inject({ method: 'GET', url: '/api/v1/org/roles', as: 'operator1' });
      for (const r of roles.json().items) for (const p of r.permissions) if (p !== '*') assert.ok(codes.has(p), `${r.code}: ${p}`);
      assert.ok(res.json().items.every((p: { name: string; nameEn: string }) => p.name && p.nameEn));
    });

    it('lists org units by level and parent', async () => {
      const districts = await t.inject({ method: 'GET', url: '/api/v1/org/units?level=district', as: 'operator1' });
      assert.deepEqual(districts.json().items, [
        { code: '330791', name: '东城区', level: 'district', parentCode: '330799' },
        { code: '330792', name: '西湖区', level: 'district', parentCode: '330799' },
      ]);
      const under = await t.inject({ method: 'GET', url: '/api/v1/org/units?parentCode=330791', as: 'operator1' });
      assert.deepEqual(
        under.json().items.map((u: { code: string }) => u.code),
        ['330791001'],
      );
      const all = await t.inject({ method: 'GET', url: '/api/v1/org/units', as: 'operator1' });
      assert.equal(all.json().items.length, 5);
    });

    it('lists departments with unit names, user counts, total and filters', async () => {
      const res = await t.inject({ method: 'GET', url: '/api/v1/org/departments', as: 'operator1' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().total, 3);
      const d0101 = res.json().items.find((d: { code: string }) => d.code === 'D0101');
      assert.deepEqual(d0101, {
        code: 'D0101',
        name: '东城区城市管理局',
        kind: 'district_office',
        orgUnitCode: '330791',
        orgUnitName: '东城区',
        parentCode: 'D01',
        phone: null,
        status: 'active',
        userCount: 2,
      });
      const bureaus = await t.inject({ method: 'GET', url: '/api/v1/org/departments?kind=bureau', as: 'operator1' });
      assert.deepEqual(
        bureaus.json().items.map((d: { code: string }) => d.code),
        ['D01'],
      );
      const inUnit = await t.inject({ method: 'GET', url: '/api/v1/org/departments?orgUnitCode=330799', as: 'operator1' });
      assert.deepEqual(
        inUnit.json().items.map((d: { code: string }) => d.code),
        ['C01', 'D01'],
      );
      const q = await t.inject({ method: 'GET', url: `/api/v1/org/departments?q=${encodeURIComponent('运行')}`, as: 'operator1' });
      assert.deepEqual(
        q.json().items.map((d: { code: string }) => d.code),
        ['C01'],
      );
      const page = await t.inject({ method: 'GET', url: '/api/v1/org/departments?limit=2', as: 'operator1' });
      assert.equal(page.json().items.length, 2);
      const rest = await t.inject({ method: 'GET', url: `/api/v1/org/departments?limit=2&cursor=${page.json().next}`, as: 'operator1' });
      assert.deepEqual(
        rest.json().items.map((d: { code: string }) => d.code),
        ['D0101'],
      );
      assert.equal(rest.json().next, null);
    });

    it('creates a department (201), audited and evented', async () => {
      const res = await t.inject({
        method: 'POST',
        url: '/api/v1/org/departments',
        payload: {
          code: 'S001',
          name: '城东街道办事处',
          kind: 'street_office',
          orgUnitCode: '330791001',
          parentCode: 'D0101',
          phone: '0579-81234567',
        },
        as: 'admin',
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().orgUnitName, '城东街道');
      assert.equal(res.json().userCount, 0);
      const one = await t.inject({ method: 'GET', url: '/api/v1/org/departments/S001', as: 'operator1' });
      assert.equal(one.json().name, '城东街道办事处');
      const audit = await t.inject({ method: 'GET', url: '/api/v1/audit?target=department:S001', as: 'admin' });
      assert.equal(audit.json().items[0].action, 'org.department.created');
      const ev = await t.platform.db.kysely
        .selectFrom('kernel_outbox')
        .select('payload')
        .where('name', '=', 'org.department.created.v1')
        .execute();
      assert.ok(ev.some((e) => JSON.parse(e.payload as string).code === 'S001'));
      assert.equal((await t.platform.services.org.findDepartment('S001'))?.kind, 'street_office');
    });

    it('refuses a duplicate code with 409', async () => {
      const res = await t.inject({
        method: 'POST',
        url: '/api/v1/org/departments',
        payload: { code: 'D01', name: '重复', kind: 'bureau', orgUnitCode: '330799' },
        as: 'admin',
      });
      assert.equal(res.statusCode, 409);
      assert.match(res.json().detail, /D01 is taken/);
    });

    it('changes a department and refuses a parent cycle', async () => {
      const res = await t.inject({
        method: 'PATCH',
        url: '/api/v1/org/departments/S001',
        payload: { name: '城东街道', phone: null, status: 'disabled' },
        as: 'admin',
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().name, '城东街道');
      assert.equal(res.json().phone, null);
      assert.equal(res.json().status, 'disabled');
      const cycle = await t.inject({ method: 'PATCH', url: '/api/v1/org/departments/D01', payload: { parentCode: 'S001' }, as: 'admin' });
      assert.equal(cycle.statusCode, 400);
      assert.equal(cycle.json().errors[0].path, '/body/parentCode');
      const self = await t.inject({ method: 'PATCH', url: '/api/v1/org/departments/D01', payload: { parentCode: 'D01' }, as: 'admin' });
      assert.equal(self.statusCode, 400);
    });

    it('does not assign users to a disabled department', async () => {
      const res = await t.inject({
        method: 'POST',
        url: '/api/v1/org/users',
        payload: { username: 'x_s001', displayName: 'x', roles: ['inspector'], departmentCode: 'S001' },
        as: 'admin',
      });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().errors[0].path, '/body/departmentCode');
    });

    it('unknown department is 404; writing needs org.write (403)', async () => {
      assert.equal((await t.inject({ method: 'GET', url: '/api/v1/org/departments/NOPE', as: 'admin' })).statusCode, 404);
      assert.equal(
        (await t.inject({ method: 'PATCH', url: '/api/v1/org/departments/NOPE', payload: { name: 'x' }, as: 'admin' })).statusCode,
        404,
      );
      const res = await t.inject({
        method: 'POST',
        url: '/api/v1/org/departments',
        payload: { code: 'X1', name: 'x', kind: 'bureau', orgUnitCode: '330799' },
        as: 'operator1',
      });
      assert.equal(res.statusCode, 403);
    });
  });
});

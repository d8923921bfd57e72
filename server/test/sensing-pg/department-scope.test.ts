/**
 * Department scoping of devices and alarms (DESIGN security baseline: a user sees the devices of
 * the units they serve), on the demo city, both dialects. City-wide roles and centres see every
 * device; a bureau's staff see what the bureau and its sections own; a street office's inspector
 * sees what lies in its street; a user without a department sees nothing. Outside the scope a
 * device, its telemetry and its alarms answer 404, and lists leave them out.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dataScopeOf } from '../../src/modules/org/index.js';
import { forEachDialect, startTestApp, TEST_ADMIN_PASSWORD, type TestApp } from '../helpers/test-app.js';

describe('dataScopeOf', () => {
  const departments = [
    { code: 'D1', parentCode: null, orgUnitCode: 'C', kind: 'bureau' as const },
    { code: 'D2', parentCode: 'D1', orgUnitCode: 'C', kind: 'bureau' as const },
    { code: 'D3', parentCode: 'D2', orgUnitCode: 'S1', kind: 'district_office' as const },
    { code: 'D4', parentCode: null, orgUnitCode: 'S2', kind: 'street_office' as const },
    { code: 'D5', parentCode: null, orgUnitCode: 'C', kind: 'centre' as const },
  ];
  const units = [
    { code: 'C', level: 'city' as const },
    { code: 'S1', level: 'district' as const },
    { code: 'S2', level: 'street' as const },
  ];
  const user = (roles: string[], departmentCode: string | null) => ({
    kind: 'user' as const,
    roles,
    permissions: ['sensing.read'],
    departmentCode,
  });

  it('gives a bureau its sections (all levels down) and no area, a street office its street', () => {
    assert.deepEqual(dataScopeOf(user(['data_steward'], 'D1'), departments, units), {
      cityWide: false,
      departmentCodes: ['D1', 'D2', 'D3'],
      areaCodes: [],
    });
    assert.deepEqual(dataScopeOf(user(['inspector'], 'D4'), departments, units), {
      cityWide: false,
      departmentCodes: ['D4'],
      areaCodes: ['S2'],
    });
    assert.deepEqual(dataScopeOf(user(['inspector'], 'D3'), departments, units), {
      cityWide: false,
      departmentCodes: ['D3'],
      areaCodes: ['S1'],
    });
  });

  it('is city-wide for city-wide roles, centres, `*`, department-less API keys and the system', () => {
    for (const role of ['admin', 'commander', 'analyst', 'dispatcher']) {
      assert.deepEqual(dataScopeOf(user([role], 'D4'), departments, units), { cityWide: true }, role);
    }
    assert.deepEqual(dataScopeOf(user(['data_steward'], 'D5'), departments, units), { cityWide: true });
    assert.deepEqual(dataScopeOf({ ...user([], 'D4'), permissions: ['*'] }, departments, units), { cityWide: true });
    assert.deepEqual(dataScopeOf({ ...user([], null), kind: 'apikey' }, departments, units), { cityWide: true });
    assert.deepEqual(dataScopeOf(null, departments, units), { cityWide: true });
  });

  it('scopes an API key made in a department to it, and a user without a department to nothing', () => {
    assert.deepEqual(dataScopeOf({ ...user([], 'D2'), kind: 'apikey' }, departments, units), {
      cityWide: false,
      departmentCodes: ['D2', 'D3'],
      areaCodes: [],
    });
    assert.deepEqual(dataScopeOf(user(['inspector'], null), departments, units), { cityWide: false, departmentCodes: [], areaCodes: [] });
  });
});

forEachDialect((dialect) => {
  describe(`department scoping of devices and alarms (${dialect})`, () => {
    let t: TestApp;
    const dept = new Map<string, string>();
    const get = async (as: string, url: string) => {
      const res = await t.inject({ method: 'GET', url: `/api/v1${url}`, as });
      return { status: res.statusCode, body: res.json() as any, raw: res.body };
    };
    const total = async (as: string, query = '') => {
      const r = await get(as, `/sensing/devices?limit=1${query}`);
      assert.equal(r.status, 200, r.raw);
      return r.body.total as number;
    };
    const addUser = async (username: string, role: string, departmentCode: string | null) => {
      await t.platform.services.org.users.create(null, {
        username,
        displayName: username,
        roles: [role],
        departmentCode,
        password: TEST_ADMIN_PASSWORD,
        mustChangePassword: false,
      });
    };

    before(async () => {
      t = await startTestApp({ dialect, demo: true });
      for (const d of await t.platform.services.org.listDepartments()) dept.set(d.name, d.code);
      await addUser('steward_hb', 'data_steward', dept.get('市生态环境局')!);
      await addUser('steward_gaj', 'data_steward', dept.get('市公安局')!);
      await addUser('inspector_none', 'inspector', null);
    });
    after(() => t?.close());

    it('shows city-wide roles and centres every device', async () => {
      const all = await total('admin');
      assert.ok(all >= 2_000, String(all));
      for (const u of ['commander1', 'analyst1', 'dispatcher1', 'steward1']) assert.equal(await total(u), all, u);
    });

    it("shows a bureau's staff the devices of the bureau and its sections only", async () => {
      const hb = dept.get('市生态环境局')!;
      const own = await total('admin', `&departmentCode=${hb}`);
      assert.ok(own > 0);
      assert.equal(await total('steward_hb'), own);
      const page = await get('steward_hb', '/sensing/devices?limit=1000');
      assert.ok(page.body.items.every((d: { departmentCode: string }) => d.departmentCode === hb));
      // 市公安局 owns no device itself; its section 交警支队 runs the traffic detectors.
      const jj = dept.get('市公安局交警支队')!;
      assert.equal(await total('steward_gaj'), await total('admin', `&departmentCode=${jj}`));
      // The map layer follows the same scope.
      const geo = await get('steward_hb', '/sensing/devices.geojson');
      assert.equal(geo.status, 200, geo.raw);
      assert.equal(geo.body.features.length, own);
    });

    it("shows a street office's inspector what lies in its street", async () => {
      const me = await t.platform.services.org.users.findByUsername('inspector1');
      const office = await t.platform.services.org.findDepartment(me!.departmentCode!);
      const inStreet = await total('admin', `&areaCode=${office!.orgUnitCode}`);
      assert.ok(inStreet > 0, 'the demo street has devices');
      assert.equal(await total('inspector1'), inStreet);
    });

    it('shows a user without a department nothing', async () => {
      assert.equal(await total('inspector_none'), 0);
    });

    it('answers 404 for a device outside the scope, its telemetry included, and serves the ones inside', async () => {
      const hb = dept.get('市生态环境局')!;
      const mine = (await get('admin', `/sensing/devices?limit=1&departmentCode=${hb}`)).body.items[0];
      const other = (await get('admin', `/sensing/devices?limit=1&departmentCode=${dept.get('示范水务集团')}`)).body.items[0];
      assert.equal((await get('steward_hb', `/sensing/devices/${mine.id}`)).status, 200);
      assert.equal((await get('steward_hb', `/sensing/devices/${mine.id}/latest`)).status, 200);
      for (const url of [
        `/sensing/devices/${other.id}`,
        `/sensing/devices/${other.id}/latest`,
        `/sensing/devices/${other.id}/telemetry?property=level`,
      ]) {
        const r = await get('steward_hb', url);
        assert.equal(r.status, 404, `${url}: ${r.raw}`);
      }
      assert.equal((await get('admin', `/sensing/devices/${other.id}`)).status, 200);
    });

    it("lists and shows only the alarms of the scope's devices", async () => {
      const hb = dept.get('市生态环境局')!;
      const aq = (await get('admin', `/sensing/devices?limit=1&departmentCode=${hb}&type=AirQualityObserved`)).body.items[0];
      const rule = await t.inject({
        method: 'POST',
        url: '/api/v1/sensing/rules',
        as: 'admin',
        payload: { name: 'PM2.5 过高', deviceId: aq.id, property: 'pm25', operator: '>', threshold: 500, severity: 'orange' },
      });
      assert.equal(rule.statusCode, 201, rule.body);
      const r = await t.platform.services.sensing.ingest(aq.id, { values: { pm25: 900 } }, { channel: 'http' });
      assert.equal(r.accepted, 1, JSON.stringify(r));
      let alarmId: string | null = null;
      for (let i = 0; i < 100 && !alarmId; i++) {
        const list = await get('admin', `/sensing/alarms?deviceId=${aq.id}`);
        alarmId = list.body.items[0]?.id ?? null;
        if (!alarmId) await new Promise((res) => setTimeout(res, 50));
      }
      assert.ok(alarmId, 'the alarm was raised');
      const mine = await get('steward_hb', '/sensing/alarms');
      assert.ok(mine.body.items.some((a: { id: string }) => a.id === alarmId));
      assert.equal((await get('steward_hb', `/sensing/alarms/${alarmId}`)).status, 200);
      const theirs = await get('steward_gaj', '/sensing/alarms');
      assert.equal(theirs.status, 200, theirs.raw);
      assert.ok(!theirs.body.items.some((a: { id: string }) => a.id === alarmId));
      assert.equal((await get('steward_gaj', `/sensing/alarms/${alarmId}`)).status, 404);
      assert.equal((await get('inspector_none', '/sensing/alarms')).body.total, 0);
      const ack = await t.inject({
        method: 'POST',
        url: `/api/v1/sensing/alarms/${alarmId}/acknowledge`,
        as: 'steward_gaj',
        payload: { comment: '不是我们的' },
      });
      // data_steward lacks sensing.alarms.write: refused before the scope is looked at.
      assert.equal(ack.statusCode, 403);
    });
  });
});

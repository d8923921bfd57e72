import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DemoUser } from './demo-city-types.js';
import { generateDemoCity } from './generate-demo-city.js';

const city = generateDemoCity();
const areaByCode = new Map(city.areas.map((a) => [a.code, a]));
const deptByCode = new Map(city.departments.map((d) => [d.code, d]));
const deptByName = new Map(city.departments.map((d) => [d.name, d]));

/** Every department named in the default case taxonomy (reference/case-categories.json). */
// prettier-ignore
const TAXONOMY_DEPARTMENTS = [
  '国网示范供电公司', '市交通运输局', '市人力资源和社会保障局', '市住房和城乡建设局', '市公安局', '市公安局交警支队',
  '市医疗保障局', '市卫生健康委员会', '市园林绿化中心', '市城市管理局', '市市场监督管理局', '市教育局',
  '市消防救援支队', '市生态环境局', '示范水务集团', '示范燃气公司',
];

/** Department names found in any case-categories.json shipped under server/src (once the cases module ships it). */
function shippedTaxonomyDepartments(): string[] {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('case-categories.json'));
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.department === 'string') names.add(o.department);
      Object.values(o).forEach(walk);
    }
  };
  for (const f of files) walk(JSON.parse(readFileSync(join(root, f), 'utf8')));
  return [...names];
}

describe('demo departments', () => {
  it('includes every department the case taxonomy routes to, by exactly that name', () => {
    for (const name of [...TAXONOMY_DEPARTMENTS, ...shippedTaxonomyDepartments()]) assert.ok(deptByName.has(name), name);
  });

  it('has at least 60 departments with unique codes D001… and unique names', () => {
    assert.ok(city.departments.length >= 60);
    city.departments.forEach((d, i) => assert.equal(d.code, `D${String(i + 1).padStart(3, '0')}`));
    assert.equal(deptByName.size, city.departments.length);
  });

  it('has the big-data bureau, the operations centre and the 12345 centre as centres', () => {
    for (const name of ['市大数据发展管理局', '市城市运行管理中心', '市12345政务服务便民热线']) {
      assert.equal(deptByName.get(name)?.kind, 'centre', name);
      assert.equal(deptByName.get(name)?.orgUnitCode, '330799');
    }
  });

  it('serves existing areas and points to existing parents', () => {
    for (const d of city.departments) {
      assert.ok(areaByCode.has(d.orgUnitCode), `${d.name} serves ${d.orgUnitCode}`);
      if (d.parentCode !== null) assert.ok(deptByCode.has(d.parentCode), `${d.name} parent ${d.parentCode}`);
      assert.ok(d.phone.length > 0);
    }
  });

  it('gives each district a 城市管理局 and a government office, and each street its 街道办事处', () => {
    for (const district of city.areas.filter((a) => a.level === 'district')) {
      for (const suffix of ['城市管理局', '人民政府办公室']) {
        const d = deptByName.get(district.name + suffix);
        assert.equal(d?.kind, 'district_office', district.name + suffix);
        assert.equal(d?.orgUnitCode, district.code);
      }
    }
    for (const street of city.areas.filter((a) => a.level === 'street')) {
      const offices = city.departments.filter((d) => d.kind === 'street_office' && d.orgUnitCode === street.code);
      assert.equal(offices.length, 1, street.name);
      assert.ok(offices[0]!.name.endsWith(`${street.name}办事处`));
    }
  });
});

describe('demo users', () => {
  it('has at least one user per role except admin, and no admin user', () => {
    const roles: DemoUser['role'][] = ['operator', 'dispatcher', 'handler', 'inspector', 'data_steward', 'commander', 'analyst'];
    for (const role of roles)
      assert.ok(
        city.users.some((u) => u.role === role),
        role,
      );
    assert.ok(!city.users.some((u) => u.role === 'admin' || u.username === 'admin'));
  });

  it('gives unique usernames and unique 138 mobile numbers', () => {
    assert.equal(new Set(city.users.map((u) => u.username)).size, city.users.length);
    assert.equal(new Set(city.users.map((u) => u.phone)).size, city.users.length);
    for (const u of city.users) assert.match(u.phone, /^138\d{8}$/);
  });

  it('puts each user in an existing department that fits the role', () => {
    const deptOf = (username: string) => deptByCode.get(city.users.find((u) => u.username === username)!.departmentCode!)!;
    for (const u of city.users) assert.ok(u.departmentCode && deptByCode.has(u.departmentCode), u.username);
    assert.equal(deptOf('operator1').name, '市12345政务服务便民热线');
    assert.equal(deptOf('dispatcher1').name, '市城市运行管理中心');
    assert.equal(deptOf('commander1').name, '市城市运行管理中心');
    assert.equal(deptOf('handler_cg1').name, '市城市管理局');
    assert.equal(deptOf('steward1').name, '市大数据发展管理局');
    assert.equal(deptOf('inspector1').kind, 'street_office');
    const inspectors = city.users.filter((u) => u.role === 'inspector');
    assert.equal(inspectors.length, city.areas.filter((a) => a.level === 'street').length);
  });

  it('gives plausible Chinese display names', () => {
    for (const u of city.users) assert.match(u.displayName, /^[\u4e00-\u9fa5]{2,4}$/);
    assert.equal(new Set(city.users.map((u) => u.displayName)).size, city.users.length);
  });
});

/**
 * A small org chart for API tests: one city, two districts, a street and a community, a few
 * departments and one user per role of interest. All users share FIXTURE_PASSWORD.
 */
import type { OrgDemoData } from '../../src/modules/org/index.js';
import { TEST_ADMIN_PASSWORD, type TestApp } from '../helpers/test-app.js';

/** Same as the admin's, so `inject({ as: 'operator1' })` signs in without more setup. */
export const FIXTURE_PASSWORD = TEST_ADMIN_PASSWORD;

export const FIXTURE: OrgDemoData = {
  units: [
    { code: '330799', name: '示范市', level: 'city', parentCode: null },
    { code: '330791', name: '东城区', level: 'district', parentCode: '330799' },
    { code: '330792', name: '西湖区', level: 'district', parentCode: '330799' },
    { code: '330791001', name: '城东街道', level: 'street', parentCode: '330791' },
    { code: '330791001001', name: '八一社区', level: 'community', parentCode: '330791001' },
  ],
  departments: [
    { code: 'D01', name: '市城市管理局', kind: 'bureau', orgUnitCode: '330799', parentCode: null, phone: '0579-82345678' },
    { code: 'D0101', name: '东城区城市管理局', kind: 'district_office', orgUnitCode: '330791', parentCode: 'D01', phone: null },
    { code: 'C01', name: '市城市运行管理中心', kind: 'centre', orgUnitCode: '330799', parentCode: null, phone: null },
  ],
  users: [
    { username: 'operator1', displayName: '张三', role: 'operator', departmentCode: 'C01', phone: '13812348000' },
    { username: 'dispatcher1', displayName: '欧阳娜娜', role: 'dispatcher', departmentCode: 'C01', phone: '13912345678' },
    { username: 'handler1', displayName: '李四', role: 'handler', departmentCode: 'D0101', phone: null },
    { username: 'steward1', displayName: '王五', role: 'data_steward', departmentCode: 'D01', phone: '13700001111' },
    { username: 'inspector1', displayName: '赵六', role: 'inspector', departmentCode: 'D0101', phone: null },
  ],
};

/** Loads the fixture into a running test platform. */
export async function loadFixture(t: TestApp): Promise<void> {
  await t.platform.services.org.loadDemo(FIXTURE, FIXTURE_PASSWORD);
}

/** A movable clock for `startTestApp({ now })`. */
export function testClock(start = Date.parse('2026-11-22T08:00:00Z')) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

/** Minutes in ms, for readable clock moves. */
export const minutes = (n: number) => n * 60_000;

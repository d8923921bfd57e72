/**
 * Demo users, at least one per role, each in the department where that role works. `admin` is
 * created by the platform itself and is deliberately absent here.
 *
 * - operator (受理员): the 12345 hotline centre;
 * - dispatcher (派遣员) and commander: the city operations centre (the command centre);
 * - handler (处置人员): 市城市管理局, other bureaus and utilities, each district's 城市管理局;
 * - inspector (监督员/网格员): one per street office, inspector1… in street code order;
 * - data_steward and analyst: the big-data bureau.
 */
import type { DemoDepartment, DemoUser } from './demo-city-types.js';
import type { SeededRandom } from './seeded-random.js';
import { BIG_DATA_BUREAU, CITY_MANAGEMENT_BUREAU, HOTLINE_CENTRE, OPERATIONS_CENTRE } from './demo-departments.js';
import { personNames } from './demo-names.js';

/** Pinyin initials of the district names, for handler usernames (handler_dc1 = 东城区城市管理局). */
const DISTRICT_INITIALS: Record<string, string> = { 东城区: 'dc', 西湖区: 'xh', 江北区: 'jb', 南山区: 'ns' };

/** Generate the demo users. */
export function generateUsers(departments: readonly DemoDepartment[], rng: SeededRandom): DemoUser[] {
  const byName = new Map(departments.map((d) => [d.name, d]));
  const dept = (name: string): string => {
    const d = byName.get(name);
    if (!d) throw new Error(`no department named ${name}`);
    return d.code;
  };
  const plan: [string, DemoUser['role'], string][] = [
    ['operator1', 'operator', dept(HOTLINE_CENTRE)],
    ['operator2', 'operator', dept(HOTLINE_CENTRE)],
    ['dispatcher1', 'dispatcher', dept(OPERATIONS_CENTRE)],
    ['dispatcher2', 'dispatcher', dept(OPERATIONS_CENTRE)],
    ['commander1', 'commander', dept(OPERATIONS_CENTRE)],
    ['steward1', 'data_steward', dept(BIG_DATA_BUREAU)],
    ['analyst1', 'analyst', dept(BIG_DATA_BUREAU)],
    ['handler_cg1', 'handler', dept(CITY_MANAGEMENT_BUREAU)],
    ['handler_cg2', 'handler', dept(CITY_MANAGEMENT_BUREAU)],
    ['handler_yl1', 'handler', dept('市园林绿化中心')],
    ['handler_jj1', 'handler', dept('市公安局交警支队')],
    ['handler_gaj1', 'handler', dept('市公安局')],
    ['handler_jt1', 'handler', dept('市交通运输局')],
    ['handler_zj1', 'handler', dept('市住房和城乡建设局')],
    ['handler_hb1', 'handler', dept('市生态环境局')],
    ['handler_sj1', 'handler', dept('市市场监督管理局')],
    ['handler_sw1', 'handler', dept('示范水务集团')],
    ['handler_gd1', 'handler', dept('国网示范供电公司')],
    ['handler_rq1', 'handler', dept('示范燃气公司')],
  ];
  for (const d of departments) {
    if (d.kind === 'district_office' && d.name.endsWith('城市管理局')) {
      const initials = DISTRICT_INITIALS[d.name.replace('城市管理局', '')];
      if (initials) plan.push([`handler_${initials}1`, 'handler', d.code]);
    }
  }
  departments.filter((d) => d.kind === 'street_office').forEach((d, i) => plan.push([`inspector${i + 1}`, 'inspector', d.code]));

  const names = personNames(plan.length, rng);
  const phones = new Set<string>();
  return plan.map(([username, role, departmentCode], i) => {
    let phone: string;
    do phone = `138${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
    while (phones.has(phone));
    phones.add(phone);
    return { username, displayName: names[i]!, role, departmentCode, phone };
  });
}

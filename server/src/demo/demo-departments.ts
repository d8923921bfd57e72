/**
 * The departments of 示范市: the command and service centres, the city bureaus (including every
 * department the default case taxonomy routes to, by exactly that name), the utilities, each
 * district's government office and bureaus, and each street's 街道办事处.
 *
 * `orgUnitCode` is the area the department serves (the city code for city-wide bodies), which is
 * what department scoping keys on; `parentCode` is the organisational parent, if any.
 */
import type { DemoDepartment } from './demo-city-types.js';
import type { CityAreas } from './demo-areas.js';
import type { SeededRandom } from './seeded-random.js';
import { CITY_CODE } from './demo-areas.js';

/** Names of the centres other parts of the platform look up. */
export const BIG_DATA_BUREAU = '市大数据发展管理局';
export const OPERATIONS_CENTRE = '市城市运行管理中心';
export const HOTLINE_CENTRE = '市12345政务服务便民热线';
export const CITY_MANAGEMENT_BUREAU = '市城市管理局';

/** City bodies in code order: [name, kind, parent name]. */
const CITY_BODIES: [string, DemoDepartment['kind'], string | null][] = [
  [BIG_DATA_BUREAU, 'centre', null],
  [OPERATIONS_CENTRE, 'centre', null],
  [HOTLINE_CENTRE, 'centre', null],
  ['市人民政府办公室', 'bureau', null],
  [CITY_MANAGEMENT_BUREAU, 'bureau', null],
  ['市园林绿化中心', 'bureau', CITY_MANAGEMENT_BUREAU],
  ['市公安局', 'bureau', null],
  ['市公安局交警支队', 'bureau', '市公安局'],
  ['市消防救援支队', 'bureau', null],
  ['市交通运输局', 'bureau', null],
  ['市住房和城乡建设局', 'bureau', null],
  ['市生态环境局', 'bureau', null],
  ['市市场监督管理局', 'bureau', null],
  ['市人力资源和社会保障局', 'bureau', null],
  ['市医疗保障局', 'bureau', null],
  ['市卫生健康委员会', 'bureau', null],
  ['市教育局', 'bureau', null],
  ['市自然资源和规划局', 'bureau', null],
  ['市水利局', 'bureau', null],
  ['市应急管理局', 'bureau', null],
  ['市民政局', 'bureau', null],
  ['市发展和改革委员会', 'bureau', null],
  ['市财政局', 'bureau', null],
  ['市商务局', 'bureau', null],
  ['市文化广电旅游局', 'bureau', null],
  ['市农业农村局', 'bureau', null],
  ['市统计局', 'bureau', null],
  ['市司法局', 'bureau', null],
  ['市气象局', 'bureau', null],
  ['市信访局', 'bureau', null],
  ['国网示范供电公司', 'enterprise', null],
  ['示范水务集团', 'enterprise', null],
  ['示范燃气公司', 'enterprise', null],
  ['示范公交集团', 'enterprise', null],
  ['中国电信示范分公司', 'enterprise', null],
  ['中国移动示范分公司', 'enterprise', null],
];

/** Generate the departments, codes D001… in a fixed order. */
export function generateDepartments(areas: CityAreas, rng: SeededRandom): DemoDepartment[] {
  const out: DemoDepartment[] = [];
  const codeOf = new Map<string, string>();
  const add = (name: string, kind: DemoDepartment['kind'], orgUnitCode: string, parentName: string | null, phone?: string): void => {
    const code = `D${String(out.length + 1).padStart(3, '0')}`;
    const parentCode = parentName === null ? null : codeOf.get(parentName);
    if (parentCode === undefined) throw new Error(`unknown parent department ${parentName}`);
    out.push({ code, name, kind, orgUnitCode, parentCode, phone: phone ?? officePhone(rng) });
    codeOf.set(name, code);
  };

  for (const [name, kind, parent] of CITY_BODIES) add(name, kind, CITY_CODE, parent, name === HOTLINE_CENTRE ? '12345' : undefined);

  const districts = areas.areas.filter((a) => a.level === 'district');
  for (const d of districts) {
    const office = `${d.name}人民政府办公室`;
    add(office, 'district_office', d.code, null);
    add(`${d.name}城市管理局`, 'district_office', d.code, office);
    add(`市公安局${d.name}分局`, 'district_office', d.code, '市公安局');
  }
  for (const s of areas.areas.filter((a) => a.level === 'street')) {
    const district = areas.byCode.get(s.parentCode!)!;
    add(`${district.name}${s.name}办事处`, 'street_office', s.code, `${district.name}人民政府办公室`);
  }
  return out;
}

/** An office landline in the demo city's (invented) numbering plan. */
function officePhone(rng: SeededRandom): string {
  return `0579-8${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
}

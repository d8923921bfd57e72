/**
 * Named places (POI) of the demo city and where they stand. A place takes over one door plate
 * as its address (a school is 解放路128号), so it shares the plate's grid and number; each place
 * is drawn within the area it serves: a 居民委员会 inside its community, a 派出所 inside its
 * street, the city government near the centre.
 */
import type { DemoDepartment } from './demo-city-types.js';
import type { CityAreas } from './demo-areas.js';
import type { DoorPlate } from './demo-door-plates.js';
import type { SeededRandom } from './seeded-random.js';
import { CITY_CODE } from './demo-areas.js';
import { toMetres } from './demo-geometry.js';
import { BANKS, chineseNumber, PLACE_WORDS } from './demo-names.js';

/** A place to put somewhere inside `scope` (an area code; '' for anywhere in the city). */
export interface PoiSpec {
  name: string;
  scope: string;
  /** Within ~2.5 km of the centre (civic buildings). */
  central?: boolean;
}

const CENTRAL_RADIUS_M = 2500;

/** The list of places, in a fixed order. */
export function poiSpecs(areas: CityAreas, departments: readonly DemoDepartment[], rng: SeededRandom): PoiSpec[] {
  const specs: PoiSpec[] = [];
  const central = (name: string): void => void specs.push({ name, scope: '', central: true });
  const anywhere = (name: string): void => void specs.push({ name, scope: '' });

  for (const name of ['示范市人民政府', '示范市政务服务中心', '示范市图书馆', '示范市博物馆', '示范大剧院', '示范市人民广场'])
    central(name);
  for (const d of departments) {
    if (d.orgUnitCode !== CITY_CODE) continue;
    // 市城市管理局 is signposted 示范市城市管理局; companies already carry the city's name.
    central(d.name.startsWith('市') ? `示范${d.name}` : d.name);
  }
  for (const name of [
    '示范市体育中心',
    '示范火车站',
    '示范汽车客运中心',
    '示范市第一人民医院',
    '示范市第二人民医院',
    '示范市中医院',
    '示范市妇幼保健院',
    '示范市中心医院',
    '示范市实验小学',
  ]) {
    anywhere(name);
  }
  for (let i = 1; i <= 12; i++) anywhere(`示范市第${chineseNumber(i)}中学`);
  const words = (n: number, suffix: string, prefix = ''): void => {
    for (const w of rng.shuffle(PLACE_WORDS).slice(0, n)) anywhere(`${prefix}${w}${suffix}`);
  };
  words(20, '公园');
  words(6, '购物中心');
  words(10, '大酒店');
  words(10, '加油站', '中国石化');

  for (const d of areas.areas.filter((a) => a.level === 'district')) {
    for (const suffix of ['人民政府', '人民医院', '行政服务中心']) specs.push({ name: d.name + suffix, scope: d.code });
  }
  for (const s of areas.areas.filter((a) => a.level === 'street')) {
    const base = s.name.replace(/街道$/, '');
    for (const name of [`${s.name}办事处`, `${base}派出所`, `${base}社区卫生服务中心`, `${base}农贸市场`, `示范市${base}小学`]) {
      specs.push({ name, scope: s.code });
    }
    for (const bank of rng.shuffle(BANKS).slice(0, 2)) specs.push({ name: `${bank}示范${base}支行`, scope: s.code });
  }
  for (const c of areas.areas.filter((a) => a.level === 'community')) {
    specs.push({ name: `${c.name}居民委员会`, scope: c.code });
    if (rng.chance(0.4)) specs.push({ name: `${c.name.replace(/社区$/, '')}幼儿园`, scope: c.code });
  }
  return specs;
}

/** Give each place a free door plate inside its scope (specs whose scope has no free plate are skipped). */
export function assignPois(specs: readonly PoiSpec[], plates: readonly DoorPlate[], rng: SeededRandom): void {
  const byScope = new Map<string, DoorPlate[]>();
  const push = (key: string, plate: DoorPlate): void => {
    const list = byScope.get(key);
    if (list) list.push(plate);
    else byScope.set(key, [plate]);
  };
  let cx = 0;
  let cy = 0;
  for (const p of plates) {
    push('', p);
    push(p.grid.districtCode, p);
    push(p.grid.streetCode, p);
    push(p.grid.communityCode, p);
    const [x, y] = toMetres(p.lon, p.lat);
    cx += x;
    cy += y;
  }
  cx /= plates.length;
  cy /= plates.length;
  const centralPlates = plates.filter((p) => {
    const [x, y] = toMetres(p.lon, p.lat);
    return Math.hypot(x - cx, y - cy) < CENTRAL_RADIUS_M;
  });

  const names = new Set<string>();
  for (const spec of specs) {
    if (names.has(spec.name)) continue;
    const pool = spec.central ? centralPlates : (byScope.get(spec.scope) ?? []);
    const plate = pickFree(pool, rng);
    if (!plate) continue;
    plate.poiName = spec.name;
    names.add(spec.name);
  }
}

/** A random plate not yet taken by a place, or undefined. */
export function pickFree(pool: readonly DoorPlate[], rng: SeededRandom): DoorPlate | undefined {
  if (pool.length === 0) return undefined;
  for (let attempt = 0; attempt < 40; attempt++) {
    const plate = rng.pick(pool);
    if (!plate.poiName) return plate;
  }
  return pool.find((p) => !p.poiName);
}

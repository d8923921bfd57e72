/**
 * The demo city's ~2,000 devices, generated deterministically from the generated city: air
 * quality and noise stations spread over the city, water-level gauges at riverside roads and
 * bridges (the low points where streets flood), traffic detectors beside trunk and primary roads,
 * parking at public places, manhole-cover sensors and streetlights along the streets. Every
 * device stands on a point that lies at least 2 m inside one unit grid: address points of the
 * gazetteer (already ≥ 3 m inside) or, for traffic detectors, points 5–15 m beside the road line
 * checked against the grids. Ids are stable (`zc-aq-0001`) and each type belongs to the
 * department that runs such devices in a Chinese city.
 *
 * @example
 * generateDemoDevices(generateDemoCity()).length // 2000
 */
import type { DemoDeviceInput } from '../modules/sensing/index.js';
import type { DemoAddress, DemoCity, DemoRoad } from './demo-city-types.js';
import type { GridCell } from './demo-areas.js';
import { toLonLat, toMetres } from './demo-geometry.js';
import { GridLocator } from './demo-locator.js';
import { SeededRandom } from './seeded-random.js';

/** How many devices of each kind, their id prefix, thing model and department. */
const PLAN = [
  { prefix: 'aq', type: 'AirQualityObserved', count: 40, department: '市生态环境局' },
  { prefix: 'wl', type: 'WaterLevel', count: 60, department: '示范水务集团' },
  { prefix: 'tf', type: 'TrafficFlowObserved', count: 300, department: '市公安局交警支队' },
  { prefix: 'pk', type: 'OffStreetParking', count: 150, department: '市交通运输局' },
  { prefix: 'mh', type: 'ManholeCover', count: 800, department: '示范水务集团' },
  { prefix: 'sl', type: 'Streetlight', count: 600, department: '市城市管理局' },
  { prefix: 'ns', type: 'NoiseLevelObserved', count: 50, department: '市生态环境局' },
] as const;

/** Road names that run along water or cross it: where gauges stand. */
const WATERSIDE = /[江河湖溪塘湾泉桥滨]/;
/** Public places with a car park. */
const PARKING_PLACE =
  /(购物中心|商场|医院|公园|广场|体育|火车站|客运|政府|政务|中心|剧院|图书馆|博物馆|学校|中学|小学|大学|市场|小区|新城|嘉园|佳苑|华府)/;

/** Generates the demo devices of a generated city. */
export function generateDemoDevices(city: DemoCity): DemoDeviceInput[] {
  const rng = SeededRandom.forLabel(city.seed, 'devices');
  const dept = (name: string): string => {
    const d = city.departments.find((x) => x.name === name);
    if (!d) throw new Error(`demo department ${name} is missing`);
    return d.code;
  };
  const communityName = new Map(city.areas.filter((a) => a.level === 'community').map((a) => [a.code, a.name]));
  const doors = city.addresses.filter((a) => a.kind === 'door');
  const pois = city.addresses.filter((a) => a.kind === 'poi');
  const out: DemoDeviceInput[] = [];
  const installDate = () => `${rng.int(2019, 2025)}-${pad(rng.int(1, 12), 2)}-${pad(rng.int(1, 28), 2)}`;

  for (const plan of PLAN) {
    const id = (i: number) => `zc-${plan.prefix}-${pad(i + 1, 4)}`;
    const departmentCode = dept(plan.department);
    const add = (i: number, name: string, lon: number, lat: number, metadata: Record<string, unknown>) =>
      out.push({ id: id(i), type: plan.type, name, location: { lon, lat }, departmentCode, installDate: installDate(), metadata });
    switch (plan.type) {
      case 'AirQualityObserved':
        spread(rng.shuffle(doors), plan.count, 800).forEach((a, i) =>
          add(i, `${communityName.get(a.communityCode) ?? a.road}空气质量监测站`, a.lon, a.lat, { stationKind: i < 8 ? '国控站' : '微站' }),
        );
        break;
      case 'NoiseLevelObserved':
        spread(rng.shuffle(doors), plan.count, 700).forEach((a, i) =>
          add(i, `${communityName.get(a.communityCode) ?? a.road}噪声监测点`, a.lon, a.lat, { functionalZone: rng.int(1, 4) }),
        );
        break;
      case 'WaterLevel': {
        const low = rng.shuffle(doors.filter((a) => WATERSIDE.test(a.road)));
        spread([...low, ...rng.shuffle(doors)], plan.count, 300).forEach((a, i) => {
          const warningLevel = Math.round(rng.range(2.5, 4.5) * 100) / 100;
          add(i, `${a.road}${a.houseNumber}号水位监测点`, a.lon, a.lat, {
            warningLevel,
            alertLevel: Math.round((warningLevel + 0.8) * 100) / 100,
          });
        });
        break;
      }
      case 'OffStreetParking': {
        const places = rng.shuffle(pois.filter((a) => a.poiName && PARKING_PLACE.test(a.poiName)));
        spread([...places, ...rng.shuffle(pois)], plan.count, 150).forEach((a, i) =>
          add(i, `${a.poiName ?? `${a.road}${a.houseNumber}号`}停车场`, a.lon, a.lat, { totalSpots: rng.int(5, 80) * 10 }),
        );
        break;
      }
      case 'ManholeCover':
        spread(rng.shuffle(doors), plan.count, 60).forEach((a, i) =>
          add(i, `${a.road}${a.houseNumber}号井盖`, a.lon, a.lat, { use: rng.pick(['雨水', '污水', '电力', '通信']), diameterM: 0.7 }),
        );
        break;
      case 'Streetlight': {
        const perRoad = new Map<string, number>();
        spread(rng.shuffle(doors), plan.count, 60).forEach((a, i) => {
          const n = (perRoad.get(a.road) ?? 0) + 1;
          perRoad.set(a.road, n);
          add(i, `${a.road}路灯${pad(n, 3)}`, a.lon, a.lat, { road: a.road, lampPowerW: rng.pick([100, 150, 250]) });
        });
        break;
      }
      case 'TrafficFlowObserved':
        trafficSites(city, rng, plan.count).forEach((s, i) =>
          add(i, `${s.road.name}${pad(s.seq, 2)}号断面检测器`, s.lon, s.lat, { road: s.road.name, lanes: s.road.kind === 'trunk' ? 6 : 4 }),
        );
        break;
    }
  }
  return out;
}

/** Takes points in order, skipping any within `minMetres` of one taken; relaxes the distance until `count` are taken. */
function spread(candidates: readonly DemoAddress[], count: number, minMetres: number): DemoAddress[] {
  const taken: DemoAddress[] = [];
  const used = new Set<string>();
  for (let d = minMetres; taken.length < count && d >= 1; d = Math.floor(d / 2)) {
    const cells = new Map<string, Array<[number, number]>>();
    const key = (x: number, y: number) => `${Math.floor(x / d)},${Math.floor(y / d)}`;
    const mark = (x: number, y: number) => {
      const k = key(x, y);
      const list = cells.get(k);
      if (list) list.push([x, y]);
      else cells.set(k, [[x, y]]);
    };
    for (const a of taken) mark(...toMetres(a.lon, a.lat));
    for (const a of candidates) {
      if (taken.length >= count) break;
      if (used.has(a.id)) continue;
      const [x, y] = toMetres(a.lon, a.lat);
      const cx = Math.floor(x / d);
      const cy = Math.floor(y / d);
      let near = false;
      for (let i = -1; i <= 1 && !near; i++) {
        for (let j = -1; j <= 1 && !near; j++) {
          near = (cells.get(`${cx + i},${cy + j}`) ?? []).some(([px, py]) => Math.hypot(px - x, py - y) < d);
        }
      }
      if (near) continue;
      taken.push(a);
      used.add(a.id);
      mark(x, y);
    }
  }
  if (taken.length < count) throw new Error(`only ${taken.length} of ${count} demo device sites found`);
  return taken;
}

/** Points 5–15 m beside trunk and primary roads, evenly along them, each ≥ 2 m inside a grid. */
function trafficSites(city: DemoCity, rng: SeededRandom, count: number): Array<{ road: DemoRoad; seq: number; lon: number; lat: number }> {
  const locator = new GridLocator(gridCells(city));
  const roads = city.roads.filter((r) => r.kind === 'trunk' || r.kind === 'primary');
  const length = (r: DemoRoad) => polylineMetres(r).reduce((s, seg) => s + seg.len, 0);
  const total = roads.reduce((s, r) => s + length(r), 0);
  // Twice as many candidates as needed, then every other valid one: some fall outside the city.
  const spacing = total / (count * 2);
  const candidates: Array<{ road: DemoRoad; seq: number; lon: number; lat: number }> = [];
  for (const road of roads) {
    let seq = 0;
    let next = spacing / 2;
    let walked = 0;
    const segs = polylineMetres(road);
    for (const seg of segs) {
      while (next <= walked + seg.len) {
        const t = (next - walked) / seg.len;
        const side = rng.chance(0.5) ? 1 : -1;
        const offset = side * rng.range(5, 15);
        const x = seg.ax + (seg.bx - seg.ax) * t + (-(seg.by - seg.ay) / seg.len) * offset;
        const y = seg.ay + (seg.by - seg.ay) * t + ((seg.bx - seg.ax) / seg.len) * offset;
        const [lon, lat] = toLonLat(x, y);
        // Near a bend the point may come closer to the next segment than the offset: skip it.
        const d = distanceToSegments(segs, x, y);
        if (d >= 5 && d <= 15 && locator.locateWithin(lon, lat, 2)) candidates.push({ road, seq: ++seq, lon, lat });
        next += spacing;
      }
      walked += seg.len;
    }
  }
  if (candidates.length < count) throw new Error(`only ${candidates.length} traffic detector sites for ${count}`);
  const step = candidates.length / count;
  return Array.from({ length: count }, (_, i) => candidates[Math.floor(i * step)]!);
}

function polylineMetres(road: DemoRoad): Array<{ ax: number; ay: number; bx: number; by: number; len: number }> {
  const pts = road.geometry.coordinates.map(([lon, lat]) => toMetres(lon!, lat!));
  const out = [];
  for (let i = 1; i < pts.length; i++) {
    const [ax, ay] = pts[i - 1]!;
    const [bx, by] = pts[i]!;
    const len = Math.hypot(bx - ax, by - ay);
    if (len > 0) out.push({ ax, ay, bx, by, len });
  }
  return out;
}

function distanceToSegments(segs: ReturnType<typeof polylineMetres>, x: number, y: number): number {
  let best = Infinity;
  for (const s of segs) {
    const t = Math.max(0, Math.min(1, ((x - s.ax) * (s.bx - s.ax) + (y - s.ay) * (s.by - s.ay)) / (s.len * s.len)));
    best = Math.min(best, Math.hypot(s.ax + t * (s.bx - s.ax) - x, s.ay + t * (s.by - s.ay) - y));
  }
  return best;
}

/** The city's unit grids as the demo locator wants them. */
function gridCells(city: DemoCity): GridCell[] {
  const parent = new Map(city.areas.map((a) => [a.code, a.parentCode]));
  return city.areas
    .filter((a) => a.level === 'grid' && a.geometry.type === 'Polygon')
    .map((a, i) => {
      const communityCode = a.parentCode ?? '';
      const streetCode = parent.get(communityCode) ?? '';
      return {
        cellIndex: i,
        code: a.code,
        name: a.name,
        communityCode,
        streetCode,
        districtCode: parent.get(streetCode) ?? '',
        geometry: a.geometry as GridCell['geometry'],
      };
    });
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * The named road network of 示范市. Roads run along lattice lines, i.e. exactly on unit-grid
 * boundaries, the way real 万米单元网格 are bounded by streets: east–west roads follow the
 * horizontal lattice lines, north–south roads the column boundaries (with the lattice's small
 * stagger at each row, which reads as a slightly offset crossing).
 *
 * - trunk (大道): two east–west and two north–south lines through the middle, longest stretch only;
 * - primary (路): every fourth line, split into 东/中/西 (南/中/北) sections when long;
 * - secondary (路/街): the other lines, cut into pieces of at most ~4.5 km, each with its own name;
 * - branch (巷): secondary lines inside the old town (~1.1 km around the centre), in short lanes.
 * Outside the core (~4 km around the centre) only every second secondary line is a road, so
 * suburban blocks are larger. Only stretches with city cells on both sides become roads.
 */
import type { Position } from 'geojson';
import type { DemoRoad } from './demo-city-types.js';
import type { CityAreas } from './demo-areas.js';
import type { SeededRandom } from './seeded-random.js';
import { CELL_HEIGHT, CELL_WIDTH, edgeKey, rowSide, vertexId, type Lattice } from './demo-lattice.js';
import { toMetres } from './demo-geometry.js';
import { LANE_NAMES, ROAD_BASES, TRUNK_NAMES } from './demo-names.js';

const PRIMARY_EVERY = 4;
const TRUNK_OFFSET = 8;
const SECONDARY_MAX_M = 4500;
const PRIMARY_SECTION_M = 6000;
const LANE_M = 600;
const OLD_TOWN_RADIUS_M = 1100;
/** Beyond this distance from the centre only every second secondary line is built (suburbs). */
const CORE_RADIUS_M = 4000;
const MIN_ROAD_M = 400;

type Orientation = 'ew' | 'ns';
type Zone = 'old' | 'core' | 'outer';

/** A maximal stretch of one lattice line with city cells on both sides: vertex ids, west→east or north→south. */
type Run = number[];

/** Generate the road network. Roads are ordered and numbered R001… in generation order. */
export function generateRoads(areas: CityAreas, rng: SeededRandom): DemoRoad[] {
  const { lattice } = areas;
  const inCity = (cell: number | undefined): boolean => cell !== undefined && areas.gridByCell.has(cell);
  const metres = (id: number): [number, number] => toMetres(lattice.lon[id]!, lattice.lat[id]!);

  // Centre of the city, as a line index pair and in metres (for the old town).
  let sx = 0;
  let sy = 0;
  for (const g of areas.grids) {
    sx += lattice.cells[g.cellIndex]!.cx;
    sy += lattice.cells[g.cellIndex]!.cy;
  }
  const n = areas.grids.length;
  const centreLine = Math.round((lattice.rows * CELL_HEIGHT) / 2 / CELL_HEIGHT - sy / n / CELL_HEIGHT);
  const centreBoundary = Math.round(sx / n / CELL_WIDTH + lattice.cols / 2);
  const centre = meanVertex(areas, metres);
  const zoneOf = (a: number, b: number): Zone => {
    const [ax, ay] = metres(a);
    const [bx, by] = metres(b);
    const d = Math.hypot((ax + bx) / 2 - centre[0], (ay + by) / 2 - centre[1]);
    return d < OLD_TOWN_RADIUS_M ? 'old' : d < CORE_RADIUS_M ? 'core' : 'outer';
  };

  const bases = rng.shuffle(ROAD_BASES);
  const lanes = rng.shuffle(LANE_NAMES);
  const used = new Set<string>();
  const takeBase = (): string => {
    const base = bases.shift();
    if (base === undefined) throw new Error('road name pool exhausted');
    return base;
  };
  const roads: DemoRoad[] = [];
  const add = (name: string, kind: DemoRoad['kind'], vertices: number[]): void => {
    if (used.has(name)) throw new Error(`duplicate road name ${name}`);
    used.add(name);
    const coordinates: Position[] = vertices.map((id) => [lattice.lon[id]!, lattice.lat[id]!]);
    roads.push({ id: `R${String(roads.length + 1).padStart(3, '0')}`, name, kind, geometry: { type: 'LineString', coordinates } });
  };
  const lengthOf = (vertices: readonly number[]): number => pathLength(vertices.map(metres));

  const lines: { orientation: Orientation; line: number; runs: Run[] }[] = [];
  for (let line = 1; line < lattice.rows; line++) lines.push({ orientation: 'ew', line, runs: horizontalRuns(lattice, line, inCity) });
  for (let b = 1; b < lattice.cols; b++) lines.push({ orientation: 'ns', line: b, runs: verticalRuns(lattice, b, inCity) });

  for (const { orientation, line, runs } of lines) {
    const centreIndex = orientation === 'ew' ? centreLine : centreBoundary;
    const offset = line - centreIndex;
    const trunkNames = orientation === 'ew' ? TRUNK_NAMES.eastWest : TRUNK_NAMES.northSouth;
    const trunkAt = orientation === 'ew' ? [0, TRUNK_OFFSET] : [-TRUNK_OFFSET, TRUNK_OFFSET];
    const trunkIndex = trunkAt.indexOf(offset);
    const long = runs.filter((run) => lengthOf(run) >= MIN_ROAD_M);
    if (long.length === 0) continue;

    if (trunkIndex >= 0) {
      const longest = long.reduce((a, b) => (lengthOf(b) > lengthOf(a) ? b : a));
      add(trunkNames[trunkIndex]!, 'trunk', longest);
      for (const run of long) if (run !== longest) addSecondary(run);
    } else if (((offset % PRIMARY_EVERY) + PRIMARY_EVERY) % PRIMARY_EVERY === 0) {
      for (const run of long) {
        const parts = Math.max(1, Math.min(3, Math.round(lengthOf(run) / PRIMARY_SECTION_M)));
        const pieces = splitEvenly(run, parts, metres);
        const base = takeBase();
        const sections = orientation === 'ew' ? ['西', '中', '东'] : ['北', '中', '南'];
        const labels = pieces.length === 1 ? [''] : pieces.length === 2 ? [sections[0]!, sections[2]!] : sections;
        pieces.forEach((piece, i) => add(`${base}${labels[i]!}路`, 'primary', piece));
      }
    } else {
      for (const run of long) {
        // Old-town stretches become lanes; suburbs keep every second line.
        for (const { vertices, zone } of splitByZone(run, zoneOf)) {
          const len = lengthOf(vertices);
          if (zone === 'outer' && offset % 2 !== 0) continue;
          if (zone === 'old') {
            for (const piece of splitEvenly(vertices, Math.max(1, Math.round(len / LANE_M)), metres)) {
              add(lanes.shift() ?? `${takeBase()}巷`, 'branch', piece);
            }
          } else if (len >= MIN_ROAD_M) {
            addSecondary(vertices);
          }
        }
      }
    }
  }
  return roads;

  function addSecondary(vertices: number[]): void {
    const parts = Math.max(1, Math.ceil(lengthOf(vertices) / SECONDARY_MAX_M));
    for (const piece of splitEvenly(vertices, parts, metres)) {
      add(`${takeBase()}${rng.chance(0.6) ? '路' : '街'}`, 'secondary', piece);
    }
  }
}

/** Runs of horizontal line `line` (west→east) with city cells both above and below. */
function horizontalRuns(lattice: Lattice, line: number, inCity: (cell: number | undefined) => boolean): Run[] {
  const seq: number[] = [];
  for (let b = 0; b <= lattice.cols; b++) seq.push(vertexId(line, b, 0), vertexId(line, b, 1));
  const interior: boolean[] = [];
  for (let j = 0; j + 1 < seq.length; j++) {
    const above = lattice.edgeOwner.get(edgeKey(lattice, seq[j]!, seq[j + 1]!));
    const below = lattice.edgeOwner.get(edgeKey(lattice, seq[j + 1]!, seq[j]!));
    interior.push(inCity(above) && inCity(below));
  }
  return runsOf(seq, interior);
}

/** Runs of column boundary `b` (north→south) with city cells on both sides. */
function verticalRuns(lattice: Lattice, b: number, inCity: (cell: number | undefined) => boolean): Run[] {
  // The path alternates vertical edges (one per row) and the short stagger on each line.
  const seq: number[] = [];
  const interior: boolean[] = [];
  for (let row = 0; row < lattice.rows; row++) {
    const s = rowSide(row);
    const top = vertexId(row, b, s);
    const bottom = vertexId(row + 1, b, s);
    const rightCell = lattice.edgeOwner.get(edgeKey(lattice, top, bottom));
    const leftCell = lattice.edgeOwner.get(edgeKey(lattice, bottom, top));
    const ok = inCity(rightCell) && inCity(leftCell);
    if (row > 0)
      interior.push(ok && interior[interior.length - 1]!); // stagger joining two vertical edges
    else seq.push(top);
    if (row > 0) seq.push(top);
    seq.push(bottom);
    interior.push(ok);
  }
  return runsOf(seq, interior);
}

/** Maximal runs of consecutive interior edges of a vertex sequence. */
function runsOf(seq: readonly number[], interior: readonly boolean[]): number[][] {
  const runs: number[][] = [];
  let current: number[] | null = null;
  for (let j = 0; j < interior.length; j++) {
    if (interior[j]) {
      if (!current) current = [seq[j]!];
      current.push(seq[j + 1]!);
    } else if (current) {
      runs.push(current);
      current = null;
    }
  }
  if (current) runs.push(current);
  return runs;
}

/** Split a path into stretches of one zone each (sharing their joining vertex). */
function splitByZone(vertices: readonly number[], zoneOf: (a: number, b: number) => Zone): { vertices: number[]; zone: Zone }[] {
  const out: { vertices: number[]; zone: Zone }[] = [];
  for (let j = 0; j + 1 < vertices.length; j++) {
    const zone = zoneOf(vertices[j]!, vertices[j + 1]!);
    const last = out[out.length - 1];
    if (last && last.zone === zone) last.vertices.push(vertices[j + 1]!);
    else out.push({ vertices: [vertices[j]!, vertices[j + 1]!], zone });
  }
  // A core and an outer stretch of the same line read as one road; only the old town differs.
  const merged: { vertices: number[]; zone: Zone }[] = [];
  for (const part of out) {
    const last = merged[merged.length - 1];
    if (last && last.zone !== 'old' && part.zone !== 'old' && last.zone === part.zone) last.vertices.push(...part.vertices.slice(1));
    else merged.push(part);
  }
  return merged;
}

/** Cut a path into `parts` pieces of about equal length, at vertices; pieces share end vertices. */
function splitEvenly(vertices: readonly number[], parts: number, metres: (id: number) => [number, number]): number[][] {
  if (parts <= 1 || vertices.length < 2 * parts) return [vertices.slice()];
  const cumulative = [0];
  for (let j = 1; j < vertices.length; j++) {
    const [ax, ay] = metres(vertices[j - 1]!);
    const [bx, by] = metres(vertices[j]!);
    cumulative.push(cumulative[j - 1]! + Math.hypot(bx - ax, by - ay));
  }
  const total = cumulative[cumulative.length - 1]!;
  const cuts = [0];
  for (let k = 1; k < parts; k++) {
    const target = (total * k) / parts;
    let best = cuts[cuts.length - 1]! + 1;
    for (let j = best; j < vertices.length - 1; j++) {
      if (Math.abs(cumulative[j]! - target) < Math.abs(cumulative[best]! - target)) best = j;
    }
    cuts.push(best);
  }
  cuts.push(vertices.length - 1);
  const pieces: number[][] = [];
  for (let k = 0; k + 1 < cuts.length; k++) pieces.push(vertices.slice(cuts[k]!, cuts[k + 1]! + 1));
  return pieces.filter((p) => p.length >= 2);
}

/** Length in metres of a path. */
export function pathLength(points: readonly (readonly [number, number])[]): number {
  let sum = 0;
  for (let j = 1; j < points.length; j++) sum += Math.hypot(points[j]![0] - points[j - 1]![0], points[j]![1] - points[j - 1]![1]);
  return sum;
}

/** Mean position (metres) of all vertices of the city's grids. */
function meanVertex(areas: CityAreas, metres: (id: number) => [number, number]): [number, number] {
  let x = 0;
  let y = 0;
  let k = 0;
  for (const g of areas.grids) {
    for (const id of areas.lattice.cells[g.cellIndex]!.vertices) {
      const [mx, my] = metres(id);
      x += mx;
      y += my;
      k++;
    }
  }
  return [x / k, y / k];
}

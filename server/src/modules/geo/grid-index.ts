/**
 * In-memory spatial index of the area hierarchy: point → grid → community → street → district.
 *
 * Why in memory: every case, device and reading is placed on a grid, thousands of times a
 * second; a flatbush R-tree over the grids' boxes plus an exact point-in-polygon test answers
 * in about a microsecond, where a database round trip costs a hundred. The index is immutable:
 * after any change the service builds a new one from the tables and swaps it in.
 *
 * @example
 * const index = GridIndex.build(areas);
 * index.locate(119.62, 29.1); // { district: {code, name}, street, community, grid }
 */
import Flatbush from 'flatbush';
import type { AreaInput, AreaLevel, AreaRef, BBox, Location } from './geo-types.js';
import { AREA_LEVELS } from './geo-types.js';
import { geometryBBox, planarArea, pointOnSurface } from './geometry.js';
import { BOUNDARY, classifyPoint, compileGeometry, EDGE_EPSILON, INSIDE, type CompiledGeometry } from './point-in-polygon.js';

/** An area as held by the index. */
export interface IndexedArea {
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
  bbox: BBox;
  /** A point inside the area (point on surface), where area-only geocoding answers. */
  interior: [number, number];
  /** The area and its ancestors, precomputed so `locate` allocates nothing. */
  location: Location;
  /** Planar area (degree²), to tell whether children cover their parent. */
  planarArea: number;
}

/** The areas of one level with their compiled geometry, sorted by code. */
export interface LevelAreas {
  areas: IndexedArea[];
  geometries: CompiledGeometry[];
}

/**
 * Sort areas of one level by code and compile their geometries. Sorting by code is what makes
 * the boundary rule ("lowest code wins") a plain "lowest position wins".
 */
export function compileLevel(areas: readonly IndexedArea[], geometries: ReadonlyMap<string, CompiledGeometry>): LevelAreas {
  const sorted = [...areas].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { areas: sorted, geometries: sorted.map((a) => geometries.get(a.code)!) };
}

/**
 * Pick the answer among candidate positions of one level: the lowest position strictly
 * inside, else the lowest position on the boundary, else -1. Shared by the index and the
 * linear scan so that both give the same answer for every point.
 */
export function pickPosition(level: LevelAreas, candidates: ArrayLike<number>, x: number, y: number): number {
  let inside = -1;
  let boundary = -1;
  for (let i = 0; i < candidates.length; i++) {
    const pos = candidates[i]!;
    if (inside >= 0 && pos > inside) continue;
    const c = classifyPoint(level.geometries[pos]!, x, y);
    if (c === INSIDE) {
      if (inside < 0 || pos < inside) inside = pos;
    } else if (c === BOUNDARY && (boundary < 0 || pos < boundary)) {
      boundary = pos;
    }
  }
  return inside >= 0 ? inside : boundary;
}

/** Prepare indexed areas (boxes, interior points, ancestor chains) and compiled geometries. */
export function prepareAreas(inputs: readonly AreaInput[]): { areas: IndexedArea[]; geometries: Map<string, CompiledGeometry> } {
  const byCode = new Map<string, AreaInput>();
  for (const a of inputs) byCode.set(a.code, a);
  const geometries = new Map<string, CompiledGeometry>();
  const areas: IndexedArea[] = [];
  for (const a of byCode.values()) {
    geometries.set(a.code, compileGeometry(a.geometry));
    const location: Location = { district: null, street: null, community: null, grid: null };
    // Walk up the parent chain; the guard stops a corrupt cycle from hanging the rebuild.
    let cur: AreaInput | undefined = a;
    for (let depth = 0; cur && depth < 8; depth++) {
      if (cur.level !== 'city') location[cur.level] = Object.freeze({ code: cur.code, name: cur.name });
      cur = cur.parentCode ? byCode.get(cur.parentCode) : undefined;
    }
    areas.push({
      code: a.code,
      name: a.name,
      level: a.level,
      parentCode: a.parentCode,
      bbox: geometryBBox(a.geometry),
      interior: pointOnSurface(a.geometry),
      location: Object.freeze(location),
      planarArea: planarArea(a.geometry),
    });
  }
  return { areas, geometries };
}

/** One level's R-tree. */
interface LevelTree extends LevelAreas {
  tree: Flatbush | null;
}

/** Levels searched by `locate`, finest first: a point outside every grid still gets its community. */
const LOCATE_ORDER: readonly AreaLevel[] = ['grid', 'community', 'street', 'district'];

/** Immutable spatial index over the area hierarchy. Build a new one to change it. */
export class GridIndex {
  private readonly byCode: Map<string, IndexedArea>;
  private readonly levels: Map<AreaLevel, LevelTree>;
  private readonly childCounts: Map<string, number>;
  /** Levels whose every area is covered by its children (a point in none of the children is in none of them). */
  private readonly coveredByChildren = new Set<AreaLevel>();

  private constructor(areas: IndexedArea[], geometries: Map<string, CompiledGeometry>) {
    this.byCode = new Map(areas.map((a) => [a.code, a]));
    this.levels = new Map();
    this.childCounts = new Map();
    for (const a of areas) {
      if (a.parentCode) this.childCounts.set(a.parentCode, (this.childCounts.get(a.parentCode) ?? 0) + 1);
    }
    for (const level of AREA_LEVELS) {
      const compiled = compileLevel(
        areas.filter((a) => a.level === level),
        geometries,
      );
      let tree: Flatbush | null = null;
      if (compiled.areas.length > 0) {
        tree = new Flatbush(compiled.areas.length);
        for (const a of compiled.areas) tree.add(a.bbox[0], a.bbox[1], a.bbox[2], a.bbox[3]);
        tree.finish();
      }
      this.levels.set(level, { ...compiled, tree });
    }
    // Children's areas summing to the parent's (relative 1e-6, far above rounding, far below
    // one grid) means they tile it: then `locate` need not search the parent level after a
    // miss, which keeps misses as cheap as hits.
    const childArea = new Map<string, number>();
    for (const a of areas) if (a.parentCode) childArea.set(a.parentCode, (childArea.get(a.parentCode) ?? 0) + a.planarArea);
    for (const level of AREA_LEVELS) {
      const list = this.levels.get(level)!.areas;
      if (list.length > 0 && list.every((a) => Math.abs((childArea.get(a.code) ?? 0) - a.planarArea) <= 1e-6 * a.planarArea)) {
        this.coveredByChildren.add(level);
      }
    }
  }

  /** Build an index from area rows (any order; duplicates by code: the last wins). */
  static build(areas: readonly AreaInput[]): GridIndex {
    const prepared = prepareAreas(areas);
    return new GridIndex(prepared.areas, prepared.geometries);
  }

  /** An empty index (no areas loaded yet). */
  static empty(): GridIndex {
    return new GridIndex([], new Map());
  }

  /** Number of areas of a level (all levels when omitted). */
  count(level?: AreaLevel): number {
    if (!level) return this.byCode.size;
    return this.levels.get(level)?.areas.length ?? 0;
  }

  /** The area with this code, if indexed. */
  get(code: string): IndexedArea | undefined {
    return this.byCode.get(code);
  }

  /** Number of direct children of an area. */
  childCount(code: string): number {
    return this.childCounts.get(code) ?? 0;
  }

  /** The areas of a level, sorted by code. */
  areasOf(level: AreaLevel): readonly IndexedArea[] {
    return this.levels.get(level)?.areas ?? [];
  }

  /** Path from the top of the hierarchy down to the area (inclusive). */
  path(code: string): Array<AreaRef & { level: AreaLevel }> {
    const out: IndexedArea[] = [];
    let cur = this.byCode.get(code);
    for (let depth = 0; cur && depth < 8; depth++) {
      out.push(cur);
      cur = cur.parentCode ? this.byCode.get(cur.parentCode) : undefined;
    }
    return out.reverse().map((a) => ({ code: a.code, name: a.name, level: a.level }));
  }

  /** Bounding box of everything indexed, or null when empty. */
  extent(): BBox | null {
    let box: BBox | null = null;
    for (const a of this.byCode.values()) {
      if (!box) box = [...a.bbox];
      else {
        box[0] = Math.min(box[0], a.bbox[0]);
        box[1] = Math.min(box[1], a.bbox[1]);
        box[2] = Math.max(box[2], a.bbox[2]);
        box[3] = Math.max(box[3], a.bbox[3]);
      }
    }
    return box;
  }

  /** The area of one level containing the point (boundary rule: lowest code), or undefined. */
  findAt(level: AreaLevel, lon: number, lat: number): IndexedArea | undefined {
    const lt = this.levels.get(level);
    if (!lt?.tree) return undefined;
    const hits = lt.tree.search(lon - EDGE_EPSILON, lat - EDGE_EPSILON, lon + EDGE_EPSILON, lat + EDGE_EPSILON);
    if (hits.length === 0) return undefined;
    const pos = pickPosition(lt, hits, lon, lat);
    return pos >= 0 ? lt.areas[pos] : undefined;
  }

  /**
   * Where a point falls: its grid and ancestors. Falls back to the finest level that contains
   * the point when no grid does (a district imported without grids still locates). Null outside
   * every area. The answer object is shared and frozen: do not mutate it.
   */
  locate(lon: number, lat: number): Location | null {
    let searched = false;
    for (const level of LOCATE_ORDER) {
      // A level tiled by the finer level just searched cannot contain the point either.
      if (searched && this.coveredByChildren.has(level)) continue;
      const lt = this.levels.get(level);
      if (!lt?.tree) continue;
      const hit = this.findAt(level, lon, lat);
      if (hit) return hit.location;
      searched = true;
    }
    return null;
  }

  /** Code of the grid containing the point, or null. The hot path for other modules. */
  gridAt(lon: number, lat: number): string | null {
    return this.findAt('grid', lon, lat)?.code ?? null;
  }
}

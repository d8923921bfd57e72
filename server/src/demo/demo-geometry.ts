/**
 * Plane geometry for the demo city: the local metric projection, coordinate rounding, ring areas,
 * point-in-polygon and distance to a boundary. Everything works on WGS84 lon/lat as written to
 * GeoJSON, so that what the tests check is exactly what the seeder stores.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

/** Projection origin: the middle of 示范市's box (lon 119.55–119.75, lat 29.03–29.17). */
export const ORIGIN_LON = 119.65;
export const ORIGIN_LAT = 29.1;
/** Metres per degree of latitude near 29° N (WGS84 meridian arc). */
export const METRES_PER_DEG_LAT = 110_574;
/** Metres per degree of longitude at the origin's latitude. */
export const METRES_PER_DEG_LON = 111_320 * Math.cos((ORIGIN_LAT * Math.PI) / 180);

/** Coordinates are rounded to 7 decimals (≈ 1 cm) once, so shared vertices stay bit-identical. */
export function round7(value: number): number {
  return Math.round(value * 1e7) / 1e7;
}

/** Local metres (x east, y north of the origin) → rounded `[lon, lat]`. */
export function toLonLat(x: number, y: number): [number, number] {
  return [round7(ORIGIN_LON + x / METRES_PER_DEG_LON), round7(ORIGIN_LAT + y / METRES_PER_DEG_LAT)];
}

/** `[lon, lat]` → local metres `[x, y]`. */
export function toMetres(lon: number, lat: number): [number, number] {
  return [(lon - ORIGIN_LON) * METRES_PER_DEG_LON, (lat - ORIGIN_LAT) * METRES_PER_DEG_LAT];
}

/** Signed shoelace area of a closed ring in square degrees; positive when counter-clockwise. */
export function ringSignedArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 1; i < ring.length; i++) {
    const a = ring[i - 1]!;
    const b = ring[i]!;
    sum += a[0]! * b[1]! - b[0]! * a[1]!;
  }
  return sum / 2;
}

/** The polygons of a Polygon or MultiPolygon as a list of ring lists. */
export function polygonsOf(geometry: Polygon | MultiPolygon): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/**
 * Area in square degrees of a Polygon/MultiPolygon whose outer rings are counter-clockwise and
 * holes clockwise (RFC 7946): the signed ring areas then simply add up.
 */
export function geometryArea(geometry: Polygon | MultiPolygon): number {
  let sum = 0;
  for (const polygon of polygonsOf(geometry)) for (const ring of polygon) sum += ringSignedArea(ring);
  return sum;
}

/** Crossing-number test of a point against one closed ring (boundary points are undefined). */
export function pointInRing(ring: readonly Position[], lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 1; i < ring.length; i++) {
    const ax = ring[i - 1]![0]!;
    const ay = ring[i - 1]![1]!;
    const bx = ring[i]![0]!;
    const by = ring[i]![1]!;
    if (ay > lat !== by > lat && lon < ax + ((lat - ay) * (bx - ax)) / (by - ay)) inside = !inside;
  }
  return inside;
}

/** True when the point is inside the geometry (inside an outer ring and outside its holes). */
export function pointInGeometry(geometry: Polygon | MultiPolygon, lon: number, lat: number): boolean {
  for (const polygon of polygonsOf(geometry)) {
    if (!pointInRing(polygon[0]!, lon, lat)) continue;
    let inHole = false;
    for (let h = 1; h < polygon.length && !inHole; h++) inHole = pointInRing(polygon[h]!, lon, lat);
    if (!inHole) return true;
  }
  return false;
}

/** Distance in metres from a point to the nearest edge of any ring of the geometry. */
export function distanceToBoundaryMetres(geometry: Polygon | MultiPolygon, lon: number, lat: number): number {
  let best = Infinity;
  for (const polygon of polygonsOf(geometry)) {
    for (const ring of polygon) best = Math.min(best, distanceToRingMetres(ring, lon, lat));
  }
  return best;
}

/** Distance in metres from a point to the nearest edge of one ring. */
export function distanceToRingMetres(ring: readonly Position[], lon: number, lat: number): number {
  let best2 = Infinity;
  for (let i = 1; i < ring.length; i++) {
    const ax = (ring[i - 1]![0]! - lon) * METRES_PER_DEG_LON;
    const ay = (ring[i - 1]![1]! - lat) * METRES_PER_DEG_LAT;
    const bx = (ring[i]![0]! - lon) * METRES_PER_DEG_LON;
    const by = (ring[i]![1]! - lat) * METRES_PER_DEG_LAT;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    let t = len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const ex = ax + t * dx;
    const ey = ay + t * dy;
    best2 = Math.min(best2, ex * ex + ey * ey);
  }
  return Math.sqrt(best2);
}

/** `[minLon, minLat, maxLon, maxLat]` of a ring. */
export function ringBBox(ring: readonly Position[]): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of ring) {
    minX = Math.min(minX, p[0]!);
    minY = Math.min(minY, p[1]!);
    maxX = Math.max(maxX, p[0]!);
    maxY = Math.max(maxY, p[1]!);
  }
  return [minX, minY, maxX, maxY];
}

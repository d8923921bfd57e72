/**
 * Small planar / spherical helpers over GeoJSON polygons in WGS84 lon/lat: bounding boxes,
 * geodesic area, a point guaranteed inside a polygon, distances. No dependency: these run on
 * every index rebuild and every import row.
 */
import type { Position } from 'geojson';
import type { AreaGeometry, BBox } from './geo-types.js';

/** WGS84 semi-major axis in metres (the radius the usual spherical-area formula uses). */
const EARTH_RADIUS_M = 6378137;
/** Mean Earth radius (IUGG) in metres, for great-circle distances. */
const MEAN_EARTH_RADIUS_M = 6371008.8;

/** The polygons of a Polygon or MultiPolygon, each as its list of rings (outer ring first). */
export function polygonsOf(geometry: AreaGeometry): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Bounding box of an area geometry (outer rings suffice: holes lie inside them). */
export function geometryBBox(geometry: AreaGeometry): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const polygon of polygonsOf(geometry)) {
    const outer = polygon[0] ?? [];
    for (const p of outer) {
      const x = p[0]!;
      const y = p[1]!;
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

/** True when two boxes intersect or touch. */
export function bboxIntersects(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];
}

/**
 * Geodesic area of a ring in m² (Chamberlain & Duquette, "Some algorithms for polygons on a
 * sphere", JPL 2007 — the formula used by turf and OpenLayers). Sign follows orientation.
 */
function ringAreaSqm(ring: Position[]): number {
  const n = ring.length;
  if (n < 3) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const p1 = ring[i]!;
    const p2 = ring[(i + 1) % n]!;
    const p3 = ring[(i + 2) % n]!;
    total += (rad(p3[0]!) - rad(p1[0]!)) * Math.sin(rad(p2[1]!));
  }
  return (total * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2;
}

/** Geodesic area in m² of a Polygon or MultiPolygon, holes subtracted. */
export function geometryAreaSqm(geometry: AreaGeometry): number {
  let sum = 0;
  for (const polygon of polygonsOf(geometry)) {
    polygon.forEach((ring, i) => {
      const a = Math.abs(ringAreaSqm(ring));
      sum += i === 0 ? a : -a;
    });
  }
  return Math.max(0, sum);
}

/** Planar (degree²) area of one polygon with holes; only used to compare polygons. */
function planarPolygonArea(polygon: Position[][]): number {
  let sum = 0;
  polygon.forEach((ring, i) => {
    let a = 0;
    for (let k = 0, j = ring.length - 1; k < ring.length; j = k++) {
      a += (ring[j]![0]! - ring[k]![0]!) * (ring[j]![1]! + ring[k]![1]!);
    }
    sum += i === 0 ? Math.abs(a / 2) : -Math.abs(a / 2);
  });
  return sum;
}

/** Planar area (degree²) of a Polygon / MultiPolygon, holes subtracted; for comparing areas only. */
export function planarArea(geometry: AreaGeometry): number {
  let sum = 0;
  for (const p of polygonsOf(geometry)) sum += planarPolygonArea(p);
  return sum;
}

/**
 * A point strictly inside the geometry ("point on surface", as JTS's InteriorPointArea does):
 * cut the largest polygon with a horizontal line through the middle of its box and take the
 * middle of the widest inside interval. Unlike the centroid, this is inside for L/U-shaped
 * polygons and polygons with holes. A scan line that hits a vertex is nudged so that the
 * crossing count stays exact.
 */
export function pointOnSurface(geometry: AreaGeometry): [number, number] {
  const polygons = polygonsOf(geometry);
  let best = polygons[0]!;
  let bestArea = -Infinity;
  for (const p of polygons) {
    const a = planarPolygonArea(p);
    if (a > bestArea) {
      bestArea = a;
      best = p;
    }
  }
  const ys = new Set<number>();
  for (const ring of best) for (const p of ring) ys.add(p[1]!);
  const sortedYs = [...ys].sort((a, b) => a - b);
  const [minX, minY, maxX, maxY] = geometryBBox({ type: 'Polygon', coordinates: best });
  const midY = (minY + maxY) / 2;
  // Scan halfway between the two vertex latitudes around the middle: never through a vertex.
  let y = midY;
  for (let i = 0; i + 1 < sortedYs.length; i++) {
    if (sortedYs[i]! <= midY && sortedYs[i + 1]! >= midY) {
      y = (sortedYs[i]! + sortedYs[i + 1]!) / 2;
      break;
    }
  }
  const xs: number[] = [];
  for (const ring of best) {
    for (let k = 0, j = ring.length - 1; k < ring.length; j = k++) {
      const a = ring[j]!;
      const b = ring[k]!;
      if (a[1]! > y !== b[1]! > y) {
        xs.push(a[0]! + ((y - a[1]!) * (b[0]! - a[0]!)) / (b[1]! - a[1]!));
      }
    }
  }
  xs.sort((a, b) => a - b);
  let bestX = (minX + maxX) / 2; // only kept for a degenerate (zero-width) polygon
  let bestWidth = -1;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const w = xs[i + 1]! - xs[i]!;
    if (w > bestWidth) {
      bestWidth = w;
      bestX = (xs[i]! + xs[i + 1]!) / 2;
    }
  }
  return [bestX, y];
}

/** Great-circle distance in metres between two lon/lat points (haversine). */
export function distanceMeters(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * MEAN_EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Metres per degree of latitude (mean); good to 1 % anywhere, enough for search radii. */
export const METERS_PER_DEGREE_LAT = (Math.PI * MEAN_EARTH_RADIUS_M) / 180;

function rad(deg: number): number {
  return (deg * Math.PI) / 180;
}

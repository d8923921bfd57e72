/**
 * NGSI-LD geo-queries (CIM 009 §4.10) over devices, which are points: `georel` (near with
 * maxDistance / minDistance, within, intersects, disjoint, equals, contains), `geometry`
 * (Point, Polygon, MultiPolygon) and `coordinates`. The entity store narrows candidates in SQL
 * by bounding box where the relation allows it; the exact test runs here on the survivors.
 */
import { badRequest, NgsiLdError } from './ngsi-ld-errors.js';

type Position = [number, number];

/** A geometry a query may carry. */
export type QueryGeometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

/** A parsed geo-query. */
export interface GeoQuery {
  rel: 'near' | 'within' | 'intersects' | 'disjoint' | 'equals' | 'contains' | 'overlaps';
  maxDistance?: number;
  minDistance?: number;
  geometry: QueryGeometry;
  /** Longitude/latitude box the matches must lie in, null when unbounded (disjoint, minDistance). */
  bbox: [number, number, number, number] | null;
}

const EARTH_RADIUS_M = 6_371_008.8; // mean Earth radius (IUGG)

/** Parses the `georel`, `geometry`, `coordinates` and `geoproperty` parameters (all or none). */
export function parseGeoQuery(p: {
  georel?: string;
  geometry?: string;
  coordinates?: string | unknown;
  geoproperty?: string;
}): GeoQuery | null {
  if (p.georel === undefined && p.geometry === undefined && p.coordinates === undefined) return null;
  if (!p.georel) throw badRequest('georel is required with geometry and coordinates');
  if (!p.geometry) throw badRequest('geometry is required with georel');
  if (p.coordinates === undefined) throw badRequest('coordinates is required with georel');
  if (p.geoproperty !== undefined && p.geoproperty !== 'location')
    throw new NgsiLdError('OperationNotSupported', `geoproperty ${p.geoproperty}: devices have one GeoProperty, location`);
  const [relName, ...mods] = p.georel.split(';');
  const rel = relName as GeoQuery['rel'];
  if (!['near', 'within', 'intersects', 'disjoint', 'equals', 'contains', 'overlaps'].includes(rel))
    throw badRequest(`georel ${relName} is not one of near, within, contains, intersects, equals, disjoint, overlaps`);
  let coords: unknown = p.coordinates;
  if (typeof coords === 'string') {
    try {
      coords = JSON.parse(coords);
    } catch {
      throw badRequest('coordinates must be a JSON array, e.g. [119.6,29.1]');
    }
  }
  const geometry = checkGeometry(p.geometry, coords);
  const q: GeoQuery = { rel, geometry, bbox: null };
  if (rel === 'near') {
    if (geometry.type !== 'Point') throw badRequest('georel near needs geometry Point');
    for (const m of mods) {
      const mm = /^(maxDistance|minDistance)==(\d+(\.\d+)?)$/.exec(m);
      if (!mm) throw badRequest(`georel near: ${m} is not maxDistance==<metres> or minDistance==<metres>`);
      q[mm[1] as 'maxDistance' | 'minDistance'] = Number(mm[2]);
    }
    if (q.maxDistance === undefined && q.minDistance === undefined)
      throw badRequest('georel near needs maxDistance==<metres> or minDistance==<metres>');
  } else if (mods.length > 0) {
    throw badRequest(`georel ${rel} takes no modifiers (${mods.join(';')})`);
  }
  q.bbox = boundingBox(q);
  return q;
}

/** Whether a point (a device's location) satisfies the geo-query. */
export function matchesGeo(q: GeoQuery, lon: number, lat: number): boolean {
  const g = q.geometry;
  switch (q.rel) {
    case 'near': {
      const d = distanceMetres([lon, lat], g.coordinates as Position);
      return (q.maxDistance === undefined || d <= q.maxDistance) && (q.minDistance === undefined || d >= q.minDistance);
    }
    case 'within':
      if (g.type === 'Point') throw badRequest('georel within needs geometry Polygon or MultiPolygon');
      return pointInArea(g, lon, lat);
    case 'intersects':
      return g.type === 'Point' ? samePoint(g.coordinates, lon, lat) : pointInArea(g, lon, lat);
    case 'disjoint':
      return g.type === 'Point' ? !samePoint(g.coordinates, lon, lat) : !pointInArea(g, lon, lat);
    case 'equals':
    case 'contains':
      // A point contains or equals only that point.
      return g.type === 'Point' && samePoint(g.coordinates, lon, lat);
    case 'overlaps':
      // Overlap is defined between geometries of the same dimension: a point never overlaps an area.
      return false;
  }
}

/** Great-circle distance in metres (haversine). */
export function distanceMetres(a: Position, b: Position): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

function samePoint(p: Position, lon: number, lat: number): boolean {
  return Math.abs(p[0] - lon) < 1e-9 && Math.abs(p[1] - lat) < 1e-9;
}

function pointInArea(g: QueryGeometry, lon: number, lat: number): boolean {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  return polygons.some((rings) => {
    if (!inRing(rings[0]!, lon, lat)) return false;
    for (let i = 1; i < rings.length; i++) if (inRing(rings[i]!, lon, lat)) return false;
    return true;
  });
}

/** Even-odd ray casting; points on an edge count as inside (a device on the boundary is in the area). */
function inRing(ring: Position[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (onSegment(x, y, xi, yi, xj, yj)) return true;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function onSegment(x: number, y: number, x1: number, y1: number, x2: number, y2: number): boolean {
  const cross = (x - x1) * (y2 - y1) - (y - y1) * (x2 - x1);
  if (Math.abs(cross) > 1e-12) return false;
  return x >= Math.min(x1, x2) - 1e-12 && x <= Math.max(x1, x2) + 1e-12 && y >= Math.min(y1, y2) - 1e-12 && y <= Math.max(y1, y2) + 1e-12;
}

function boundingBox(q: GeoQuery): GeoQuery['bbox'] {
  const g = q.geometry;
  if (q.rel === 'disjoint' || q.rel === 'overlaps') return null;
  if (q.rel === 'near') {
    if (q.maxDistance === undefined) return null;
    const [lon, lat] = g.coordinates as Position;
    // Degrees of latitude are ~111 km everywhere; of longitude they shrink with cos(latitude). A
    // 1% margin keeps the box a superset of the circle; the exact test follows.
    const dLat = ((q.maxDistance / EARTH_RADIUS_M) * 180) / Math.PI;
    const cos = Math.cos((lat * Math.PI) / 180);
    const dLon = cos < 1e-6 ? 180 : dLat / cos;
    return [lon - dLon * 1.01, lat - dLat * 1.01, lon + dLon * 1.01, lat + dLat * 1.01];
  }
  const pts: Position[] = g.type === 'Point' ? [g.coordinates] : g.type === 'Polygon' ? g.coordinates.flat() : g.coordinates.flat(2);
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of pts) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  return [minX, minY, maxX, maxY];
}

function checkGeometry(type: string, coords: unknown): QueryGeometry {
  const position = (v: unknown, where: string): Position => {
    if (!Array.isArray(v) || v.length < 2 || typeof v[0] !== 'number' || typeof v[1] !== 'number')
      throw badRequest(`coordinates: ${where} must be [longitude, latitude]`);
    if (v[0] < -180 || v[0] > 180 || v[1] < -90 || v[1] > 90)
      throw badRequest(`coordinates: ${where} [${v[0]}, ${v[1]}] is not a WGS84 position`);
    return [v[0], v[1]];
  };
  const ring = (v: unknown, where: string): Position[] => {
    if (!Array.isArray(v) || v.length < 4) throw badRequest(`coordinates: ${where} must be a closed ring of at least 4 positions`);
    const r = v.map((p, i) => position(p, `${where}[${i}]`));
    const [a, b] = [r[0]!, r[r.length - 1]!];
    if (a[0] !== b[0] || a[1] !== b[1]) throw badRequest(`coordinates: ${where} is not closed (the last position must repeat the first)`);
    return r;
  };
  const polygon = (v: unknown, where: string): Position[][] => {
    if (!Array.isArray(v) || v.length === 0) throw badRequest(`coordinates: ${where} must be an array of rings`);
    return v.map((r, i) => ring(r, `${where}[${i}]`));
  };
  switch (type) {
    case 'Point':
      return { type, coordinates: position(coords, 'the point') };
    case 'Polygon':
      return { type, coordinates: polygon(coords, 'polygon') };
    case 'MultiPolygon':
      if (!Array.isArray(coords) || coords.length === 0) throw badRequest('coordinates: a MultiPolygon must be an array of polygons');
      return { type, coordinates: coords.map((p, i) => polygon(p, `polygon ${i}`)) };
    case 'LineString':
    case 'MultiPoint':
    case 'MultiLineString':
      throw new NgsiLdError('OperationNotSupported', `geometry ${type} is not supported; use Point, Polygon or MultiPolygon`);
    default:
      throw badRequest(`geometry ${type} is not a GeoJSON geometry type (Point, Polygon, MultiPolygon)`);
  }
}

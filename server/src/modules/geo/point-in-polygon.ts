/**
 * Exact point-in-polygon for Polygon / MultiPolygon with holes, on flat coordinate arrays so
 * that the hot path allocates nothing.
 *
 * Boundary rule (why it exists): unit grids tile the city seamlessly, so a point on a shared
 * edge lies in two grids. `classify` reports such points as BOUNDARY (within EDGE_EPSILON of an
 * edge) rather than letting floating-point noise decide; the index then gives every boundary
 * point to the lowest code among the grids it touches, the same answer every time on every node.
 */
import type { AreaGeometry } from './geo-types.js';
import { polygonsOf } from './geometry.js';

/** Classification result: the point is outside, strictly inside, or on the boundary. */
export const OUTSIDE = 0;
export const INSIDE = 1;
export const BOUNDARY = 2;
export type PointClass = typeof OUTSIDE | typeof INSIDE | typeof BOUNDARY;

/**
 * Distance (degrees) under which a point counts as on an edge: 1e-9° ≈ 0.1 mm, far below any
 * survey accuracy (GB/T 30428 class A is ±0.5 m), far above double rounding at lon ≈ 120.
 */
export const EDGE_EPSILON = 1e-9;
const EPS2 = EDGE_EPSILON * EDGE_EPSILON;

/** A polygon compiled to flat `[x0, y0, x1, y1, …]` rings (closing vertex kept). */
export interface CompiledPolygon {
  /** rings[0] is the outer ring, the rest are holes. */
  rings: Float64Array[];
}

/** A compiled Polygon or MultiPolygon. */
export type CompiledGeometry = CompiledPolygon[];

/** Compile a GeoJSON geometry once; rings are closed if the input forgot to. */
export function compileGeometry(geometry: AreaGeometry): CompiledGeometry {
  return polygonsOf(geometry).map((polygon) => ({
    rings: polygon.map((ring) => {
      const first = ring[0];
      const last = ring[ring.length - 1];
      const closed = first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1];
      const n = closed ? ring.length : ring.length + 1;
      const flat = new Float64Array(n * 2);
      for (let i = 0; i < ring.length; i++) {
        flat[i * 2] = ring[i]![0]!;
        flat[i * 2 + 1] = ring[i]![1]!;
      }
      if (!closed && first) {
        flat[(n - 1) * 2] = first[0]!;
        flat[(n - 1) * 2 + 1] = first[1]!;
      }
      return flat;
    }),
  }));
}

/**
 * Classify a point against one ring: returns BOUNDARY, or INSIDE/OUTSIDE by the crossing rule.
 * Each edge is evaluated with its lower endpoint first, so two polygons sharing an edge compute
 * bit-identical intersections whatever their winding.
 */
function classifyRing(ring: Float64Array, x: number, y: number): PointClass {
  let inside = false;
  const n = ring.length;
  for (let i = 2; i < n; i += 2) {
    const ax = ring[i - 2]!;
    const ay = ring[i - 1]!;
    const bx = ring[i]!;
    const by = ring[i + 1]!;
    // Near-edge test, only when the point is inside the edge's box grown by epsilon.
    if (
      x >= (ax < bx ? ax : bx) - EDGE_EPSILON &&
      x <= (ax > bx ? ax : bx) + EDGE_EPSILON &&
      y >= (ay < by ? ay : by) - EDGE_EPSILON &&
      y <= (ay > by ? ay : by) + EDGE_EPSILON
    ) {
      const dx = bx - ax;
      const dy = by - ay;
      const len2 = dx * dx + dy * dy;
      let t = len2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / len2 : 0;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const ex = ax + t * dx - x;
      const ey = ay + t * dy - y;
      if (ex * ex + ey * ey <= EPS2) return BOUNDARY;
    }
    if (ay > y !== by > y) {
      const xint = ay < by ? ax + ((y - ay) * (bx - ax)) / (by - ay) : bx + ((y - by) * (ax - bx)) / (ay - by);
      if (x < xint) inside = !inside;
    }
  }
  return inside ? INSIDE : OUTSIDE;
}

/** Classify a point against a compiled Polygon / MultiPolygon (holes are outside). */
export function classifyPoint(geometry: CompiledGeometry, x: number, y: number): PointClass {
  let onBoundary = false;
  for (const polygon of geometry) {
    const rings = polygon.rings;
    const outer = classifyRing(rings[0]!, x, y);
    if (outer === OUTSIDE) continue;
    if (outer === BOUNDARY) {
      onBoundary = true;
      continue;
    }
    let result: PointClass = INSIDE;
    for (let r = 1; r < rings.length; r++) {
      const h = classifyRing(rings[r]!, x, y);
      if (h === INSIDE) {
        result = OUTSIDE;
        break;
      }
      if (h === BOUNDARY) result = BOUNDARY;
    }
    if (result === INSIDE) return INSIDE;
    if (result === BOUNDARY) onBoundary = true;
  }
  return onBoundary ? BOUNDARY : OUTSIDE;
}

/**
 * Exact union of lattice cells by boundary tracing: the polygon of a community, street, district
 * or the city is built from the very vertices of its grids, never recomputed, so an area's
 * polygon equals the union of its grids to the last bit and neighbouring areas share edges.
 *
 * Method: every directed cell edge whose reverse is not owned by a cell of the same region is on
 * the boundary, with the region on its left. Linking those edges head to tail gives rings:
 * counter-clockwise outer rings and clockwise holes (RFC 7946 winding for free). Because every
 * lattice vertex joins three cells, each boundary vertex has exactly one outgoing boundary edge.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { edgeKey, ringOf, type Lattice } from './demo-lattice.js';
import { pointInRing, ringSignedArea } from './demo-geometry.js';

/** The union of the given cells as a Polygon, or a MultiPolygon when they are not connected. */
export function unionOfCells(lattice: Lattice, cellIndices: readonly number[]): Polygon | MultiPolygon {
  if (cellIndices.length === 0) throw new Error('union of no cells');
  const inRegion = new Uint8Array(lattice.cells.length);
  for (const i of cellIndices) inRegion[i] = 1;

  // next[a] = b for the boundary edge leaving vertex a; -1 when a is not on the boundary.
  const next = new Int32Array(lattice.vertexCount).fill(-1);
  for (const i of cellIndices) {
    const v = lattice.cells[i]!.vertices;
    for (let k = 0; k < v.length; k++) {
      const a = v[k]!;
      const b = v[(k + 1) % v.length]!;
      const twin = lattice.edgeOwner.get(edgeKey(lattice, b, a));
      if (twin !== undefined && inRegion[twin]) continue;
      if (next[a] !== -1) throw new Error(`region boundary touches itself at vertex ${a}`);
      next[a] = b;
    }
  }

  const outers: Position[][] = [];
  const holes: Position[][] = [];
  // Scanning vertex ids upwards starts each ring at its smallest id: a canonical first vertex.
  for (let start = 0; start < next.length; start++) {
    if (next[start] === -1) continue;
    const ids: number[] = [];
    let at = start;
    do {
      ids.push(at);
      const to = next[at]!;
      next[at] = -1; // visited
      at = to;
    } while (at !== start);
    const ring = ringOf(lattice, ids);
    (ringSignedArea(ring) > 0 ? outers : holes).push(ring);
  }

  const polygons: Position[][][] = outers.map((outer) => [outer]);
  for (const hole of holes) {
    const [x, y] = hole[0]!;
    let owner: Position[][] | undefined;
    let ownerArea = Infinity;
    for (const polygon of polygons) {
      const area = ringSignedArea(polygon[0]!);
      if (area < ownerArea && pointInRing(polygon[0]!, x!, y!)) {
        owner = polygon;
        ownerArea = area;
      }
    }
    if (!owner) throw new Error('hole outside every outer ring');
    owner.push(hole);
  }
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons };
}

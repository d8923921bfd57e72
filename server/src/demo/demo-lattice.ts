/**
 * The cell lattice every unit grid of 示范市 is cut from.
 *
 * Rows of ~310 m × 300 m cells, with alternate rows shifted by ±δ (a "brick" lattice). The shift
 * is small (≈ 19 m) but it matters: every lattice vertex then joins exactly three cells, never
 * four, so no union of cells can touch itself at a single point ("pinch"), and every area
 * boundary traced from cell edges is a simple ring. Each cell is a hexagon: its four corners plus
 * the corner of the row above and of the row below that falls on its top and bottom edges.
 *
 * Vertices are jittered (per vertex pair, so the pair's order never flips) and the whole lattice
 * is bent by a smooth warp, which keeps it looking like a grown street plan rather than graph
 * paper. Vertex coordinates are rounded to 7 decimals once and then shared by reference, so
 * neighbouring grids carry bit-identical coordinates.
 */
import type { Position } from 'geojson';
import type { SeededRandom } from './seeded-random.js';
import { toLonLat } from './demo-geometry.js';

/** Lattice rows (north → south) and cells per row (west → east). */
export const LATTICE_ROWS = 48;
export const LATTICE_COLS = 60;
/** Nominal cell size in metres; GB/T 30428 suggests ~10,000 m² grids in dense areas, larger at the edge. */
export const CELL_WIDTH = 310;
export const CELL_HEIGHT = 300;
/** Row shift that turns four-way vertices into pairs of three-way vertices. */
const ROW_SHIFT = 0.06 * CELL_WIDTH;

/** One lattice cell (a candidate unit grid). */
export interface LatticeCell {
  index: number;
  row: number;
  col: number;
  /** Vertex ids of the counter-clockwise ring, not closed (always six). */
  vertices: number[];
  /** Unwarped centre in local metres; good enough for grouping and ordering. */
  cx: number;
  cy: number;
}

/** The lattice: vertices with their rounded coordinates, cells, and who owns each directed edge. */
export interface Lattice {
  rows: number;
  cols: number;
  vertexCount: number;
  /** Rounded longitude / latitude per vertex id. */
  lon: Float64Array;
  lat: Float64Array;
  cells: LatticeCell[];
  /** Directed edge key (see `edgeKey`) → index of the cell whose ring runs along it. */
  edgeOwner: Map<number, number>;
  /** Per cell, the cells sharing an edge with it (four to six). */
  neighbours: number[][];
}

/** Id of the vertex on horizontal line `line`, at column boundary `boundary`, side 0 (−δ) or 1 (+δ). */
export function vertexId(line: number, boundary: number, side: 0 | 1): number {
  return (line * (LATTICE_COLS + 1) + boundary) * 2 + side;
}

/** Which side (0: −δ, 1: +δ) the vertical cell boundaries of a row sit on. */
export function rowSide(row: number): 0 | 1 {
  return row % 2 === 0 ? 1 : 0;
}

/** Key of the directed edge a → b. */
export function edgeKey(lattice: Pick<Lattice, 'vertexCount'>, a: number, b: number): number {
  return a * lattice.vertexCount + b;
}

/** Build the jittered, warped lattice. */
export function buildLattice(rng: SeededRandom): Lattice {
  const rows = LATTICE_ROWS;
  const cols = LATTICE_COLS;
  const vertexCount = (rows + 1) * (cols + 1) * 2;
  const x0 = (-cols * CELL_WIDTH) / 2;
  const yTop = (rows * CELL_HEIGHT) / 2;
  const warp = makeWarp(rng);

  const lon = new Float64Array(vertexCount);
  const lat = new Float64Array(vertexCount);
  for (let line = 0; line <= rows; line++) {
    for (let b = 0; b <= cols; b++) {
      // One jitter for the pair keeps its two vertices 2δ apart and in order.
      const jx = rng.range(-0.12, 0.12) * CELL_WIDTH;
      const jy = rng.range(-0.1, 0.1) * CELL_HEIGHT;
      for (const side of [0, 1] as const) {
        const x = x0 + b * CELL_WIDTH + (side === 1 ? ROW_SHIFT : -ROW_SHIFT) + jx;
        const y = yTop - line * CELL_HEIGHT + jy;
        const [wx, wy] = warp(x, y);
        const [lo, la] = toLonLat(wx, wy);
        const id = vertexId(line, b, side);
        lon[id] = lo;
        lat[id] = la;
      }
    }
  }

  const cells: LatticeCell[] = [];
  const edgeOwner = new Map<number, number>();
  for (let row = 0; row < rows; row++) {
    const s = rowSide(row);
    for (let col = 0; col < cols; col++) {
      // The neighbouring rows' boundary that falls inside this cell's x-range.
      const midBoundary = s === 1 ? col + 1 : col;
      const mid = (1 - s) as 0 | 1;
      const vertices = [
        vertexId(row + 1, col, s),
        vertexId(row + 1, midBoundary, mid),
        vertexId(row + 1, col + 1, s),
        vertexId(row, col + 1, s),
        vertexId(row, midBoundary, mid),
        vertexId(row, col, s),
      ];
      const index = cells.length;
      cells.push({
        index,
        row,
        col,
        vertices,
        cx: x0 + (col + 0.5) * CELL_WIDTH + (s === 1 ? ROW_SHIFT : -ROW_SHIFT),
        cy: yTop - (row + 0.5) * CELL_HEIGHT,
      });
      for (let i = 0; i < 6; i++) {
        edgeOwner.set(edgeKey({ vertexCount }, vertices[i]!, vertices[(i + 1) % 6]!), index);
      }
    }
  }
  const neighbours = cells.map((cell) => {
    const out: number[] = [];
    const v = cell.vertices;
    for (let i = 0; i < 6; i++) {
      const other = edgeOwner.get(edgeKey({ vertexCount }, v[(i + 1) % 6]!, v[i]!));
      if (other !== undefined && !out.includes(other)) out.push(other);
    }
    return out;
  });
  return { rows, cols, vertexCount, lon, lat, cells, edgeOwner, neighbours };
}

/** Indices of the cells sharing an edge with the given cell (four to six of them). */
export function cellNeighbours(lattice: Lattice, cell: LatticeCell): readonly number[] {
  return lattice.neighbours[cell.index]!;
}

/** The closed lon/lat ring of a list of vertex ids. */
export function ringOf(lattice: Lattice, vertices: readonly number[]): Position[] {
  const ring: Position[] = vertices.map((id) => [lattice.lon[id]!, lattice.lat[id]!]);
  ring.push([lattice.lon[vertices[0]!]!, lattice.lat[vertices[0]!]!]);
  return ring;
}

/**
 * A smooth bend of the plane: a few long sine waves (4–7 km) of ≤ 110 m. Its slope stays below
 * ~0.25, so the lattice never folds and cells keep their order.
 */
function makeWarp(rng: SeededRandom): (x: number, y: number) => [number, number] {
  const p = Array.from({ length: 4 }, () => rng.range(0, 2 * Math.PI));
  const l1 = rng.range(4500, 6500);
  const l2 = rng.range(4500, 6500);
  const l3 = rng.range(6000, 8000);
  return (x, y) => [
    x + 110 * Math.sin((2 * Math.PI * y) / l1 + p[0]!) + 50 * Math.sin((2 * Math.PI * (x + y)) / l3 + p[2]!),
    y + 100 * Math.sin((2 * Math.PI * x) / l2 + p[1]!) + 50 * Math.sin((2 * Math.PI * (x - y)) / l3 + p[3]!),
  ];
}

/**
 * The organic outline of 示范市: which lattice cells belong to the city.
 *
 * A wobbly ellipse (a radius modulated by a few low harmonics with seeded phases) ranks every
 * cell by its normalised distance from the centre; the closest `TARGET_GRID_COUNT` cells form the
 * city. Ranking instead of thresholding fixes the grid count whatever the shape. The result is
 * then made one piece without holes, so the city polygon is a single simple ring.
 */
import type { SeededRandom } from './seeded-random.js';
import { cellNeighbours, type Lattice } from './demo-lattice.js';

/** How many unit grids the city gets (before hole filling, which may add a few). */
export const TARGET_GRID_COUNT = 1200;

/** Indices of the lattice cells inside the city, ascending. */
export function selectCityCells(lattice: Lattice, rng: SeededRandom): number[] {
  // East–west elongated; the box is 19.5 km × 15.5 km.
  const ax = 1.3;
  const ay = 0.82;
  const harmonics = [2, 3, 4, 5, 6].map((k) => ({
    k,
    amplitude: rng.range(0.03, 0.1) * (k <= 3 ? 1 : 0.6),
    phase: rng.range(0, 2 * Math.PI),
  }));
  const radius = (theta: number): number => 1 + harmonics.reduce((sum, h) => sum + h.amplitude * Math.sin(h.k * theta + h.phase), 0);

  const ranked: { index: number; d: number }[] = [];
  for (const cell of lattice.cells) {
    // Keep the lattice's outer ring empty so the city never touches the lattice edge.
    if (cell.row < 1 || cell.row > lattice.rows - 2 || cell.col < 1 || cell.col > lattice.cols - 2) continue;
    const u = cell.cx / ax;
    const v = cell.cy / ay;
    ranked.push({ index: cell.index, d: Math.hypot(u, v) / radius(Math.atan2(v, u)) });
  }
  ranked.sort((a, b) => a.d - b.d || a.index - b.index);
  const inCity = new Uint8Array(lattice.cells.length);
  for (const r of ranked.slice(0, TARGET_GRID_COUNT)) inCity[r.index] = 1;

  keepLargestComponent(lattice, inCity);
  fillHoles(lattice, inCity);

  const out: number[] = [];
  for (let i = 0; i < inCity.length; i++) if (inCity[i]) out.push(i);
  return out;
}

/** Clear every city cell not in the largest edge-connected component. */
function keepLargestComponent(lattice: Lattice, inCity: Uint8Array): void {
  const component = new Int32Array(inCity.length).fill(-1);
  const sizes: number[] = [];
  for (let start = 0; start < inCity.length; start++) {
    if (!inCity[start] || component[start]! >= 0) continue;
    const id = sizes.length;
    let size = 0;
    const stack = [start];
    component[start] = id;
    while (stack.length > 0) {
      const i = stack.pop()!;
      size++;
      for (const n of cellNeighbours(lattice, lattice.cells[i]!)) {
        if (inCity[n] && component[n]! < 0) {
          component[n] = id;
          stack.push(n);
        }
      }
    }
    sizes.push(size);
  }
  let best = 0;
  for (let i = 1; i < sizes.length; i++) if (sizes[i]! > sizes[best]!) best = i;
  for (let i = 0; i < inCity.length; i++) if (inCity[i] && component[i] !== best) inCity[i] = 0;
}

/** Add every non-city cell that cannot reach the lattice edge through non-city cells. */
function fillHoles(lattice: Lattice, inCity: Uint8Array): void {
  const outside = new Uint8Array(inCity.length);
  const stack: number[] = [];
  for (const cell of lattice.cells) {
    const onEdge = cell.row === 0 || cell.row === lattice.rows - 1 || cell.col === 0 || cell.col === lattice.cols - 1;
    if (onEdge && !inCity[cell.index]) {
      outside[cell.index] = 1;
      stack.push(cell.index);
    }
  }
  while (stack.length > 0) {
    const i = stack.pop()!;
    for (const n of cellNeighbours(lattice, lattice.cells[i]!)) {
      if (!inCity[n] && !outside[n]) {
        outside[n] = 1;
        stack.push(n);
      }
    }
  }
  for (let i = 0; i < inCity.length; i++) if (!outside[i]) inCity[i] = 1;
}

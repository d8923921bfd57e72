/**
 * Splitting a connected set of cells into k contiguous, compact, roughly equal parts: how the
 * city is cut into districts, a district into streets, a street into communities.
 *
 * 1. k-means on cell centres finds k compact centres.
 * 2. Balanced region growing from the cell nearest each centre: the part that is smallest
 *    (relative to its target) takes its frontier cell nearest its centre. A part only ever grows
 *    through shared edges, so every part is contiguous by construction, and since the input is
 *    connected every cell is eventually taken.
 * 3. A smoothing pass hands a cell to the neighbour that surrounds it (most of its edges) when
 *    that keeps the giver contiguous, which removes one-cell spikes.
 */
import type { SeededRandom } from './seeded-random.js';
import type { Lattice } from './demo-lattice.js';

/** Partition `cells` (edge-connected) into `parts` contiguous groups; each group sorted ascending. */
export function partitionCells(lattice: Lattice, cells: readonly number[], parts: number, rng: SeededRandom): number[][] {
  if (parts < 1 || parts > cells.length) throw new Error(`cannot split ${cells.length} cells into ${parts} parts`);
  const centres = kMeans(lattice, cells, parts, rng);
  const member = new Uint8Array(lattice.cells.length);
  for (const i of cells) member[i] = 1;
  const part = new Int32Array(lattice.cells.length).fill(-1);
  const neighbours = (i: number): number[] => lattice.neighbours[i]!.filter((n) => member[n]);
  const dist2 = (i: number, p: number): number => {
    const c = lattice.cells[i]!;
    return (c.cx - centres[p]!.x) ** 2 + (c.cy - centres[p]!.y) ** 2;
  };

  const sizes = new Array<number>(parts).fill(0);
  const frontier: number[][] = Array.from({ length: parts }, () => []);
  const assign = (i: number, p: number): void => {
    part[i] = p;
    sizes[p]!++;
    for (const n of lattice.neighbours[i]!) if (member[n] && part[n]! < 0) frontier[p]!.push(n);
  };
  for (let p = 0; p < parts; p++) {
    let best = -1;
    for (const i of cells) if (part[i]! < 0 && (best < 0 || dist2(i, p) < dist2(best, p))) best = i;
    assign(best, p);
  }

  for (let remaining = cells.length - parts; remaining > 0; remaining--) {
    let chosen = -1;
    for (let p = 0; p < parts; p++) {
      compactFrontier(frontier[p]!, part);
      if (frontier[p]!.length === 0) continue;
      if (chosen < 0 || sizes[p]! < sizes[chosen]!) chosen = p;
    }
    if (chosen < 0) throw new Error('partition input is not connected');
    let best = -1;
    let bestD = Infinity;
    for (const i of frontier[chosen]!) {
      const d = dist2(i, chosen);
      if (d < bestD || (d === bestD && i < best)) {
        best = i;
        bestD = d;
      }
    }
    assign(best, chosen);
  }

  smooth(cells, part, sizes, neighbours);

  const groups: number[][] = Array.from({ length: parts }, () => []);
  for (const i of cells) groups[part[i]!]!.push(i);
  return groups;
}

/** Drop cells already taken from a frontier list, in place. */
function compactFrontier(list: number[], part: Int32Array): void {
  let k = 0;
  for (let j = 0; j < list.length; j++) if (part[list[j]!]! < 0) list[k++] = list[j]!;
  list.length = k;
}

/** Lloyd's k-means on cell centres, seeded by farthest-point sampling. */
function kMeans(lattice: Lattice, cells: readonly number[], k: number, rng: SeededRandom): { x: number; y: number }[] {
  const pts = cells.map((i) => ({ x: lattice.cells[i]!.cx, y: lattice.cells[i]!.cy }));
  const centres = [pts[Math.floor(rng.next() * pts.length)]!];
  while (centres.length < k) {
    let best = 0;
    let bestD = -1;
    pts.forEach((p, j) => {
      let d = Infinity;
      for (const c of centres) d = Math.min(d, (p.x - c.x) ** 2 + (p.y - c.y) ** 2);
      if (d > bestD) {
        bestD = d;
        best = j;
      }
    });
    centres.push(pts[best]!);
  }
  let current = centres.map((c) => ({ ...c }));
  for (let iter = 0; iter < 12; iter++) {
    const sum = current.map(() => ({ x: 0, y: 0, n: 0 }));
    for (const p of pts) {
      let best = 0;
      let bestD = Infinity;
      for (let j = 0; j < current.length; j++) {
        const d = (p.x - current[j]!.x) ** 2 + (p.y - current[j]!.y) ** 2;
        if (d < bestD) {
          bestD = d;
          best = j;
        }
      }
      sum[best]!.x += p.x;
      sum[best]!.y += p.y;
      sum[best]!.n++;
    }
    current = current.map((c, j) => (sum[j]!.n > 0 ? { x: sum[j]!.x / sum[j]!.n, y: sum[j]!.y / sum[j]!.n } : c));
  }
  return current;
}

/** Move spiky border cells to the part that surrounds them, keeping every part contiguous. */
function smooth(cells: readonly number[], part: Int32Array, sizes: number[], neighbours: (i: number) => number[]): void {
  const mean = cells.length / sizes.length;
  const counts = new Int32Array(sizes.length);
  for (let pass = 0; pass < 3; pass++) {
    let moved = 0;
    for (const i of cells) {
      const from = part[i]!;
      counts.fill(0);
      for (const n of neighbours(i)) counts[part[n]!]!++;
      const own = counts[from]!;
      let to = -1;
      for (let p = 0; p < counts.length; p++) {
        if (p !== from && counts[p]! > own + 1 && (to < 0 || counts[p]! > counts[to]!)) to = p;
      }
      if (to < 0 || sizes[from]! <= 0.75 * mean || sizes[to]! >= 1.25 * mean) continue;
      if (!staysConnected(i, from, part, neighbours)) continue;
      part[i] = to;
      sizes[from]!--;
      sizes[to]!++;
      moved++;
    }
    if (moved === 0) break;
  }
}

/** True when part `p` stays edge-connected after removing cell `removed` from it. */
function staysConnected(removed: number, p: number, part: Int32Array, neighbours: (i: number) => number[]): boolean {
  const starts = neighbours(removed).filter((n) => part[n] === p);
  if (starts.length <= 1) return true;
  // Every same-part neighbour of the removed cell must be reachable from the first one.
  const seen = new Set<number>([removed, starts[0]!]);
  const stack = [starts[0]!];
  while (stack.length > 0) {
    const i = stack.pop()!;
    for (const n of neighbours(i)) {
      if (part[n] === p && !seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return starts.every((s) => seen.has(s));
}

/**
 * Point → grid on the demo city: the in-memory flatbush index against a linear scan over every
 * grid polygon (what a table scan with ST_Contains per row does), same process, same points
 * (fixed seed), same answers. Prints absolute lookups/s for both and the ratio.
 *
 *   npx tsx bench/geo-locate/index.ts
 */
import { generateDemoCity } from '../../server/src/demo/generate-demo-city.js';
import { mulberry32 } from '../../server/src/demo/seeded-random.js';
import { GridIndex } from '../../server/src/modules/geo/grid-index.js';
import { LinearScanLocator } from '../../server/src/modules/geo/linear-scan.js';

/** Run `fn` over the points for at least `minMs`, return lookups per second. */
function measure(
  xs: Float64Array,
  ys: Float64Array,
  minMs: number,
  fn: (x: number, y: number) => unknown,
): { rate: number; found: number } {
  let found = 0;
  let done = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < xs.length; i++) if (fn(xs[i]!, ys[i]!) !== null) found++;
    done += xs.length;
    elapsed = performance.now() - start;
  }
  return { rate: (done / elapsed) * 1000, found };
}

const city = generateDemoCity();
const index = GridIndex.build(city.areas);
const linear = new LinearScanLocator(city.areas);
const [minX, minY, maxX, maxY] = index.extent()!;

// Points over the city's box (some fall outside the irregular outline, as real input does).
const N = 200_000;
const rnd = mulberry32(20261122);
const xs = new Float64Array(N);
const ys = new Float64Array(N);
for (let i = 0; i < N; i++) {
  xs[i] = minX + rnd() * (maxX - minX);
  ys[i] = minY + rnd() * (maxY - minY);
}

// Both must agree before their speed means anything.
const CHECK = 2_000;
for (let i = 0; i < CHECK; i++) {
  const a = index.gridAt(xs[i]!, ys[i]!);
  const b = linear.gridAt(xs[i]!, ys[i]!);
  if (a !== b) throw new Error(`index and linear scan disagree at ${xs[i]},${ys[i]}: ${a} vs ${b}`);
}

// Warm up the JIT on both paths, then measure.
measure(xs.subarray(0, 20_000), ys.subarray(0, 20_000), 300, (x, y) => index.locate(x, y));
measure(xs.subarray(0, 200), ys.subarray(0, 200), 300, (x, y) => linear.locate(x, y));
const fast = measure(xs, ys, 3_000, (x, y) => index.locate(x, y));
const slow = measure(xs.subarray(0, 4_000), ys.subarray(0, 4_000), 3_000, (x, y) => linear.locate(x, y));

console.log(`geo-locate grids: ${index.count('grid')}, points: ${N} (seed 20261122), agreement checked on ${CHECK}`);
console.log(`geo-locate index: ${Math.round(fast.rate)} lookups/s`);
console.log(`geo-locate linear: ${Math.round(slow.rate)} lookups/s`);
console.log(`geo-locate ratio: ${(fast.rate / slow.rate).toFixed(1)}x`);
// The platform's budget: one core places ≥ 200,000 points a second (DESIGN.md, storage).
console.log(`geo-locate target ≥ 200000 lookups/s: ${fast.rate >= 200_000 ? 'met' : 'NOT met (is the machine busy?)'}`);

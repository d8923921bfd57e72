import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from './seeded-random.js';

describe('SeededRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = new SeededRandom(20261122);
    const b = new SeededRandom(20261122);
    for (let i = 0; i < 1000; i++) assert.equal(a.next(), b.next());
  });

  it('gives independent streams for different labels of one seed', () => {
    assert.notEqual(SeededRandom.forLabel(1, 'roads').next(), SeededRandom.forLabel(1, 'areas').next());
    assert.equal(SeededRandom.forLabel(1, 'roads').next(), SeededRandom.forLabel(1, 'roads').next());
  });

  it('stays within bounds and covers them', () => {
    const r = new SeededRandom(3);
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      const v = r.next();
      assert.ok(v >= 0 && v < 1);
      const n = r.int(2, 5);
      assert.ok(n >= 2 && n <= 5);
      seen.add(n);
    }
    assert.deepEqual([...seen].sort(), [2, 3, 4, 5]);
  });

  it('shuffles into a permutation without touching the input', () => {
    const input = [1, 2, 3, 4, 5, 6, 7, 8];
    const out = new SeededRandom(9).shuffle(input);
    assert.deepEqual(input, [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual([...out].sort(), input);
  });
});

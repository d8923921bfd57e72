import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateLiveness, offlineAfter } from './liveness.js';
import { aggregateOf, bucketStart, foldPoints, HOUR_MS, mergeRollups, MINUTE_MS, shanghaiDayStart, shanghaiIso } from './rollup.js';

const T = Date.parse('2026-05-01T10:00:00+08:00');

describe('rollups', () => {
  it('aligns minute and hour buckets, and days to Beijing midnight', () => {
    assert.equal(bucketStart(T + 61_000, MINUTE_MS), T + MINUTE_MS);
    assert.equal(bucketStart(T + 59 * MINUTE_MS, HOUR_MS), T);
    assert.equal(new Date(shanghaiDayStart(Date.parse('2026-05-01T15:59:59Z'))).toISOString(), '2026-04-30T16:00:00.000Z');
    assert.equal(new Date(shanghaiDayStart(Date.parse('2026-05-01T16:00:00Z'))).toISOString(), '2026-05-01T16:00:00.000Z');
    assert.equal(shanghaiIso(Date.parse('2026-05-01T02:03:04.005Z')), '2026-05-01T10:03:04.005+08:00');
  });

  it('folds a commit into the newest value per series and one rollup row per bucket', () => {
    const p = (property: string, ts: number, num: number | null, text: string | null = null) => ({
      deviceId: 'd1',
      property,
      ts,
      num,
      text,
    });
    const f = foldPoints([p('pm25', T + 2000, 3), p('pm25', T, 5), p('pm25', T + 61_000, 7), p('note', T, null, 'x')]);
    assert.deepEqual(
      f.latest.map((l) => [l.property, l.ts, l.num ?? l.text]),
      [
        ['note', T, 'x'],
        ['pm25', T + 61_000, 7],
      ],
    );
    assert.deepEqual(
      f.minute.map((r) => [r.bucket - T, r.n, r.sum, r.min, r.max, r.last]),
      [
        [0, 2, 8, 3, 5, 3],
        [MINUTE_MS, 1, 7, 7, 7, 7],
      ],
    );
    assert.deepEqual(
      f.hour.map((r) => [r.n, r.sum, r.last, r.lastTs - T]),
      [[3, 15, 7, 61_000]],
    );
  });

  it('merges finer rollups into coarser buckets with every aggregation', () => {
    const row = (bucket: number, n: number, sum: number, min: number, max: number, last: number) => ({
      deviceId: 'd',
      property: 'p',
      bucket,
      n,
      sum,
      min,
      max,
      last,
      lastTs: bucket + 1,
    });
    const merged = mergeRollups([row(T, 2, 10, 4, 6, 6), row(T + MINUTE_MS, 1, 9, 9, 9, 9), row(T + 5 * MINUTE_MS, 1, 1, 1, 1, 1)], (b) =>
      bucketStart(b, 5 * MINUTE_MS),
    );
    assert.equal(merged.length, 2);
    assert.deepEqual(
      (['avg', 'min', 'max', 'sum', 'count', 'last'] as const).map((a) => aggregateOf(merged[0]!, a)),
      [19 / 3, 4, 9, 19, 3, 9],
    );
  });
});

describe('liveness', () => {
  it('is offline only after 3 whole intervals without a sign of life, counted from creation when never seen', () => {
    assert.equal(offlineAfter(T, 60), T + 180_000);
    assert.equal(evaluateLiveness({ lastSeenAt: null, createdAt: T, intervalS: 60 }, T + 180_000).state, 'online');
    assert.equal(evaluateLiveness({ lastSeenAt: null, createdAt: T, intervalS: 60 }, T + 180_001).state, 'offline');
    assert.equal(evaluateLiveness({ lastSeenAt: T + 100_000, createdAt: T, intervalS: 60 }, T + 200_000).state, 'online');
  });
});

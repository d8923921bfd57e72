/**
 * Time buckets and the in-memory half of rollup maintenance: a commit folds its new values into
 * one row per device × property × bucket before upserting, so a batch of thousands of values
 * touches each rollup row once. Days are Asia/Shanghai days (UTC+8 all year, no DST), so a "1d"
 * bucket runs from 00:00 to 24:00 Beijing time (DESIGN.md "Storage").
 */

export const MINUTE_MS = 60_000;
/** One hour in ms. */
export const HOUR_MS = 3_600_000;
/** One day in ms. */
export const DAY_MS = 86_400_000;
/** Asia/Shanghai is UTC+8 with no daylight saving. */
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

/** Start of the bucket of `size` ms containing `ts` (sizes up to an hour align to UTC = Shanghai). */
export function bucketStart(ts: number, size: number): number {
  return Math.floor(ts / size) * size;
}

/** Start (epoch ms) of the Asia/Shanghai day containing `ts`. */
export function shanghaiDayStart(ts: number): number {
  return Math.floor((ts + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** An instant as ISO-8601 in Beijing time (`2026-05-01T08:00:00.000+08:00`), for CSV exports. */
export function shanghaiIso(ts: number): string {
  return new Date(ts + SHANGHAI_OFFSET_MS).toISOString().replace('Z', '+08:00');
}

/** A value to fold: a device's numeric (or boolean 1/0) value at an instant. */
export interface FoldPoint {
  deviceId: string;
  property: string;
  ts: number;
  num: number | null;
  text: string | null;
}

/** One rollup row (or the part of it a commit adds). */
export interface RollupRow {
  deviceId: string;
  property: string;
  bucket: number;
  n: number;
  sum: number;
  min: number;
  max: number;
  last: number;
  lastTs: number;
}

/** The newest value of a device × property in a commit. */
export interface LatestRow {
  deviceId: string;
  property: string;
  ts: number;
  num: number | null;
  text: string | null;
}

/** What a commit upserts besides the raw rows, each list sorted by key (a stable lock order on PostgreSQL). */
export interface Folded {
  latest: LatestRow[];
  minute: RollupRow[];
  hour: RollupRow[];
}

/** Folds new values into latest values and 1-minute / 1-hour rollup deltas. Strings have no rollups. */
export function foldPoints(points: Iterable<FoldPoint>): Folded {
  const latest = new Map<string, LatestRow>();
  const minute = new Map<string, RollupRow>();
  const hour = new Map<string, RollupRow>();
  for (const p of points) {
    const key = `${p.deviceId}\u0000${p.property}`;
    const l = latest.get(key);
    if (!l || p.ts > l.ts) latest.set(key, { deviceId: p.deviceId, property: p.property, ts: p.ts, num: p.num, text: p.text });
    if (p.num === null) continue;
    add(minute, key, p, bucketStart(p.ts, MINUTE_MS), p.num);
    add(hour, key, p, bucketStart(p.ts, HOUR_MS), p.num);
  }
  return { latest: sortByKey([...latest.values()]), minute: sortByKey([...minute.values()]), hour: sortByKey([...hour.values()]) };
}

function add(into: Map<string, RollupRow>, key: string, p: FoldPoint, bucket: number, v: number): void {
  const k = `${key}\u0000${bucket}`;
  const r = into.get(k);
  if (!r) {
    into.set(k, { deviceId: p.deviceId, property: p.property, bucket, n: 1, sum: v, min: v, max: v, last: v, lastTs: p.ts });
    return;
  }
  r.n++;
  r.sum += v;
  if (v < r.min) r.min = v;
  if (v > r.max) r.max = v;
  if (p.ts >= r.lastTs) {
    r.last = v;
    r.lastTs = p.ts;
  }
}

function sortByKey<T extends { deviceId: string; property: string; bucket?: number; ts?: number }>(rows: T[]): T[] {
  return rows.sort((a, b) =>
    a.deviceId < b.deviceId
      ? -1
      : a.deviceId > b.deviceId
        ? 1
        : a.property < b.property
          ? -1
          : a.property > b.property
            ? 1
            : (a.bucket ?? 0) - (b.bucket ?? 0),
  );
}

/** Merges stored rollup rows (finer buckets) into coarser buckets keyed by `bucketOf`. */
export function mergeRollups(rows: readonly RollupRow[], bucketOf: (bucket: number) => number): RollupRow[] {
  const out = new Map<number, RollupRow>();
  for (const r of rows) {
    const b = bucketOf(r.bucket);
    const m = out.get(b);
    if (!m) {
      out.set(b, { ...r, bucket: b });
      continue;
    }
    m.n += r.n;
    m.sum += r.sum;
    if (r.min < m.min) m.min = r.min;
    if (r.max > m.max) m.max = r.max;
    if (r.lastTs >= m.lastTs) {
      m.last = r.last;
      m.lastTs = r.lastTs;
    }
  }
  return [...out.values()].sort((a, b) => a.bucket - b.bucket);
}

/** The value an aggregation takes from a rollup row. */
export function aggregateOf(r: RollupRow, agg: 'avg' | 'min' | 'max' | 'sum' | 'count' | 'last'): number {
  switch (agg) {
    case 'avg':
      return r.sum / r.n;
    case 'min':
      return r.min;
    case 'max':
      return r.max;
    case 'sum':
      return r.sum;
    case 'count':
      return r.n;
    case 'last':
      return r.last;
  }
}

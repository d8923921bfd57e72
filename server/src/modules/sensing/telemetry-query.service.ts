/**
 * Reading telemetry back: latest values, a series raw or bucketed, CSV exports, refusals.
 * Bucketed series come from the rollups (1m and 5m from the 1-minute rollup, 1h and 1d from the
 * hourly one; days are Asia/Shanghai days), so a year of hourly points costs 8,760 rows, not
 * millions of raw ones.
 */
import { DomainError } from '../../kernel/errors.js';
import { decodeCursor, encodeCursor } from '../../kernel/http/list-cursor.js';
import { csvField } from '../../kernel/csv.js';
import type { DeviceTypesService } from './device-types.service.js';
import type { DevicesRepository } from './devices.repository.js';
import { aggregateOf, bucketStart, DAY_MS, HOUR_MS, mergeRollups, MINUTE_MS, shanghaiDayStart, shanghaiIso } from './rollup.js';
import type { Aggregation, Bucket, LatestValue, SeriesPoint, StoredRejection } from './sensing-types.js';
import type { StoredValue, TelemetryRepository } from './telemetry.repository.js';
import type { DeviceTypeDef, PropertyDef } from './thing-model.js';

/** Most buckets one query may return. */
export const MAX_BUCKETS = 10_000;
/** Most rows of a CSV export. */
export const MAX_CSV_ROWS = 500_000;
const CSV_PAGE = 10_000;

/** A series query as the API takes it. */
export interface SeriesQuery {
  property: string;
  from?: string;
  to?: string;
  bucket?: Bucket;
  agg?: Aggregation;
  limit?: number;
  cursor?: string;
}

const BUCKET_MS: Record<Bucket, number> = { '1m': MINUTE_MS, '5m': 5 * MINUTE_MS, '1h': HOUR_MS, '1d': DAY_MS };

/** Latest values, series, CSV exports and refusals of a device. */
export class TelemetryQueryService {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly types: DeviceTypesService,
    private readonly repo: TelemetryRepository,
    private readonly now: () => number,
  ) {}

  /** The newest value of every property the device reported. */
  async latest(deviceId: string): Promise<{ deviceId: string; values: Record<string, LatestValue> }> {
    const type = await this.typeOf(deviceId);
    const values: Record<string, LatestValue> = {};
    for (const v of await this.repo.latest(deviceId)) {
      values[v.property] = {
        value: typed(
          v,
          type.properties.find((p) => p.name === v.property),
        ),
        ts: new Date(v.ts).toISOString(),
      };
    }
    return { deviceId, values };
  }

  /** A series: raw values (paged) without `bucket`, aggregated buckets with it. */
  async series(
    deviceId: string,
    q: SeriesQuery,
  ): Promise<{
    deviceId: string;
    property: string;
    bucket: Bucket | null;
    agg: Aggregation | null;
    points: SeriesPoint[];
    next: string | null;
  }> {
    const type = await this.typeOf(deviceId);
    const prop = propertyOrThrow(type, q.property);
    const { from, to } = this.range(q);
    if (!q.bucket) {
      if (q.agg) throw invalid('/query/agg', 'needs a bucket (1m, 5m, 1h or 1d)');
      const limit = q.limit ?? 1000;
      const after = decodeCursor(q.cursor);
      const start = after === undefined ? from : Number(after) + 1;
      if (!Number.isFinite(start)) throw invalid('/query/cursor', 'is not a valid cursor');
      const rows = await this.repo.raw(deviceId, prop.name, start, to, limit);
      const next = rows.length === limit ? encodeCursor(String(rows[rows.length - 1]!.ts)) : null;
      return {
        deviceId,
        property: prop.name,
        bucket: null,
        agg: null,
        points: rows.map((r) => ({ ts: new Date(r.ts).toISOString(), value: typed(r, prop) })),
        next,
      };
    }
    const agg = q.agg ?? 'avg';
    const buckets = await this.buckets(deviceId, prop, q.bucket, agg, from, to);
    return {
      deviceId,
      property: prop.name,
      bucket: q.bucket,
      agg,
      points: buckets.map((b) => ({ ts: new Date(b.ts).toISOString(), value: b.value })),
      next: null,
    };
  }

  /** CSV of one property or of all (`ts,property,value`; ts in Beijing time). */
  async csv(deviceId: string, q: Omit<SeriesQuery, 'property' | 'limit' | 'cursor'> & { property?: string }): Promise<string> {
    const type = await this.typeOf(deviceId);
    const props = q.property ? [propertyOrThrow(type, q.property)] : type.properties.filter((p) => !q.bucket || p.type !== 'string');
    const { from, to } = this.range(q);
    const lines: string[] = ['ts,property,value'];
    for (const prop of props) {
      if (q.bucket) {
        for (const b of await this.buckets(deviceId, prop, q.bucket, q.agg ?? 'avg', from, to))
          lines.push(`${shanghaiIso(b.ts)},${prop.name},${b.value}`);
        continue;
      }
      let start = from;
      for (;;) {
        const rows = await this.repo.raw(deviceId, prop.name, start, to, CSV_PAGE);
        for (const r of rows) lines.push(`${shanghaiIso(r.ts)},${prop.name},${csvField(typed(r, prop))}`);
        if (lines.length > MAX_CSV_ROWS)
          throw invalid('/query/from', `the export would exceed ${MAX_CSV_ROWS} rows; choose a shorter range or a bucket`);
        if (rows.length < CSV_PAGE) break;
        start = rows[rows.length - 1]!.ts + 1;
      }
    }
    return '\uFEFF' + lines.join('\r\n') + '\r\n';
  }

  /** Refusals of a device, newest first. */
  async rejections(deviceId: string, limit: number, cursor?: string): Promise<{ items: StoredRejection[]; next: string | null }> {
    await this.typeOf(deviceId);
    const c = decodeCursor(cursor);
    const before = c === undefined ? undefined : Number(c);
    if (before !== undefined && !Number.isInteger(before)) throw invalid('/query/cursor', 'is not a valid cursor');
    const items = await this.repo.rejections(deviceId, limit, before);
    return { items, next: items.length === limit ? encodeCursor(String(items[items.length - 1]!.id)) : null };
  }

  private async buckets(
    deviceId: string,
    prop: PropertyDef,
    bucket: Bucket,
    agg: Aggregation,
    from: number,
    to: number,
  ): Promise<Array<{ ts: number; value: number }>> {
    if (prop.type === 'string') throw invalid('/query/bucket', `${prop.name} is text and cannot be aggregated; omit bucket for raw values`);
    const size = BUCKET_MS[bucket];
    const alignedFrom = bucket === '1d' ? shanghaiDayStart(from) : bucketStart(from, size);
    const count = Math.ceil((to - alignedFrom) / size);
    if (count > MAX_BUCKETS)
      throw invalid(
        '/query/from',
        `the range holds ${count} buckets of ${bucket}; at most ${MAX_BUCKETS}: shorten it or use a larger bucket`,
      );
    const source = bucket === '1m' || bucket === '5m' ? '1m' : '1h';
    const rows = await this.repo.rollups(source, deviceId, prop.name, alignedFrom, to);
    const merged =
      bucket === '1m' || bucket === '1h' ? rows : mergeRollups(rows, bucket === '1d' ? shanghaiDayStart : (b) => bucketStart(b, size));
    return merged.map((r) => ({ ts: r.bucket, value: round(aggregateOf(r, agg)) }));
  }

  private range(q: { from?: string; to?: string }): { from: number; to: number } {
    const to = q.to === undefined ? this.now() : Date.parse(q.to);
    const from = q.from === undefined ? to - DAY_MS : Date.parse(q.from);
    if (Number.isNaN(to)) throw invalid('/query/to', 'must be an ISO-8601 date-time');
    if (Number.isNaN(from)) throw invalid('/query/from', 'must be an ISO-8601 date-time');
    if (from >= to) throw invalid('/query/from', 'must be before to');
    return { from, to };
  }

  private async typeOf(deviceId: string): Promise<DeviceTypeDef> {
    const d = await this.devices.get(deviceId);
    if (!d) throw new DomainError('not_found', `No device ${deviceId}`);
    const t = await this.types.resolve(d.type);
    if (!t) throw new DomainError('unavailable', `The thing model ${d.type} is missing`);
    return t;
  }
}

function propertyOrThrow(type: DeviceTypeDef, name: string): PropertyDef {
  const p = type.properties.find((x) => x.name === name);
  if (!p) throw invalid('/query/property', `is not a property of ${type.code} (${type.properties.map((x) => x.name).join(', ')})`);
  return p;
}

/** A stored value with its thing-model type (booleans are stored as 1/0). */
function typed(v: StoredValue, prop: PropertyDef | undefined): number | string | boolean {
  if (v.text !== null) return v.text;
  if (prop?.type === 'boolean') return v.num === 1;
  return v.num ?? 0;
}

/** Averages to 6 significant decimals: float noise from sums is not information. */
function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

function invalid(path: string, message: string): DomainError {
  return new DomainError('invalid', `${path.replace('/query/', '')} ${message}`, [{ path, message }]);
}

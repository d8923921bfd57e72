/**
 * The NGSI-LD temporal API (`GET /temporal/entities[/{id}]`) over the stored telemetry: raw
 * instances from `sensing_readings` (timerel before / after / between, lastN), the simplified
 * temporalValues form, and aggregatedValues (totalCount, sum, avg, min, max from the 1-minute or
 * 1-hour rollups when the periods line up with them; distinctCount, stddev, sumsq and unaligned
 * periods from raw readings, bounded).
 */
import type { Database } from '../../../kernel/db/database.js';
import { HOUR_MS, MINUTE_MS } from '../rollup.js';
import type { TelemetryRepository } from '../telemetry.repository.js';
import type { DeviceTypeDef, PropertyDef } from '../thing-model.js';
import { compactTerm, type RequestContext } from './json-ld-context.js';
import { entityId, type EntityRow } from './entity-store.js';
import { badRequest, NgsiLdError } from './ngsi-ld-errors.js';

/** Most instances per attribute in one answer; more in range → 206 with Content-Range. */
export const MAX_INSTANCES = 1000;
/** Most aggregation periods per attribute. */
export const MAX_PERIODS = 10_000;
/** Most raw values one aggregation may read (per attribute). */
export const MAX_RAW_FOR_AGGREGATION = 200_000;

/** The aggregation methods supported. */
export const AGGR_METHODS = ['totalCount', 'distinctCount', 'sum', 'avg', 'min', 'max', 'stddev', 'sumsq'] as const;
type AggrMethod = (typeof AGGR_METHODS)[number];
const ROLLUP_METHODS = new Set<AggrMethod>(['totalCount', 'sum', 'avg', 'min', 'max']);

/** Temporal parameters as strings off the URL. */
export interface TemporalParams {
  timerel?: string;
  timeAt?: string;
  endTimeAt?: string;
  timeproperty?: string;
  lastN?: string;
  aggrMethods?: string;
  aggrPeriodDuration?: string;
}

/** Parsed temporal parameters. */
export interface TemporalQuery {
  from: number;
  to: number;
  timerel: 'before' | 'after' | 'between' | null;
  lastN: number | null;
  mode: 'instances' | 'temporalValues' | 'aggregatedValues';
  methods: AggrMethod[];
  periodMs: number;
}

/** Parses the temporal parameters (`now` bounds open ranges). */
export function parseTemporal(p: TemporalParams, options: Set<string>, now: number): TemporalQuery {
  if (p.timeproperty !== undefined && p.timeproperty !== 'observedAt')
    throw new NgsiLdError('OperationNotSupported', `timeproperty ${p.timeproperty}: only observedAt is kept for readings`);
  const time = (v: string | undefined, name: string): number => {
    if (v === undefined) throw badRequest(`${name} is required with timerel=${p.timerel}`);
    const t = Date.parse(v);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(v) || Number.isNaN(t)) throw badRequest(`${name} must be an ISO 8601 date-time`);
    return t;
  };
  let from = 0;
  let to = now + 10 * MINUTE_MS; // readings may sit a few minutes ahead of the server clock
  let timerel: TemporalQuery['timerel'] = null;
  if (p.timerel !== undefined) {
    if (p.timerel === 'before') to = time(p.timeAt, 'timeAt');
    else if (p.timerel === 'after')
      from = time(p.timeAt, 'timeAt'); // at or after: periods then start at timeAt
    else if (p.timerel === 'between') {
      from = time(p.timeAt, 'timeAt');
      to = time(p.endTimeAt, 'endTimeAt');
      if (to <= from) throw badRequest('endTimeAt must be after timeAt');
    } else throw badRequest(`timerel ${p.timerel} is not before, after or between`);
    timerel = p.timerel;
  } else if (p.timeAt !== undefined || p.endTimeAt !== undefined) throw badRequest('timeAt needs timerel');
  let lastN: number | null = null;
  if (p.lastN !== undefined) {
    if (!/^\d+$/.test(p.lastN) || Number(p.lastN) < 1) throw badRequest('lastN must be a positive whole number');
    lastN = Math.min(Number(p.lastN), MAX_INSTANCES);
  }
  const aggregated = options.has('aggregatedValues');
  const mode: TemporalQuery['mode'] = aggregated ? 'aggregatedValues' : options.has('temporalValues') ? 'temporalValues' : 'instances';
  let methods: AggrMethod[] = [];
  let periodMs = 0;
  if (aggregated) {
    if (!p.aggrMethods) throw badRequest(`aggrMethods is required with options=aggregatedValues (${AGGR_METHODS.join(', ')})`);
    methods = p.aggrMethods.split(',').map((m) => {
      if (!(AGGR_METHODS as readonly string[]).includes(m)) throw badRequest(`aggrMethods: ${m} is not one of ${AGGR_METHODS.join(', ')}`);
      return m as AggrMethod;
    });
    if (timerel !== 'between' && timerel !== 'after')
      throw badRequest('aggregatedValues needs timerel=between or timerel=after: the periods start at timeAt');
    if (timerel === 'after') to = now + MINUTE_MS;
    periodMs = p.aggrPeriodDuration ? parseDuration(p.aggrPeriodDuration) : 0;
    if (periodMs > 0 && Math.ceil((to - from) / periodMs) > MAX_PERIODS)
      throw new NgsiLdError(
        'TooManyResults',
        `the range holds more than ${MAX_PERIODS} periods of ${p.aggrPeriodDuration}; use a longer period`,
      );
  } else if (p.aggrMethods !== undefined || p.aggrPeriodDuration !== undefined) {
    throw badRequest('aggrMethods and aggrPeriodDuration need options=aggregatedValues');
  }
  return { from, to, timerel, lastN, mode, methods, periodMs };
}

/**
 * An ISO 8601 duration in ms (`PT1M`, `PT5M`, `PT1H`, `P1D`, `P1W`). Months and years have no
 * fixed length and are refused; `P0D` means one period over the whole range.
 *
 * @example parseDuration('PT5M') // 300000
 */
export function parseDuration(d: string): number {
  if (/^P[^T]*\d+[YM]/.test(d)) throw badRequest(`aggrPeriodDuration ${d}: months and years have no fixed length; use days (P30D)`);
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(d);
  if (!m || d === 'P' || d.endsWith('T')) throw badRequest(`aggrPeriodDuration ${d} is not an ISO 8601 duration such as PT1M, PT1H or P1D`);
  const [w, day, h, min, s] = m.slice(1).map((x) => Number(x ?? 0));
  return (((w! * 7 + day!) * 24 + h!) * 60 + min!) * 60_000 + Math.round(s! * 1000);
}

/** What one entity's temporal answer is built from. */
export interface TemporalDeps {
  db: Database;
  telemetry: TelemetryRepository;
}

/** Reads the temporal representation of entities. */
export class TemporalReader {
  constructor(private readonly deps: TemporalDeps) {}

  /** One entity's temporal representation; `truncated` when an attribute had more instances than fit. */
  async entity(
    row: EntityRow,
    type: DeviceTypeDef | undefined,
    attrs: Set<string> | null,
    q: TemporalQuery,
    ctx: RequestContext,
  ): Promise<{ entity: Record<string, unknown>; truncated: { from: number; to: number } | null }> {
    const out: Record<string, unknown> = { id: entityId(row.type, row.id), type: compactTerm(ctx, row.type) };
    let truncated: { from: number; to: number } | null = null;
    for (const prop of type?.properties ?? []) {
      if (attrs && !attrs.has(prop.name)) continue;
      const key = compactTerm(ctx, prop.name);
      if (q.mode === 'aggregatedValues') {
        const agg = await this.aggregate(row.id, prop, q);
        if (agg) out[key] = agg;
        continue;
      }
      const { points, more } = await this.instances(row.id, prop.name, q);
      if (points.length === 0) continue;
      if (more) {
        const last = points[points.length - 1]!.ts;
        truncated = truncated
          ? { from: Math.min(truncated.from, points[0]!.ts), to: Math.min(truncated.to, last) }
          : { from: points[0]!.ts, to: last };
      }
      const value = (p: Point) => (p.text !== null ? p.text : prop.type === 'boolean' ? p.num === 1 : p.num);
      if (q.mode === 'temporalValues') {
        out[key] = { type: 'Property', values: points.map((p) => [value(p), new Date(p.ts).toISOString()]) };
      } else {
        out[key] = points.map((p) => ({
          type: 'Property',
          value: value(p),
          observedAt: new Date(p.ts).toISOString(),
          ...(prop.unitCode ? { unitCode: prop.unitCode } : {}),
        }));
      }
    }
    return { entity: out, truncated };
  }

  private async instances(deviceId: string, property: string, q: TemporalQuery): Promise<{ points: Point[]; more: boolean }> {
    if (q.lastN !== null) {
      const rows = await this.deps.db.kysely
        .selectFrom('sensing_readings')
        .select(['ts', 'num_value', 'text_value'])
        .where('device_id', '=', deviceId)
        .where('property', '=', property)
        .where('ts', '>=', new Date(q.from))
        .where('ts', '<', new Date(q.to))
        .orderBy('ts', 'desc')
        .limit(q.lastN)
        .execute();
      return { points: rows.map((r) => this.point(r)).reverse(), more: false };
    }
    const rows = await this.deps.db.kysely
      .selectFrom('sensing_readings')
      .select(['ts', 'num_value', 'text_value'])
      .where('device_id', '=', deviceId)
      .where('property', '=', property)
      .where('ts', '>=', new Date(q.from))
      .where('ts', '<', new Date(q.to))
      .orderBy('ts')
      .limit(MAX_INSTANCES + 1)
      .execute();
    const more = rows.length > MAX_INSTANCES;
    return { points: rows.slice(0, MAX_INSTANCES).map((r) => this.point(r)), more };
  }

  private async aggregate(deviceId: string, prop: PropertyDef, q: TemporalQuery): Promise<Record<string, unknown> | null> {
    const methods = prop.type === 'string' ? q.methods.filter((m) => m === 'totalCount' || m === 'distinctCount') : q.methods;
    if (methods.length === 0) return null;
    const period = q.periodMs > 0 ? q.periodMs : q.to - q.from;
    const periodOf = (ts: number) => q.from + Math.floor((ts - q.from) / period) * period;
    const acc = new Map<number, Acc>();
    const source = methods.every((m) => ROLLUP_METHODS.has(m)) ? rollupSize(q, period) : null;
    if (source) {
      for (const r of await this.deps.telemetry.rollups(source, deviceId, prop.name, q.from, q.to)) {
        const a = accOf(acc, periodOf(r.bucket));
        a.n += r.n;
        a.sum += r.sum;
        a.min = Math.min(a.min, r.min);
        a.max = Math.max(a.max, r.max);
      }
    } else {
      const raw = await this.deps.telemetry.raw(deviceId, prop.name, q.from, q.to, MAX_RAW_FOR_AGGREGATION + 1);
      if (raw.length > MAX_RAW_FOR_AGGREGATION)
        throw new NgsiLdError(
          'TooManyResults',
          `${prop.name} has more than ${MAX_RAW_FOR_AGGREGATION} readings in range; aggregate over a shorter range or use totalCount, sum, avg, min, max on whole minutes`,
        );
      for (const v of raw) {
        const a = accOf(acc, periodOf(v.ts));
        a.n++;
        a.distinct.add(v.text ?? String(v.num));
        if (v.num !== null) {
          a.sum += v.num;
          a.sumsq += v.num * v.num;
          a.min = Math.min(a.min, v.num);
          a.max = Math.max(a.max, v.num);
        }
      }
    }
    if (acc.size === 0) return null;
    const periods = [...acc.keys()].sort((a, b) => a - b);
    const out: Record<string, unknown> = { type: 'Property' };
    for (const m of methods) {
      out[m] = periods.map((start) => {
        const a = acc.get(start)!;
        return [round(valueOf(m, a)), new Date(start).toISOString(), new Date(Math.min(start + period, q.to)).toISOString()];
      });
    }
    return out;
  }

  private point(r: Record<string, any>): Point {
    return {
      ts: this.deps.db.sql.readTime(r.ts).getTime(),
      num: r.num_value === null || r.num_value === undefined ? null : Number(r.num_value),
      text: r.text_value ?? null,
    };
  }
}

interface Point {
  ts: number;
  num: number | null;
  text: string | null;
}

interface Acc {
  n: number;
  sum: number;
  sumsq: number;
  min: number;
  max: number;
  distinct: Set<string>;
}

function accOf(m: Map<number, Acc>, key: number): Acc {
  let a = m.get(key);
  if (!a) m.set(key, (a = { n: 0, sum: 0, sumsq: 0, min: Infinity, max: -Infinity, distinct: new Set() }));
  return a;
}

function valueOf(m: AggrMethod, a: Acc): number {
  switch (m) {
    case 'totalCount':
      return a.n;
    case 'distinctCount':
      return a.distinct.size;
    case 'sum':
      return a.sum;
    case 'avg':
      return a.n ? a.sum / a.n : 0;
    case 'min':
      return a.min;
    case 'max':
      return a.max;
    case 'sumsq':
      return a.sumsq;
    case 'stddev': {
      const mean = a.n ? a.sum / a.n : 0;
      return a.n ? Math.sqrt(Math.max(0, a.sumsq / a.n - mean * mean)) : 0;
    }
  }
}

/** The rollup whose buckets tile the periods exactly (start, length and end aligned), or null. */
function rollupSize(q: TemporalQuery, period: number): '1m' | '1h' | null {
  const endAligned = (s: number) => q.timerel === 'after' || q.to % s === 0;
  const start = q.from;
  if (start % HOUR_MS === 0 && period % HOUR_MS === 0 && endAligned(HOUR_MS)) return '1h';
  if (start % MINUTE_MS === 0 && period % MINUTE_MS === 0 && endAligned(MINUTE_MS)) return '1m';
  return null;
}

/** Float noise from sums is not information. */
function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/**
 * Checks readings against their thing model. One bad value never costs the others: each
 * refusal names the reading's index and the property, and everything else is kept. Pure (no
 * I/O, the clock is a parameter) so HTTP and MQTT ingestion share it and tests drive it directly.
 *
 * @example
 * validateReadings({ ts: '2026-05-01T08:00:00+08:00', values: { pm25: 35, pm10: -3 } }, aq, Date.now())
 * // { points: [{ property: 'pm25', … }], rejected: [{ index: 0, property: 'pm10', reason: 'is -3, below the minimum 0' }] }
 */
import type { Rejection } from './sensing-types.js';
import type { DeviceTypeDef, PropertyDef } from './thing-model.js';

/** A reading more than this ahead of the server clock is refused (device clock skew). */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
/** Most readings in one call (an HTTP body or an MQTT message). */
export const MAX_READINGS_PER_BATCH = 10_000;
/** Longest string value kept. */
export const MAX_STRING_LENGTH = 1024;
/** Nothing was measured before this (2000-01-01T00:00:00Z); earlier is a broken clock or epoch seconds. */
const EARLIEST_TS = 946_684_800_000;
const DAY_MS = 86_400_000;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** One value that passed. `num` holds numbers and booleans (1/0), `text` strings. */
export interface ValidPoint {
  property: string;
  ts: number;
  num: number | null;
  text: string | null;
  value: number | string | boolean;
}

/** Outcome of validating a batch. */
export interface ValidationOutcome {
  points: ValidPoint[];
  rejected: Rejection[];
}

/**
 * Validates one reading or an array of readings (`{ts?, values}`) received at `receivedAt`.
 * A reading without `ts` is stamped with `receivedAt`.
 */
export function validateReadings(input: unknown, type: DeviceTypeDef, receivedAt: number): ValidationOutcome {
  const readings = Array.isArray(input) ? input : [input];
  const points: ValidPoint[] = [];
  const rejected: Rejection[] = [];
  if (readings.length === 0) {
    rejected.push({ index: 0, property: null, reason: 'the batch is empty; send {"values": {...}} or an array of such readings' });
    return { points, rejected };
  }
  if (readings.length > MAX_READINGS_PER_BATCH) {
    rejected.push({
      index: 0,
      property: null,
      reason: `too many readings (${readings.length}); send at most ${MAX_READINGS_PER_BATCH} per batch`,
    });
    return { points, rejected };
  }
  const oldest = receivedAt - type.retentionDays * DAY_MS;
  const props = new Map(type.properties.map((p) => [p.name, p]));
  readings.forEach((reading, index) => {
    if (reading === null || typeof reading !== 'object' || Array.isArray(reading)) {
      rejected.push({ index, property: null, reason: 'a reading must be an object {"ts"?, "values": {...}}' });
      return;
    }
    const r = reading as { ts?: unknown; values?: unknown };
    const ts = readTs(r.ts, receivedAt, oldest, type.retentionDays);
    if (typeof ts === 'string') {
      rejected.push({ index, property: 'ts', reason: ts });
      return;
    }
    const values = r.values;
    if (values === null || typeof values !== 'object' || Array.isArray(values)) {
      rejected.push({ index, property: 'values', reason: 'must be an object of property → value' });
      return;
    }
    const entries = Object.entries(values as Record<string, unknown>);
    if (entries.length === 0) {
      rejected.push({ index, property: 'values', reason: 'has no properties' });
      return;
    }
    for (const [name, raw] of entries) {
      const def = props.get(name);
      if (!def) {
        rejected.push({ index, property: name, reason: `is not a property of ${type.code}` });
        continue;
      }
      const problem = checkValue(def, raw);
      if (problem) {
        rejected.push({ index, property: name, reason: problem });
        continue;
      }
      points.push(toPoint(def, raw as number | string | boolean, ts));
    }
  });
  return { points, rejected };
}

/** The instant of a reading in epoch ms, or why it cannot be used. */
function readTs(raw: unknown, receivedAt: number, oldest: number, retentionDays: number): number | string {
  let ts: number;
  if (raw === undefined || raw === null) return receivedAt;
  if (typeof raw === 'number') {
    if (!Number.isInteger(raw)) return 'must be an ISO-8601 time or integer epoch milliseconds';
    ts = raw;
  } else if (typeof raw === 'string') {
    if (!ISO_WITH_ZONE.test(raw)) return 'must be ISO-8601 with a time zone (2026-05-01T08:00:00+08:00 or …Z) or epoch milliseconds';
    ts = Date.parse(raw);
    if (Number.isNaN(ts)) return 'is not a valid date';
  } else {
    return 'must be an ISO-8601 time or integer epoch milliseconds';
  }
  if (ts < EARLIEST_TS) {
    return ts > 0 && ts < 10_000_000_000
      ? 'is before 2000-01-01; it looks like epoch seconds, send milliseconds'
      : 'is before 2000-01-01; check the device clock';
  }
  if (ts > receivedAt + MAX_FUTURE_SKEW_MS) {
    const s = Math.round((ts - receivedAt) / 1000);
    return `is ${s} s ahead of the server clock (more than ${MAX_FUTURE_SKEW_MS / 60_000} min); check the device clock (NTP)`;
  }
  if (ts < oldest) return `is older than the retention of ${retentionDays} days`;
  return ts;
}

/** Why a value does not fit its property, or null. */
export function checkValue(def: PropertyDef, raw: unknown): string | null {
  switch (def.type) {
    case 'number': {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return `must be a number, got ${describe(raw)}`;
      if (def.integer && !Number.isInteger(raw)) return `must be a whole number, got ${raw}`;
      if (def.min !== undefined && raw < def.min) return `is ${raw}, below the minimum ${def.min}${unit(def)}`;
      if (def.max !== undefined && raw > def.max) return `is ${raw}, above the maximum ${def.max}${unit(def)}`;
      return null;
    }
    case 'boolean':
      return typeof raw === 'boolean' ? null : `must be true or false, got ${describe(raw)}`;
    case 'string':
      if (typeof raw !== 'string') return `must be a string, got ${describe(raw)}`;
      return raw.length > MAX_STRING_LENGTH ? `is longer than ${MAX_STRING_LENGTH} characters` : null;
  }
}

function toPoint(def: PropertyDef, raw: number | string | boolean, ts: number): ValidPoint {
  if (def.type === 'string') return { property: def.name, ts, num: null, text: raw as string, value: raw };
  if (def.type === 'boolean') return { property: def.name, ts, num: raw ? 1 : 0, text: null, value: raw };
  return { property: def.name, ts, num: raw as number, text: null, value: raw };
}

function unit(def: PropertyDef): string {
  return def.unit ? ` ${def.unit}` : '';
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 20 ? v.slice(0, 20) + '…' : v)}`;
  if (typeof v === 'object') return 'an object';
  return String(v);
}

/**
 * Turns one incoming record (strings from CSV, cells from Excel, values from JSON) into a typed
 * row of the declared fields, or says which field is wrong and why. Types are declared, never
 * guessed from the first rows (the CKAN DataPusher pain point).
 */
import type { FieldDef } from './catalog-types.js';

/** A typed row: declared field name → value (null when absent). */
export type TypedRow = Record<string, unknown>;

/** The outcome of checking one record. */
export type RowCheck = { ok: true; row: TypedRow; key: string } | { ok: false; field: string | null; reason: string };

/** Separates the parts of a compound key (a control character no real value contains). */
const KEY_SEPARATOR = '\u001f';

/** Width of a generated row number key, so keys sort in load order. */
const ROW_KEY_WIDTH = 12;

/** The row key of a record of an unkeyed resource: its row number, zero-padded. */
export function rowNumberKey(n: number): string {
  return String(n).padStart(ROW_KEY_WIDTH, '0');
}

/** True when the value counts as absent. */
function isBlank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

/** Checks and converts one record. `rowNumber` (1-based) keys rows of unkeyed resources. */
export function checkRecord(fields: readonly FieldDef[], record: Record<string, unknown>, rowNumber: number): RowCheck {
  const row: TypedRow = {};
  for (const f of fields) {
    const raw = record[f.name];
    if (isBlank(raw)) {
      if (f.required) return { ok: false, field: f.name, reason: f.key ? 'is part of the key and must have a value' : 'is required' };
      row[f.name] = null;
      continue;
    }
    const conv = convertValue(f, raw);
    if ('error' in conv) return { ok: false, field: f.name, reason: conv.error };
    row[f.name] = conv.value;
  }
  const keyFields = fields.filter((f) => f.key);
  const key = keyFields.length ? keyFields.map((f) => String(row[f.name])).join(KEY_SEPARATOR) : rowNumberKey(rowNumber);
  return { ok: true, row, key };
}

/** The stored JSON of a typed row: declared order, so equal rows have equal text (diffs compare text). */
export function rowJson(fields: readonly FieldDef[], row: TypedRow): string {
  const o: Record<string, unknown> = {};
  for (const f of fields) o[f.name] = row[f.name] ?? null;
  return JSON.stringify(o);
}

/** Converts one raw value to the field's type, or says why it cannot be. */
export function convertValue(f: FieldDef, raw: unknown): { value: unknown } | { error: string } {
  switch (f.type) {
    case 'string': {
      const s = raw instanceof Date ? raw.toISOString() : typeof raw === 'object' ? JSON.stringify(raw) : String(raw).trim();
      if (f.length !== null && [...s].length > f.length) return { error: `is longer than ${f.length} characters` };
      return { value: s };
    }
    case 'integer': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^[+-]?\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
      if (!Number.isSafeInteger(n)) return { error: `is not an integer: ${preview(raw)}` };
      return { value: n };
    }
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw.trim()) : NaN;
      if (!Number.isFinite(n)) return { error: `is not a number: ${preview(raw)}` };
      return { value: n };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { value: raw };
      const s = String(raw).trim().toLowerCase();
      if (['true', '1', 'yes', 'y', '是', 't'].includes(s)) return { value: true };
      if (['false', '0', 'no', 'n', '否', 'f'].includes(s)) return { value: false };
      return { error: `is not a boolean (true/false, 是/否): ${preview(raw)}` };
    }
    case 'date': {
      const d = toDate(raw);
      if (!d) return { error: `is not a date (YYYY-MM-DD): ${preview(raw)}` };
      return { value: d };
    }
    case 'datetime': {
      const t = toDateTime(raw);
      if (!t) return { error: `is not a date-time (ISO 8601): ${preview(raw)}` };
      return { value: t };
    }
    case 'geometry': {
      let g: unknown = raw;
      if (typeof raw === 'string') {
        try {
          g = JSON.parse(raw);
        } catch {
          return { error: 'is not GeoJSON' };
        }
      }
      if (!isGeometry(g)) return { error: 'is not a GeoJSON geometry ({type, coordinates})' };
      return { value: g };
    }
  }
}

function preview(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']);

function isGeometry(g: unknown): boolean {
  if (!g || typeof g !== 'object') return false;
  const o = g as { type?: unknown; coordinates?: unknown };
  return typeof o.type === 'string' && GEOMETRY_TYPES.has(o.type) && Array.isArray(o.coordinates);
}

/** Asia/Shanghai has no DST: a local date-time without an offset is UTC+8 (DESIGN.md "Chinese first"). */
const SHANGHAI_OFFSET = '+08:00';

function toDate(raw: unknown): string | null {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.toISOString().slice(0, 10);
  const s = String(raw).trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

function toDateTime(raw: unknown): string | null {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.toISOString();
  if (typeof raw === 'number') return Number.isFinite(raw) ? new Date(raw).toISOString() : null;
  let s = String(raw).trim().replace(/\//g, '-');
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) s += 'T00:00:00';
  s = s.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(s)) return null;
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(s)) s += SHANGHAI_OFFSET;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

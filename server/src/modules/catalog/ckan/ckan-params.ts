/**
 * Reading CKAN action parameters the way CKAN accepts them: from a JSON body (POST) or a query
 * string (GET), where lists and objects arrive as JSON text (`facet.field=["tags"]`,
 * `filters={"district":"东城区"}`) or, for lists, comma-separated. Every bad value is a
 * Validation Error naming the parameter.
 */
import { invalidParam } from './ckan-error.js';

/** The parameters of one action call. */
export class CkanParams {
  constructor(private readonly raw: Record<string, unknown>) {}

  has(name: string): boolean {
    return this.raw[name] !== undefined && this.raw[name] !== null && this.raw[name] !== '';
  }

  /** A string parameter (numbers are accepted as their text). */
  str(name: string): string | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
    throw invalidParam(name, 'must be a string');
  }

  /** A required string parameter. */
  required(name: string): string {
    const v = this.str(name);
    if (v === undefined || v.trim() === '') throw invalidParam(name, 'Missing value');
    return v.trim();
  }

  /** An integer within bounds; `max` is a cap (CKAN clamps rows and limit), `min` a hard floor. */
  int(name: string, dflt: number, min: number, max: number): number {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return dflt;
    const n = typeof v === 'number' ? v : /^-?\d+$/.test(String(v).trim()) ? Number(String(v).trim()) : NaN;
    if (!Number.isInteger(n)) throw invalidParam(name, 'Invalid integer');
    if (n < min) throw invalidParam(name, `Must be a natural number${min > 0 ? ` of at least ${min}` : ''}`);
    return Math.min(n, max);
  }

  /** A boolean (`true`/`false`, `1`/`0`). */
  bool(name: string, dflt: boolean): boolean {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return dflt;
    if (typeof v === 'boolean') return v;
    const s = String(v).toLowerCase();
    if (s === 'true' || s === '1' || s === 'yes') return true;
    if (s === 'false' || s === '0' || s === 'no') return false;
    throw invalidParam(name, 'Must be true or false');
  }

  /** A list of strings: a JSON array, a JSON array as text, or comma-separated text. */
  list(name: string): string[] | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return undefined;
    let arr: unknown = v;
    if (typeof v === 'string') {
      const t = v.trim();
      if (t.startsWith('[')) {
        try {
          arr = JSON.parse(t);
        } catch {
          throw invalidParam(name, 'is not a valid JSON list');
        }
      } else arr = t.split(',');
    }
    if (!Array.isArray(arr) || !arr.every((x) => typeof x === 'string')) throw invalidParam(name, 'must be a list of strings');
    return (arr as string[]).map((s) => s.trim()).filter(Boolean);
  }

  /** An object: a JSON object or its text. */
  obj(name: string): Record<string, unknown> | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return undefined;
    let o: unknown = v;
    if (typeof v === 'string') {
      try {
        o = JSON.parse(v);
      } catch {
        throw invalidParam(name, 'is not a valid JSON object');
      }
    }
    if (typeof o !== 'object' || o === null || Array.isArray(o)) throw invalidParam(name, 'must be a JSON object');
    return o as Record<string, unknown>;
  }

  /** The raw value (for parameters with several accepted shapes, e.g. datastore `q`). */
  value(name: string): unknown {
    return this.raw[name];
  }
}

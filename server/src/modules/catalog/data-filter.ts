/**
 * The data API's filter syntax: `?<field>=<value>` means equals; `?<field>=<op>:<value>` with op
 * one of eq, ne, gt, gte, lt, lte, like (contains, case-insensitive), in (comma-separated list),
 * null, notnull. Values are converted to the field's declared type, so `age=gt:30` compares
 * numbers and `day=gte:2026-01-01` compares dates.
 *
 * @example parseFilters({ district: '东城区', pm25: 'gt:75' }, fields)
 */
import { DomainError, type FieldError } from '../../kernel/errors.js';
import type { FieldDef } from './catalog-types.js';
import type { RowCondition } from './datasets.repository.js';
import { convertValue } from './row-validation.js';

const OPS = new Set(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'like', 'in', 'null', 'notnull']);

/** Parses filter parameters against the fields; every bad one is reported under `pathBase`. */
export function parseFilters(params: Record<string, string>, fields: readonly FieldDef[], pathBase = '/query'): RowCondition[] {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const errors: FieldError[] = [];
  const out: RowCondition[] = [];
  for (const [name, raw] of Object.entries(params)) {
    const path = `${pathBase}/${name}`;
    const field = byName.get(name);
    if (!field) {
      errors.push({ path, message: `is not a field of this resource (fields: ${fields.map((f) => f.name).join(', ')})` });
      continue;
    }
    const m = /^([a-z]+):(.*)$/s.exec(raw);
    const op = m && OPS.has(m[1]!) ? (m[1] as RowCondition['op']) : 'eq';
    const text = m && OPS.has(m[1]!) ? m[2]! : raw;
    if (op === 'null' || op === 'notnull') {
      out.push({ field, op, value: null });
      continue;
    }
    if (field.type === 'geometry') {
      errors.push({ path, message: 'geometry fields cannot be filtered' });
      continue;
    }
    if (op === 'like') {
      if (field.type !== 'string') errors.push({ path, message: 'like applies to string fields only' });
      else out.push({ field, op, value: text });
      continue;
    }
    const parts = op === 'in' ? text.split(',') : [text];
    const values: unknown[] = [];
    for (const p of parts) {
      const c = convertValue(field, p);
      if ('error' in c) errors.push({ path, message: c.error });
      else values.push(c.value);
    }
    if (values.length === parts.length) out.push({ field, op, value: op === 'in' ? values : values[0] });
  }
  if (errors.length) throw new DomainError('invalid', `Bad filter: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors);
  return out;
}

/**
 * Checks a resource's metadata beyond what the route schema can say (unique field names, a key
 * that exists, class codes of the guide's shape) and normalises it. Every problem names its field.
 */
import { DomainError, type FieldError } from '../../kernel/errors.js';
import type { FieldDef, ResourceInput } from './catalog-types.js';

/** A field name usable as a query parameter and a JSON member. */
export const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/** 类 (1 digit) + 项 (2) + 目 (3), optionally + 细目 (3). */
export const CLASS_CODE = /^[1-3]\d{2}\d{3}(\d{3})?$/;
/** Query parameters the data API reserves, so no field may be called that. */
const RESERVED = new Set(['fields', 'limit', 'cursor', 'format', 'purpose', 'sort']);

/** The default class of a department resource without a declared class: 类 3, 项/目 unspecified. */
export const DEFAULT_CLASS_CODE = '300000';

/** Throws one 400 listing every bad field when `errors` is not empty. */
export function throwIfInvalid(errors: FieldError[], what = 'The resource'): void {
  if (errors.length) {
    throw new DomainError('invalid', `${what} is not valid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors);
  }
}

/** Normalises and checks the declared fields; problems are appended to `errors`. */
export function normaliseFields(input: ResourceInput['fields'], errors: FieldError[], base = '/body/fields'): FieldDef[] {
  const seen = new Set<string>();
  const out: FieldDef[] = [];
  if (input.length === 0) errors.push({ path: base, message: 'must declare at least one field' });
  input.forEach((f, i) => {
    const p = `${base}/${i}`;
    if (!FIELD_NAME.test(f.name))
      errors.push({ path: `${p}/name`, message: 'must start with a letter or _ and hold only letters, digits and _' });
    else if (RESERVED.has(f.name)) errors.push({ path: `${p}/name`, message: `"${f.name}" is reserved by the data API` });
    else if (seen.has(f.name.toLowerCase())) errors.push({ path: `${p}/name`, message: `"${f.name}" is declared twice` });
    seen.add(f.name.toLowerCase());
    if (f.length !== undefined && f.type !== 'string') errors.push({ path: `${p}/length`, message: 'applies to string fields only' });
    if (f.key && f.type === 'geometry') errors.push({ path: `${p}/key`, message: 'a geometry cannot be part of the key' });
    out.push({
      name: f.name,
      title: (f.title ?? f.name).trim() || f.name,
      type: f.type,
      length: f.length ?? null,
      personal: f.personal ?? null,
      key: !!f.key,
      required: !!f.key || !!f.required,
      description: f.description?.trim() || null,
    });
  });
  return out;
}

/** Checks the parts of a resource input that are not field lists. */
export function checkResourceMeta(input: Partial<ResourceInput>, errors: FieldError[]): void {
  if (input.name !== undefined && input.name.trim() === '') errors.push({ path: '/body/name', message: 'must not be empty' });
  if (input.summary !== undefined && input.summary.trim() === '') errors.push({ path: '/body/summary', message: 'must not be empty' });
  if (input.classCode !== undefined && !CLASS_CODE.test(input.classCode)) {
    errors.push({ path: '/body/classCode', message: 'must be 类(1: 1-3) + 项(2) + 目(3) digits, optionally + 细目(3), e.g. 101001' });
  }
  if (input.publishDate !== undefined && !isIsoDate(input.publishDate)) {
    errors.push({ path: '/body/publishDate', message: 'must be a date YYYY-MM-DD' });
  }
  if (input.pull) {
    try {
      const u = new URL(input.pull.url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
    } catch {
      errors.push({ path: '/body/pull/url', message: 'must be an http(s) URL' });
    }
  }
}

/** True for a real calendar date in YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Trims, drops empties and duplicates from a list of tags. */
export function cleanList(list: string[] | undefined): string[] {
  return [...new Set((list ?? []).map((s) => s.trim()).filter(Boolean))];
}

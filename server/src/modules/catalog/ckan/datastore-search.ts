/**
 * `datastore_search` over a resource's current version, through the catalog's data access (so
 * the same visibility decision, the same access log and audit record as every other read).
 * Personal fields are not part of the public datastore at all: they are neither listed,
 * returned, filterable nor searchable here.
 *
 * `filters` go to the database; `q`, `sort`, `offset` and the total work on the matching rows as
 * they stream past (a scan per call, fine for the open datasets a city publishes — up to a few
 * hundred thousand rows; without `q`/`sort`/`include_total` the scan stops at offset+limit).
 */
import type { FieldDef, FieldType } from '../catalog-types.js';
import type { CatalogInternals } from '../catalog.service.js';
import type { Reader } from '../access-policy.js';
import { publicFields } from '../portal/open-catalog.js';
import { invalidParam } from './ckan-error.js';
import type { CkanParams } from './ckan-params.js';

/** CKAN datastore limits: default 100 rows, at most 32,000 (ckan.datastore.search.rows_max). */
export const DATASTORE_DEFAULT_LIMIT = 100;
export const DATASTORE_MAX_LIMIT = 32_000;

/** Our field types as datastore (PostgreSQL) type names, the way CKAN reports them. */
const CKAN_TYPES: Record<FieldType, string> = {
  string: 'text',
  integer: 'int',
  number: 'numeric',
  boolean: 'bool',
  date: 'date',
  datetime: 'timestamp',
  geometry: 'json',
};

/** The parsed request. */
interface DatastoreQuery {
  ckanResourceId: string;
  filters: Record<string, string>;
  q: string | Record<string, string> | undefined;
  limit: number;
  offset: number;
  fields: FieldDef[];
  sort: Array<{ field: string; desc: boolean }>;
  includeTotal: boolean;
  recordsFormat: 'objects' | 'lists';
}

/** Validates the parameters against the public part of the fields this caller may read. */
export function parseDatastoreQuery(p: CkanParams, ckanResourceId: string, all: FieldDef[]): DatastoreQuery {
  const fields = publicFields({ fields: all });
  const byName = new Map(fields.map((f) => [f.name, f]));
  const known = (param: string, name: string) => {
    const f = byName.get(name);
    if (!f) throw invalidParam(param, `field "${name}" not in resource (fields: ${fields.map((x) => x.name).join(', ')})`);
    return f;
  };
  const filters: Record<string, string> = {};
  for (const [name, v] of Object.entries(p.obj('filters') ?? {})) {
    const f = known('filters', name);
    if (f.type === 'geometry') throw invalidParam('filters', `field "${name}" is a geometry and cannot be filtered`);
    const list = Array.isArray(v) ? v : [v];
    if (!list.length || !list.every((x) => ['string', 'number', 'boolean'].includes(typeof x))) {
      throw invalidParam('filters', `"${name}" must be a value or a list of values`);
    }
    const texts = list.map(String);
    if (texts.length > 1 && texts.some((t) => t.includes(',')))
      throw invalidParam('filters', `"${name}": listed values may not contain commas`);
    // Always name the operator, so a value like "gt:3" is compared literally.
    filters[name] = texts.length === 1 ? `eq:${texts[0]}` : `in:${texts.join(',')}`;
  }
  let q: DatastoreQuery['q'];
  const rawQ = p.value('q');
  if (typeof rawQ === 'string' && rawQ.trim().startsWith('{')) q = stringValues('q', p.obj('q')!, known);
  else if (typeof rawQ === 'object' && rawQ !== null && !Array.isArray(rawQ)) q = stringValues('q', rawQ as Record<string, unknown>, known);
  else if (rawQ !== undefined && rawQ !== null && rawQ !== '') q = p.str('q');
  const chosen = p.list('fields');
  const sort = (p.list('sort') ?? []).map((part) => {
    const [name = '', dir = 'asc', ...rest] = part.replace(/"/g, '').split(/\s+/);
    if (rest.length || !['asc', 'desc'].includes(dir.toLowerCase())) throw invalidParam('sort', `"${part}" must be "<field> [asc|desc]"`);
    if (name !== '_id') known('sort', name);
    return { field: name, desc: dir.toLowerCase() === 'desc' };
  });
  const recordsFormat = p.str('records_format') ?? 'objects';
  if (recordsFormat !== 'objects' && recordsFormat !== 'lists') {
    throw invalidParam('records_format', 'must be objects or lists (csv and tsv are not supported; use the CSV download)');
  }
  return {
    ckanResourceId,
    filters,
    q,
    limit: p.int('limit', DATASTORE_DEFAULT_LIMIT, 0, DATASTORE_MAX_LIMIT),
    offset: p.int('offset', 0, 0, Number.MAX_SAFE_INTEGER),
    fields: chosen ? chosen.filter((n) => n !== '_id').map((n) => known('fields', n)) : fields,
    sort,
    includeTotal: p.bool('include_total', true),
    recordsFormat,
  };
}

function stringValues(param: string, o: Record<string, unknown>, known: (param: string, name: string) => FieldDef): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) {
    known(param, k);
    if (typeof v !== 'string') throw invalidParam(param, `"${k}" must be a string`);
    out[k] = v;
  }
  return out;
}

/** Case-insensitive containment of every whitespace-separated term of `text` in `value`. */
function matchesText(value: unknown, terms: string[]): boolean {
  const s = (value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value)).toLowerCase();
  return terms.every((t) => s.includes(t));
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1; // nulls last, as PostgreSQL sorts ascending
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'zh-Hans-CN');
}

/** Runs the search; the result is CKAN's datastore_search dict. */
export async function datastoreSearch(
  c: CatalogInternals,
  reader: Reader,
  resourceId: string,
  readable: FieldDef[],
  dq: DatastoreQuery,
  actionUrl: string,
) {
  const all = publicFields({ fields: readable });
  const terms = typeof dq.q === 'string' ? dq.q.toLowerCase().split(/\s+/).filter(Boolean) : [];
  const fieldTerms =
    typeof dq.q === 'object' ? Object.entries(dq.q).map(([k, v]) => [k, v.toLowerCase().split(/\s+/).filter(Boolean)] as const) : [];
  const needAll = dq.includeTotal || dq.sort.length > 0;
  const stopAt = dq.offset + dq.limit;
  // Read every public field: q searches them all even when `fields` returns fewer.
  const it = c.data.export(reader, resourceId, {
    fields: all.map((f) => f.name),
    filters: dq.filters,
    channel: 'ckan',
    purpose: 'CKAN datastore_search',
  });
  const matched: Array<{ _id: number; row: Record<string, unknown> }> = [];
  let position = 0;
  for await (const item of it) {
    if (!('record' in item)) continue;
    position++;
    const row = item.record;
    if (terms.length && !terms.every((t) => all.some((f) => matchesText(row[f.name], [t])))) continue;
    if (fieldTerms.length && !fieldTerms.every(([k, ts]) => matchesText(row[k], ts))) continue;
    matched.push({ _id: position, row });
    if (!needAll && matched.length >= stopAt) break;
  }
  if (dq.sort.length) {
    matched.sort((a, b) => {
      for (const s of dq.sort) {
        const c2 = s.field === '_id' ? a._id - b._id : compare(a.row[s.field], b.row[s.field]);
        if (c2 !== 0) return s.desc ? -c2 : c2;
      }
      return a._id - b._id;
    });
  }
  const page = matched.slice(dq.offset, stopAt);
  const names = dq.fields.map((f) => f.name);
  const records =
    dq.recordsFormat === 'lists'
      ? page.map((m) => [m._id, ...names.map((n) => m.row[n] ?? null)])
      : page.map((m) => ({ _id: m._id, ...Object.fromEntries(names.map((n) => [n, m.row[n] ?? null])) }));
  const link = (offset: number) => `${actionUrl}?resource_id=${encodeURIComponent(dq.ckanResourceId)}${offset ? `&offset=${offset}` : ''}`;
  return {
    resource_id: dq.ckanResourceId,
    fields: [{ id: '_id', type: 'int' }, ...dq.fields.map((f) => ({ id: f.name, type: CKAN_TYPES[f.type], info: { label: f.title } }))],
    records,
    ...(dq.includeTotal ? { total: matched.length, total_was_estimated: false } : {}),
    limit: dq.limit,
    offset: dq.offset,
    records_format: dq.recordsFormat,
    include_total: dq.includeTotal,
    ...(dq.sort.length ? { sort: dq.sort.map((s) => `${s.field} ${s.desc ? 'desc' : 'asc'}`).join(', ') } : {}),
    ...(Object.keys(dq.filters).length
      ? { filters: Object.fromEntries(Object.entries(dq.filters).map(([k, v]) => [k, v.replace(/^(eq|in):/, '')])) }
      : {}),
    _links: { start: link(0), next: link(dq.offset + dq.limit) },
  };
}

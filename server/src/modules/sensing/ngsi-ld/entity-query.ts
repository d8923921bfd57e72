/**
 * `GET /entities` (and the entity selection of the temporal API and of
 * `POST /entityOperations/query`): NGSI-LD query parameters → an {@link EntityFilter} for the
 * store, then a page of entities rendered in the caller's format and terms.
 */
import type { DeviceTypeDef } from '../thing-model.js';
import { resolveTerm, type RequestContext } from './json-ld-context.js';
import { renderEntity, type EntityFormat } from './entity-serializer.js';
import { parseEntityId, type EntityFilter, type EntityRow, type EntityStore, type LatestRow } from './entity-store.js';
import { parseGeoQuery } from './geo-query.js';
import { badRequest } from './ngsi-ld-errors.js';
import { parseQuery } from './query-language.js';

/** NGSI-LD paging defaults (CIM 009 §5.5.9): 20 per page unless asked; our ceiling is 1,000. */
export const DEFAULT_LIMIT = 20;
/** Most entities one page may hold. */
export const MAX_LIMIT = 1000;

/** The query parameters of an entity query, as strings off the URL. */
export interface EntityQueryParams {
  id?: string;
  type?: string;
  idPattern?: string;
  attrs?: string;
  pick?: string;
  q?: string;
  georel?: string;
  geometry?: string;
  coordinates?: string;
  geoproperty?: string;
  limit?: string;
  offset?: string;
  count?: string;
  options?: string;
  format?: string;
}

/** A parsed entity query. */
export interface ParsedQuery {
  filter: EntityFilter;
  /** Platform names of the attributes to return, null = all. */
  attrs: Set<string> | null;
  limit: number;
  offset: number;
  count: boolean;
  format: EntityFormat;
  sysAttrs: boolean;
}

/** The `options` a request may carry, checked against what it allows. */
export function parseOptions(raw: string | undefined, allowed: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const o of (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (!allowed.includes(o)) throw badRequest(`options: ${o} is not supported here (${allowed.join(', ')})`);
    out.add(o);
  }
  return out;
}

/** Parses the query parameters; `requireSelector` enforces "type, attrs, q or georel" of CIM 009 §5.7.2. */
export function parseEntityQuery(p: EntityQueryParams, ctx: RequestContext, requireSelector: boolean): ParsedQuery {
  const options = parseOptions(p.options, [
    'keyValues',
    'simplified',
    'normalized',
    'count',
    'sysAttrs',
    'temporalValues',
    'aggregatedValues',
  ]);
  const format = formatOf(p.format, options);
  const filter: EntityFilter = {};
  if (p.type !== undefined) {
    if (p.type.includes(';')) throw badRequest('type: entities here have one type each; a;b (all of) never matches, use a,b or a|b');
    filter.types = splitList(p.type, 'type', /[,|]/).map((t) => resolveTerm(ctx, t));
  }
  if (p.id !== undefined) {
    filter.ids = [];
    for (const id of splitList(p.id, 'id', /,/)) {
      if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(id)) throw badRequest(`id: ${id} is not a URI`);
      const parsed = parseEntityId(id);
      if (parsed) filter.ids.push(parsed);
    }
  }
  if (p.idPattern !== undefined) {
    if (p.idPattern.length > 256) throw badRequest('idPattern: at most 256 characters');
    try {
      filter.idPattern = new RegExp(p.idPattern);
    } catch (e) {
      throw badRequest(`idPattern: not a regular expression (${(e as Error).message})`);
    }
  }
  if (p.q !== undefined) {
    if (p.q.length > 2000) throw badRequest('q: at most 2,000 characters');
    filter.q = parseQuery(p.q, (t) => resolveTerm(ctx, t));
  }
  const geo = parseGeoQuery(p);
  if (geo) filter.geo = geo;
  const picked = p.attrs ?? p.pick;
  const attrs = picked === undefined ? null : new Set(splitList(picked, 'attrs', /,/).map((a) => resolveTerm(ctx, a)));
  if (attrs) filter.anyAttrs = [...attrs];
  if (
    requireSelector &&
    p.type === undefined &&
    p.attrs === undefined &&
    p.q === undefined &&
    p.georel === undefined &&
    p.id === undefined &&
    p.idPattern === undefined
  )
    throw badRequest('Say which entities: type, attrs, q, georel (or id / idPattern) is required');
  const limit = intParam(p.limit, 'limit', DEFAULT_LIMIT, 0, MAX_LIMIT);
  const offset = intParam(p.offset, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  const count = p.count === 'true' || options.has('count');
  if (p.count !== undefined && p.count !== 'true' && p.count !== 'false') throw badRequest('count must be true or false');
  if (limit === 0 && !count) throw badRequest('limit=0 is only allowed with count=true');
  return { filter, attrs, limit, offset, count, format, sysAttrs: options.has('sysAttrs') };
}

/** Runs a parsed query: a page of rendered entities and the total when counted. */
export async function runEntityQuery(
  store: EntityStore,
  typeOf: (code: string) => DeviceTypeDef | undefined,
  parsed: ParsedQuery,
  ctx: RequestContext,
): Promise<{ entities: Array<Record<string, unknown>>; total: number | null; rows: EntityRow[] }> {
  const { rows, total } = await store.query(parsed.filter, parsed.limit, parsed.offset, parsed.count);
  const latest = await store.latest(rows.map((r) => r.id));
  const entities = rows.map((r) =>
    renderEntity(r, latest.get(r.id) ?? ([] as LatestRow[]), typeOf(r.type), {
      format: parsed.format,
      attrs: parsed.attrs,
      sysAttrs: parsed.sysAttrs,
      context: ctx,
    }),
  );
  return { entities, total, rows };
}

/** keyValues / simplified / normalized, from `format` or `options`. */
export function formatOf(format: string | undefined, options: Set<string>): EntityFormat {
  if (format !== undefined) {
    if (format === 'keyValues' || format === 'simplified') return 'keyValues';
    if (format === 'normalized') return 'normalized';
    throw badRequest(`format: ${format} is not keyValues, simplified or normalized`);
  }
  return options.has('keyValues') || options.has('simplified') ? 'keyValues' : 'normalized';
}

/** Splits a comma list; empty members are a client error. */
export function splitList(v: string, name: string, sep: RegExp): string[] {
  const parts = v.split(sep).map((s) => s.trim());
  if (parts.some((s) => s === '')) throw badRequest(`${name}: empty entry in ${JSON.stringify(v)}`);
  return parts;
}

/** An integer query parameter in [min, max]. */
export function intParam(v: string | undefined, name: string, dflt: number, min: number, max: number): number {
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v)) throw badRequest(`${name} must be a whole number`);
  const n = Number(v);
  if (n < min || n > max) throw badRequest(`${name} must be ${min}–${max}`);
  return n;
}

/**
 * `package_search` over the open catalog: `q` goes to the catalog's own text search (the same
 * Chinese matching the portal uses); `fq` filters on organization, tags, groups, res_format, name
 * and license_id; sort, paging and facets work on the matched list (an open catalog is small
 * enough that this is one query and a pass in memory, not a query per row).
 */
import type { Resource } from '../catalog-types.js';
import type { ResourceFilter } from '../resources.repository.js';
import { DOWNLOAD_FORMATS, slugOf } from '../portal/open-catalog.js';
import { CkanError, invalidParam } from './ckan-error.js';
import type { CkanParams } from './ckan-params.js';
import { licenseOf, modifiedOf } from './ckan-package.js';

/** The fields `fq` and `facet.field` understand. */
export const SEARCH_FIELDS = ['organization', 'tags', 'groups', 'res_format', 'license_id', 'name'] as const;
type SearchField = (typeof SEARCH_FIELDS)[number];

/** The values of a search field for one resource. */
export function valuesOf(r: Resource, field: SearchField): string[] {
  switch (field) {
    case 'organization':
      return [r.providerDepartmentCode.toLowerCase()];
    case 'tags':
      return r.keywords;
    case 'groups':
      return r.themes;
    case 'res_format':
      return r.currentVersion === null ? [] : Object.values(DOWNLOAD_FORMATS).map((f) => f.label);
    case 'license_id':
      return [licenseOf(r).id];
    case 'name':
      return [slugOf(r)];
  }
}

/** One fq clause: every listed value must match (several clauses AND together; `-field:` negates). */
interface FqClause {
  field: SearchField;
  values: string[];
  negate: boolean;
}

/**
 * Parses Solr-style `fq` as CKAN clients send it: `organization:abc tags:"公交 站点"
 * res_format:CSV`, `+field:value`, `-field:value`, `field:(a OR b)`. Anything else is a
 * Validation Error naming what is not supported.
 */
export function parseFq(fq: string): FqClause[] {
  const out: FqClause[] = [];
  const re = /([+-]?)([a-z_]+):(?:"((?:[^"\\]|\\.)*)"|\(([^)]*)\)|(\S+))|(\S+)/gy;
  const text = fq.trim();
  let pos = 0;
  while (pos < text.length) {
    if (/\s/.test(text[pos]!)) {
      pos++;
      continue;
    }
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) throw invalidParam('fq', `cannot parse at "${text.slice(pos, pos + 20)}"`);
    pos = re.lastIndex;
    if (m[6] !== undefined) {
      if (m[6] === 'AND' || m[6] === '&&') continue;
      throw invalidParam('fq', `"${m[6]}" is not a field:value clause (supported fields: ${SEARCH_FIELDS.join(', ')})`);
    }
    const field = m[2]! as SearchField;
    if (!SEARCH_FIELDS.includes(field)) {
      throw invalidParam('fq', `field ${field} is not supported (supported: ${SEARCH_FIELDS.join(', ')})`);
    }
    let values: string[];
    if (m[3] !== undefined) values = [m[3].replace(/\\(.)/g, '$1')];
    else if (m[4] !== undefined) {
      values = m[4]
        .split(/\s+OR\s+/)
        .map((v) => v.trim().replace(/^"(.*)"$/, '$1'))
        .filter(Boolean);
    } else values = [m[5]!];
    out.push({ field, values, negate: m[1] === '-' });
  }
  return out;
}

/** Pushes the clauses the catalog search can apply in SQL into its filter (one organization / one group). */
export function narrowFilter(q: string | undefined, clauses: FqClause[]): ResourceFilter {
  const f: ResourceFilter = {};
  if (q && q.trim() && q.trim() !== '*:*') f.q = q.trim();
  for (const c of clauses) {
    if (c.negate || c.values.length !== 1) continue;
    if (c.field === 'groups' && !f.theme) f.theme = c.values[0]!;
  }
  return f;
}

/** True when the resource satisfies every clause (values compare case-insensitively). */
export function matchesFq(r: Resource, clauses: FqClause[]): boolean {
  return clauses.every((c) => {
    const have = valuesOf(r, c.field).map((v) => v.toLowerCase());
    const hit = c.values.some((v) => have.includes(v.toLowerCase()));
    return c.negate ? !hit : hit;
  });
}

type SortKey = 'metadata_modified' | 'metadata_created' | 'name' | 'title_string' | 'score';

/** Parses `sort` (`metadata_modified desc, name asc`); CKAN's default is `score desc, metadata_modified desc`. */
export function parseSort(sort: string | undefined): Array<{ key: SortKey; desc: boolean }> {
  const text = sort?.trim() || 'score desc, metadata_modified desc';
  return text.split(',').map((part) => {
    const [key, dir = 'asc', ...rest] = part.trim().split(/\s+/);
    if (!['metadata_modified', 'metadata_created', 'name', 'title_string', 'score'].includes(key ?? '') || rest.length) {
      throw invalidParam(
        'sort',
        `"${part.trim()}" is not supported (fields: metadata_modified, metadata_created, name, title_string, score; asc or desc)`,
      );
    }
    if (dir !== 'asc' && dir !== 'desc') throw invalidParam('sort', `direction must be asc or desc, not ${dir}`);
    return { key: key as SortKey, desc: dir === 'desc' };
  });
}

/** Sorts in place; `score` keeps the search's own order (newest first), which is stable. */
export function sortResources(list: Resource[], order: Array<{ key: SortKey; desc: boolean }>): void {
  const val = (r: Resource, k: SortKey): string =>
    k === 'metadata_modified'
      ? modifiedOf(r)
      : k === 'metadata_created'
        ? r.createdAt
        : k === 'name'
          ? slugOf(r)
          : k === 'title_string'
            ? r.name
            : '';
  const rank = new Map(list.map((r, i) => [r.id, i]));
  list.sort((a, b) => {
    for (const o of order) {
      if (o.key === 'score') continue;
      const c = val(a, o.key).localeCompare(val(b, o.key), 'zh-Hans-CN');
      if (c !== 0) return o.desc ? -c : c;
    }
    return rank.get(a.id)! - rank.get(b.id)!;
  });
}

/** `search_facets` (and the legacy `facets`) for the requested fields over the matched list. */
export function countFacets(
  list: Resource[],
  fields: string[],
  limit: number,
  orgNames: Map<string, string>,
): { search_facets: Record<string, unknown>; facets: Record<string, Record<string, number>> } {
  const search_facets: Record<string, unknown> = {};
  const facets: Record<string, Record<string, number>> = {};
  for (const field of fields) {
    if (!SEARCH_FIELDS.includes(field as SearchField)) {
      throw new CkanError('Validation Error', `facet.field: ${field} is not supported (supported: ${SEARCH_FIELDS.join(', ')})`, {
        'facet.field': [`${field} is not supported`],
      });
    }
    const counts = new Map<string, number>();
    for (const r of list) for (const v of new Set(valuesOf(r, field as SearchField))) counts.set(v, (counts.get(v) ?? 0) + 1);
    const items = [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, limit < 0 ? undefined : limit)
      .map(([name, count]) => ({ count, name, display_name: field === 'organization' ? (orgNames.get(name) ?? name) : name }));
    search_facets[field] = { title: field, items };
    facets[field] = Object.fromEntries(items.map((i) => [i.name, i.count]));
  }
  return { search_facets, facets };
}

/** The paging and facet parameters of a search. */
export function searchPaging(p: CkanParams) {
  return {
    rows: p.int('rows', 10, 0, 1000),
    start: p.int('start', 0, 0, Number.MAX_SAFE_INTEGER),
    facetFields: p.list('facet.field') ?? [],
    facetLimit: p.int('facet.limit', 50, -1, 1000),
  };
}

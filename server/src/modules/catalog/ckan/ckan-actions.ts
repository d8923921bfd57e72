/**
 * The CKAN actions this platform answers, each a function from the call's parameters to the
 * `result` of CKAN's envelope. They read the open catalog only: published resources whose open
 * type is not 不予开放; data of 有条件开放 resources only with a consumer key granted on them.
 */
import type { Principal } from '../../../kernel/auth/index.js';
import { DomainError } from '../../../kernel/errors.js';
import type { Resource } from '../catalog-types.js';
import type { CatalogInternals } from '../catalog.service.js';
import { allOpenResources, PUBLIC_READER, readerOf, slugOf } from '../portal/open-catalog.js';
import { CkanError, invalidParam } from './ckan-error.js';
import { groupDict, organizationDict, packageDict, parseCkanResourceId, resourceDicts } from './ckan-package.js';
import type { CkanParams } from './ckan-params.js';
import { datastoreSearch, parseDatastoreQuery } from './datastore-search.js';
import { countFacets, matchesFq, narrowFilter, parseFq, parseSort, searchPaging, sortResources } from './package-search.js';

/** What an action gets. */
export interface ActionCall {
  c: CatalogInternals;
  params: CkanParams;
  principal: Principal | null;
  /** Site URL without a trailing slash (`https://data.city.gov.cn`). */
  base: string;
}

type Action = (call: ActionCall) => Promise<unknown>;

/** The CKAN API version this subset follows (clients read it from status_show). */
export const CKAN_COMPAT_VERSION = '2.10.0';

/** One open resource by id or CKAN name, or a Not Found Error. */
async function findPackage(call: ActionCall, idOrName: string): Promise<Resource> {
  try {
    return await call.c.service.getResource(PUBLIC_READER, idOrName);
  } catch (e) {
    if (!(e instanceof DomainError) || e.code !== 'not_found') throw e;
  }
  if (idOrName.startsWith('zc-')) {
    const hit = (await allOpenResources(call.c)).find((r) => slugOf(r) === idOrName.toLowerCase());
    if (hit) return hit;
  }
  throw new CkanError('Not Found Error', 'Not found: Dataset not found');
}

/** Orders and pages a list of names/dicts by `limit`/`offset`. */
function page<T>(call: ActionCall, list: T[], maxLimit = 1000): T[] {
  const limit = call.params.int('limit', maxLimit, 0, maxLimit);
  const offset = call.params.int('offset', 0, 0, Number.MAX_SAFE_INTEGER);
  return list.slice(offset, offset + limit);
}

/** Departments with their number of open packages, filtered by `organizations` and sorted by `sort`. */
async function organizations(call: ActionCall): Promise<Array<{ code: string; title: string; count: number }>> {
  const [names, open] = await Promise.all([call.c.resources.departmentNames(), allOpenResources(call.c)]);
  const counts = new Map<string, number>();
  for (const r of open) counts.set(r.providerDepartmentCode, (counts.get(r.providerDepartmentCode) ?? 0) + 1);
  const only = call.params.list('organizations')?.map((s) => s.toLowerCase());
  const list = [...names.entries()]
    .filter(([code]) => !only || only.includes(code.toLowerCase()))
    .map(([code, title]) => ({ code, title, count: counts.get(code) ?? 0 }));
  const sort = call.params.str('sort') ?? 'title asc';
  const [key, dir = 'asc'] = sort.trim().split(/\s+/);
  if (!['name', 'title', 'package_count'].includes(key ?? '') || !['asc', 'desc'].includes(dir)) {
    throw invalidParam('sort', 'must be name, title or package_count, then asc or desc');
  }
  list.sort((a, b) => {
    const c =
      key === 'package_count'
        ? a.count - b.count
        : key === 'name'
          ? a.code.localeCompare(b.code)
          : a.title.localeCompare(b.title, 'zh-Hans-CN');
    return dir === 'desc' ? -c : c;
  });
  return list;
}

const actions: Record<string, Action> = {
  async package_search(call) {
    const p = call.params;
    const clauses = parseFq(p.str('fq') ?? '');
    const order = parseSort(p.str('sort'));
    const { rows, start, facetFields, facetLimit } = searchPaging(p);
    const list = (await allOpenResources(call.c, narrowFilter(p.str('q'), clauses))).filter((r) => matchesFq(r, clauses));
    sortResources(list, order);
    const { search_facets, facets } = countFacets(
      list,
      facetFields,
      facetLimit,
      new Map([...(await call.c.resources.departmentNames())].map(([k, v]) => [k.toLowerCase(), v])),
    );
    return {
      count: list.length,
      sort: p.str('sort') ?? 'score desc, metadata_modified desc',
      results: list.slice(start, start + rows).map((r) => packageDict(r, call.base)),
      facets,
      search_facets,
    };
  },

  async package_show(call) {
    return packageDict(await findPackage(call, call.params.required('id')), call.base);
  },

  async package_list(call) {
    return page(call, (await allOpenResources(call.c)).map(slugOf).sort());
  },

  async organization_list(call) {
    const list = page(call, await organizations(call));
    return call.params.bool('all_fields', false)
      ? list.map((o) => organizationDict(o.code, o.title, o.count))
      : list.map((o) => o.code.toLowerCase());
  },

  async organization_show(call) {
    const id = call.params.required('id').toLowerCase();
    const names = await call.c.resources.departmentNames();
    const code = [...names.keys()].find((k) => k.toLowerCase() === id);
    if (!code) throw new CkanError('Not Found Error', 'Not found: Organization not found');
    const packages = await allOpenResources(call.c, { department: code });
    return {
      ...organizationDict(code, names.get(code)!, packages.length),
      ...(call.params.bool('include_datasets', false) ? { packages: packages.slice(0, 1000).map((r) => packageDict(r, call.base)) } : {}),
    };
  },

  async group_list(call) {
    const counts = new Map<string, number>();
    for (const r of await allOpenResources(call.c)) for (const t of r.themes) counts.set(t, (counts.get(t) ?? 0) + 1);
    const only = call.params.list('groups');
    const themes = [...counts.keys()].filter((t) => !only || only.includes(t)).sort((a, b) => a.localeCompare(b, 'zh-Hans-CN'));
    const list = page(call, themes);
    return call.params.bool('all_fields', false) ? list.map((t) => groupDict(t, counts.get(t))) : list;
  },

  async tag_list(call) {
    if (call.params.has('vocabulary_id')) throw invalidParam('vocabulary_id', 'tag vocabularies are not supported');
    const query = call.params.str('query')?.toLowerCase();
    const tags = new Set<string>();
    for (const r of await allOpenResources(call.c)) for (const k of r.keywords) if (!query || k.toLowerCase().includes(query)) tags.add(k);
    const list = [...tags].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN'));
    return call.params.bool('all_fields', false) ? list.map((name) => ({ id: name, name, display_name: name, vocabulary_id: null })) : list;
  },

  async resource_show(call) {
    const id = call.params.required('id');
    const { resourceId } = parseCkanResourceId(id);
    const r = await findPackage(call, resourceId).catch((e: unknown) => {
      throw e instanceof CkanError && e.type === 'Not Found Error'
        ? new CkanError('Not Found Error', 'Not found: Resource was not found.')
        : e;
    });
    const hit = resourceDicts(r, call.base).find((d) => d.id === id) ?? (id === r.id ? resourceDicts(r, call.base)[0] : undefined);
    if (!hit) throw new CkanError('Not Found Error', 'Not found: Resource was not found.');
    return hit;
  },

  async datastore_search(call) {
    const id = call.params.required('resource_id');
    const { resourceId } = parseCkanResourceId(id);
    const r = await findPackage(call, resourceId).catch((e: unknown) => {
      throw e instanceof CkanError && e.type === 'Not Found Error'
        ? new CkanError('Not Found Error', `Resource "${id}" was not found.`)
        : e;
    });
    if (r.currentVersion === null) throw new CkanError('Not Found Error', `Resource "${id}" has no data in the datastore yet.`);
    // 无条件开放 data is read as the public even by callers with a key; 有条件开放 data by the key's grant.
    const reader = r.openType === 'unconditional' ? PUBLIC_READER : readerOf(call.principal);
    const stored = await call.c.resourcesRepo.get(r.id);
    if (!stored) throw new CkanError('Not Found Error', `Resource "${id}" was not found.`);
    // Decide first, so parameters are checked against the fields this caller may read.
    const readable = (await call.c.data.decide(reader, stored)).fields;
    const dq = parseDatastoreQuery(call.params, id, readable);
    return datastoreSearch(call.c, reader, r.id, readable, dq, `${call.base}/api/3/action/datastore_search`);
  },

  async status_show(call) {
    return {
      site_title: '智城公共数据开放平台',
      site_description: 'Zhicheng open data: CKAN Action API subset and DCAT-AP 3 catalog',
      site_url: call.base,
      ckan_version: CKAN_COMPAT_VERSION,
      error_emails_to: null,
      locale_default: 'zh_Hans_CN',
      extensions: ['datastore'],
    };
  },

  async help_show(call) {
    const name = call.params.required('name');
    const doc = ACTION_HELP[name];
    if (!doc) throw new CkanError('Not Found Error', `Action function not found: ${name}`);
    return doc;
  },
};

/** One line of help per action (help_show; the full text is docs/open-data.md). */
const ACTION_HELP: Record<string, string> = {
  package_search:
    'Searches open datasets. q, fq (organization:, tags:, groups:, res_format:, license_id:, name:), sort, rows (≤1000), start, facet.field, facet.limit.',
  package_show: 'Returns one dataset by id or name.',
  package_list: 'Returns the names of all open datasets (limit, offset).',
  organization_list: 'Returns the departments (all_fields, sort, limit, offset, organizations).',
  organization_show: 'Returns one department (id; include_datasets).',
  group_list: 'Returns the themes of open datasets (all_fields, limit, offset).',
  tag_list: 'Returns the keywords of open datasets (query, all_fields).',
  resource_show: 'Returns one resource (download) by id.',
  datastore_search:
    'Reads data: resource_id, filters, q, fields, sort, limit (≤32000), offset, include_total, records_format (objects|lists).',
  status_show: 'Returns the site and API version.',
  help_show: 'Returns the help of an action (name).',
};

/** The action named `name`, or a Bad request error as CKAN answers unknown actions. */
export function actionNamed(name: string): Action {
  const a = Object.hasOwn(actions, name) ? actions[name] : undefined;
  if (!a) throw new CkanError('Bad request', `Bad request - Action name not known: ${name}`);
  return a;
}

/** The names of the supported actions. */
export const CKAN_ACTIONS = Object.keys(actions);

/**
 * What the public faces of the catalog (the open-data portal, the CKAN Action API, the DCAT-AP
 * export) share: the list of openly published resources, the fields the public may ever see
 * (personal fields never leave through these doors, masked or not), and who is reading.
 * Visibility itself is decided by the catalog's search and access policy; nothing here widens it.
 */
import type { Principal } from '../../../kernel/auth/index.js';
import type { Reader } from '../access-policy.js';
import type { FieldDef, Resource } from '../catalog-types.js';
import type { CatalogInternals } from '../catalog.service.js';
import type { ResourceFilter } from '../resources.repository.js';

/** The anonymous reader of the open-data portal. */
export const PUBLIC_READER: Reader = { kind: 'public' };

/** Search page size used to walk the whole open catalog (the search caps one page at 1,000). */
const WALK_PAGE = 1000;

/**
 * Every resource the public may see the metadata of (published, open type not 不予开放),
 * newest first. Open catalogs hold hundreds to a few thousand entries, so the CKAN facets and the
 * DCAT export work on the whole list in memory.
 */
export async function allOpenResources(c: CatalogInternals, filter: ResourceFilter = {}): Promise<Resource[]> {
  const out: Resource[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await c.service.searchResources(PUBLIC_READER, filter, WALK_PAGE, cursor);
    out.push(...page.items);
    if (!page.next) return out;
    cursor = page.next;
  }
}

/** The fields the public sees: everything but personal information. */
export function publicFields(r: Pick<Resource, 'fields'>): FieldDef[] {
  return r.fields.filter((f) => !f.personal);
}

/**
 * The reader of a public request: a consumer key granted on a conditional resource reads as
 * itself (its grant decides), everyone else as the anonymous public.
 */
export function readerOf(principal: Principal | null | undefined): Reader {
  return principal && principal.kind === 'apikey' ? { kind: 'staff', principal } : PUBLIC_READER;
}

/**
 * The CKAN `name` of a resource: its catalog code made URL-safe (`101001/00001` → `zc-101001-00001`).
 * Stable as long as the code is, and readable in a URL.
 */
export function slugOf(r: Pick<Resource, 'code'>): string {
  return `zc-${r.code.toLowerCase().replace(/[^a-z0-9_-]+/g, '-')}`;
}

/** The name of a field holding longitude and latitude, when the dataset has both (map preview). */
export function coordinateFields(fields: readonly FieldDef[]): { lon: string; lat: string } | null {
  const numeric = fields.filter((f) => f.type === 'number' || f.type === 'integer' || f.type === 'string');
  const find = (re: RegExp) => numeric.find((f) => re.test(f.name) || re.test(f.title))?.name;
  const lon = find(/^(lon|lng|longitude|x_?lon|经度)$/i);
  const lat = find(/^(lat|latitude|y_?lat|纬度)$/i);
  return lon && lat ? { lon, lat } : null;
}

/** The download formats the portal and the CKAN resources offer, with their media types. */
export const DOWNLOAD_FORMATS = {
  csv: { label: 'CSV', mediaType: 'text/csv', euFileType: 'CSV' },
  json: { label: 'JSON', mediaType: 'application/json', euFileType: 'JSON' },
  xlsx: { label: 'XLSX', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', euFileType: 'XLSX' },
} as const;
export type DownloadFormat = keyof typeof DOWNLOAD_FORMATS;

/** The portal's data and download URLs of a resource (relative to the site). */
export function portalUrls(id: string) {
  return {
    page: `/open-data/datasets/${id}`,
    data: `/api/v1/open-data/datasets/${id}/data`,
    download: (f: DownloadFormat) => `/api/v1/open-data/datasets/${id}/download.${f}`,
  };
}

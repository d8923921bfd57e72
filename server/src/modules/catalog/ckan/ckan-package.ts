/**
 * A catalog resource as a CKAN package dict. One catalog resource is one CKAN package (dataset);
 * its CKAN resources are the three downloads of the current version (CSV, JSON, XLSX), each
 * datastore-active so `datastore_search` reads it. Organizations are the provider departments,
 * groups are the themes, tags are the keywords.
 */
import type { Resource } from '../catalog-types.js';
import { DOWNLOAD_FORMATS, portalUrls, slugOf, type DownloadFormat } from '../portal/open-catalog.js';

/** License ids (CKAN's own ids): 无条件开放 is open use; 有条件开放 needs an agreement. */
export function licenseOf(r: Pick<Resource, 'openType'>): { id: string; title: string } {
  return r.openType === 'unconditional'
    ? { id: 'other-open', title: 'Other (Open) — 无条件开放，注明来源即可使用' }
    : { id: 'other-closed', title: 'Other (Not Open) — 有条件开放，申请并签署协议后使用' };
}

/** The CKAN resource id of one download of a catalog resource (`<id>-csv`). */
export function ckanResourceId(resourceId: string, f: DownloadFormat): string {
  return `${resourceId}-${f}`;
}

/** Splits a CKAN resource id into the catalog resource id and the download format (a bare id means CSV). */
export function parseCkanResourceId(id: string): { resourceId: string; format: DownloadFormat } {
  const m = /^(.+)-(csv|json|xlsx)$/.exec(id);
  return m ? { resourceId: m[1]!, format: m[2] as DownloadFormat } : { resourceId: id, format: 'csv' };
}

/** An organization dict for a department. */
export function organizationDict(code: string, title: string, packageCount?: number): Record<string, unknown> {
  return {
    id: code,
    name: code.toLowerCase(),
    title,
    display_name: title,
    type: 'organization',
    is_organization: true,
    state: 'active',
    approval_status: 'approved',
    description: '',
    image_url: '',
    ...(packageCount !== undefined ? { package_count: packageCount } : {}),
  };
}

/** A group dict for a theme. */
export function groupDict(theme: string, packageCount?: number): Record<string, unknown> {
  return {
    id: theme,
    name: theme,
    title: theme,
    display_name: theme,
    type: 'group',
    is_organization: false,
    state: 'active',
    approval_status: 'approved',
    description: '',
    image_url: '',
    ...(packageCount !== undefined ? { package_count: packageCount } : {}),
  };
}

/** When the package last changed: metadata or data, whichever is later. */
export function modifiedOf(r: Pick<Resource, 'updatedAt' | 'dataUpdatedAt'>): string {
  return r.dataUpdatedAt && r.dataUpdatedAt > r.updatedAt ? r.dataUpdatedAt : r.updatedAt;
}

/** CKAN timestamps are ISO without the zone (UTC). */
function ckanTime(iso: string | null): string | null {
  return iso ? iso.replace(/Z$/, '') : null;
}

/** The CKAN resource dicts of a catalog resource. */
export function resourceDicts(r: Resource, base: string): Array<Record<string, unknown>> {
  const urls = portalUrls(r.id);
  return (Object.keys(DOWNLOAD_FORMATS) as DownloadFormat[]).map((f, position) => ({
    id: ckanResourceId(r.id, f),
    package_id: r.id,
    name: `${r.name} (${DOWNLOAD_FORMATS[f].label})`,
    description: r.summary,
    format: DOWNLOAD_FORMATS[f].label,
    mimetype: DOWNLOAD_FORMATS[f].mediaType,
    url: base + urls.download(f),
    url_type: 'datastore',
    datastore_active: r.currentVersion !== null,
    position,
    state: 'active',
    created: ckanTime(r.createdAt),
    last_modified: ckanTime(r.dataUpdatedAt),
    metadata_modified: ckanTime(modifiedOf(r)),
  }));
}

/** The package dict of a catalog resource, in CKAN's shape. */
export function packageDict(r: Resource, base: string): Record<string, unknown> {
  const org = r.providerDepartmentName ?? r.providerDepartmentCode;
  const license = licenseOf(r);
  const resources = resourceDicts(r, base);
  return {
    id: r.id,
    name: slugOf(r),
    title: r.name,
    notes: r.summary,
    type: 'dataset',
    state: 'active',
    private: false,
    isopen: r.openType === 'unconditional',
    author: org,
    maintainer: org,
    license_id: license.id,
    license_title: license.title,
    url: base + portalUrls(r.id).page,
    version: r.currentVersion === null ? null : String(r.currentVersion),
    metadata_created: ckanTime(r.createdAt),
    metadata_modified: ckanTime(modifiedOf(r)),
    owner_org: r.providerDepartmentCode,
    organization: organizationDict(r.providerDepartmentCode, org),
    tags: r.keywords.map((k) => ({ name: k, display_name: k, state: 'active', vocabulary_id: null })),
    num_tags: r.keywords.length,
    groups: r.themes.map((t) => groupDict(t)),
    resources,
    num_resources: resources.length,
    extras: [
      { key: 'code', value: r.code },
      { key: 'class_code', value: r.classCode },
      { key: 'open_type', value: r.openType },
      { key: 'open_conditions', value: r.openConditions ?? '' },
      { key: 'grade', value: r.grade },
      { key: 'update_cycle', value: r.updateCycle },
      { key: 'publish_date', value: r.publishDate ?? '' },
      { key: 'row_count', value: String(r.rowCount) },
    ],
  };
}

/**
 * A device and its latest values as an NGSI-LD entity, normalized or simplified (keyValues):
 * measured properties as Property {value, observedAt, unitCode}, `location` as a GeoProperty
 * Point, `name`, `dateObserved` (the newest observation), and the thing model's static
 * attributes (a gauge's warning level) from the device's metadata.
 */
import type { DeviceTypeDef } from '../thing-model.js';
import { compactTerm, type RequestContext } from './json-ld-context.js';
import { entityId, type EntityRow, type LatestRow } from './entity-store.js';

/** How attributes are rendered. */
export type EntityFormat = 'normalized' | 'keyValues';

/** Rendering choices of one request. */
export interface RenderOptions {
  format: EntityFormat;
  /** Platform names of the attributes to include; null = all. */
  attrs: Set<string> | null;
  /** Include createdAt / modifiedAt. */
  sysAttrs: boolean;
  context: RequestContext;
}

/** An attribute value as stored, typed by its thing-model property. */
export function typedValue(v: LatestRow, type: DeviceTypeDef | undefined): number | string | boolean {
  if (v.text !== null) return v.text;
  const p = type?.properties.find((x) => x.name === v.property);
  if (p?.type === 'boolean') return v.num === 1;
  return v.num ?? 0;
}

/** One entity (without @context; the caller adds it for ld+json). */
export function renderEntity(
  row: EntityRow,
  latest: readonly LatestRow[],
  type: DeviceTypeDef | undefined,
  o: RenderOptions,
): Record<string, unknown> {
  const out: Record<string, unknown> = { id: entityId(row.type, row.id), type: compactTerm(o.context, row.type) };
  const want = (name: string) => o.attrs === null || o.attrs.has(name);
  const kv = o.format === 'keyValues';
  const put = (name: string, attr: Record<string, unknown>) => {
    if (!want(name)) return;
    if (o.sysAttrs && !kv) {
      attr.createdAt = new Date(row.createdAt).toISOString();
      attr.modifiedAt = new Date(row.updatedAt).toISOString();
    }
    out[compactTerm(o.context, name)] = kv ? attr.value : attr;
  };
  put('name', { type: 'Property', value: row.name });
  put('location', { type: 'GeoProperty', value: { type: 'Point', coordinates: [row.lon, row.lat] } });
  let newest = -Infinity;
  for (const v of latest) {
    newest = Math.max(newest, v.ts);
    const prop = type?.properties.find((p) => p.name === v.property);
    const attr: Record<string, unknown> = { type: 'Property', value: typedValue(v, type), observedAt: new Date(v.ts).toISOString() };
    if (prop?.unitCode) attr.unitCode = prop.unitCode;
    put(v.property, attr);
  }
  if (Number.isFinite(newest)) {
    const iso = new Date(newest).toISOString();
    put('dateObserved', { type: 'Property', value: kv ? iso : { '@type': 'DateTime', '@value': iso } });
  }
  for (const a of type?.attributes ?? []) {
    const v = row.metadata[a.name];
    if (v !== undefined && v !== null) put(a.name, { type: 'Property', value: v });
  }
  if (o.sysAttrs) {
    out.createdAt = new Date(row.createdAt).toISOString();
    out.modifiedAt = new Date(row.updatedAt).toISOString();
  }
  return out;
}

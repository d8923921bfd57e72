/**
 * Validation of an address import (CSV with a header row, or JSON: an array of objects, or
 * `{items: [...]}`). Columns: `fullAddress`, `lon`, `lat` (required); `id`, `kind`, `gridCode`,
 * `road`, `houseNumber`, `building`, `poiName` (optional). Missing codes come from the point's
 * grid; missing road / number / building come from parsing the address text.
 */
import { DomainError } from '../../kernel/errors.js';
import type { AddressDictionary } from './address-dictionary.js';
import { parseAddress } from './address-parser.js';
import type { RejectedRow } from './area-import.js';
import { parseCsv } from '../../kernel/csv.js';
import type { AddressInput, AddressKind, Location } from './geo-types.js';
import type { GridIndex } from './grid-index.js';

/** Most rows accepted in one import. */
export const MAX_IMPORT_ADDRESSES = 200_000;

const KINDS: readonly AddressKind[] = ['door', 'building', 'poi'];
const KNOWN_COLUMNS = new Set(['id', 'kind', 'fullAddress', 'lon', 'lat', 'gridCode', 'road', 'houseNumber', 'building', 'poiName']);

/** What validation needs from the module: the grid index, new ids, the parser's dictionary. */
export interface AddressImportContext {
  index: GridIndex;
  newId: () => string;
  dictionary?: AddressDictionary;
}

/** Turn a CSV text or JSON body into rows; a body of neither shape is a 400. */
export function addressRowsFromBody(body: unknown): Array<Record<string, unknown>> {
  if (typeof body === 'string') {
    const table = parseCsv(body);
    if (!table.header.includes('fullAddress') || !table.header.includes('lon') || !table.header.includes('lat')) {
      throw new DomainError('invalid', 'The CSV header must name the columns fullAddress, lon and lat', [
        { path: '/body', message: 'header must include fullAddress, lon, lat' },
      ]);
    }
    return table.rows;
  }
  const items = Array.isArray(body) ? body : (body as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) {
    throw new DomainError('invalid', 'Send CSV (text/csv) or JSON: an array of addresses or {"items": [...]}', [
      { path: '/body', message: 'must be an array or {items: [...]}' },
    ]);
  }
  return items as Array<Record<string, unknown>>;
}

function text(v: unknown): string {
  return v === undefined || v === null ? '' : String(v).trim();
}

function coordinate(v: unknown): number {
  if (typeof v === 'number') return v;
  const s = text(v);
  return s === '' ? NaN : Number(s);
}

/** Validate rows; returns the addresses ready to store and every rejected field. */
export function validateAddressImport(
  rows: Array<Record<string, unknown>>,
  ctx: AddressImportContext,
): { addresses: AddressInput[]; rejected: RejectedRow[] } {
  if (rows.length === 0)
    throw new DomainError('invalid', 'The import has no rows', [{ path: '/body', message: 'must contain at least one address' }]);
  if (rows.length > MAX_IMPORT_ADDRESSES) {
    throw new DomainError('invalid', `At most ${MAX_IMPORT_ADDRESSES} addresses per import`, [
      { path: '/body', message: `must have at most ${MAX_IMPORT_ADDRESSES} rows` },
    ]);
  }
  const rejected: RejectedRow[] = [];
  const addresses: AddressInput[] = [];
  const ids = new Set<string>();
  rows.forEach((raw, i) => {
    const row = i + 1;
    const before = rejected.length;
    const reject = (field: string, reason: string) => rejected.push({ row, field, reason });
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      reject('row', 'must be an object');
      return;
    }
    for (const key of Object.keys(raw)) if (!KNOWN_COLUMNS.has(key)) reject(key, 'is not a known column');
    const fullAddress = text(raw.fullAddress);
    if (!fullAddress) reject('fullAddress', 'must not be empty');
    else if (fullAddress.length > 200) reject('fullAddress', 'must be at most 200 characters');
    const lon = coordinate(raw.lon);
    const lat = coordinate(raw.lat);
    if (!Number.isFinite(lon) || lon < -180 || lon > 180) reject('lon', 'must be a number from -180 to 180');
    if (!Number.isFinite(lat) || lat < -90 || lat > 90) reject('lat', 'must be a number from -90 to 90');
    const id = text(raw.id) || ctx.newId();
    if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(id)) reject('id', 'must be 1-64 letters, digits or _ . : -');
    else if (ids.has(id)) reject('id', 'appears twice in the import');
    ids.add(id);
    const kindText = text(raw.kind);
    if (kindText && !KINDS.includes(kindText as AddressKind)) reject('kind', `must be one of ${KINDS.join(', ')}`);
    const gridCode = text(raw.gridCode);
    let location: Location | null = null;
    if (gridCode) {
      const grid = ctx.index.get(gridCode);
      if (!grid || grid.level !== 'grid') reject('gridCode', `no grid ${gridCode} exists`);
      else location = grid.location;
    } else if (Number.isFinite(lon) && Number.isFinite(lat)) {
      location = ctx.index.locate(lon, lat);
      if (!location) reject('lon', 'the point lies outside every area of the city');
    }
    for (const field of ['road', 'houseNumber', 'building', 'poiName'] as const) {
      if (text(raw[field]).length > 100) reject(field, 'must be at most 100 characters');
    }
    if (rejected.length !== before) return;
    const parsed = parseAddress(fullAddress, ctx.dictionary);
    const building = text(raw.building) || parsed.building || null;
    const poiName = text(raw.poiName) || null;
    const kind = (kindText as AddressKind) || (poiName ? 'poi' : building ? 'building' : 'door');
    addresses.push({
      id,
      kind,
      districtCode: location?.district?.code ?? null,
      streetCode: location?.street?.code ?? null,
      communityCode: location?.community?.code ?? null,
      gridCode: location?.grid?.code ?? null,
      road: text(raw.road) || parsed.road || null,
      houseNumber: text(raw.houseNumber).replace(/号$/, '') || parsed.number || null,
      building,
      poiName,
      fullAddress,
      lon,
      lat,
    });
  });
  return { addresses, rejected };
}

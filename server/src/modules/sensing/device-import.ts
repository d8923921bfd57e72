/**
 * Reading a device import: CSV text with a header row, a JSON array, or `{items: [...]}`. Each
 * row becomes a {@link DeviceInput}; anything that cannot even be read as one (a `lon` that is
 * not a number, metadata that is not JSON) is reported with its row and field right here, and
 * the rest is checked by `checkDeviceInput` like a single `POST`.
 */
import { DomainError } from '../../kernel/errors.js';
import { parseCsv } from '../../kernel/csv.js';
import type { DeviceInput, InputProblem } from './device-input.js';

/** Most devices in one import. */
export const MAX_IMPORT_ROWS = 20_000;

/** CSV columns (camelCase, as the JSON fields). */
export const IMPORT_COLUMNS = [
  'id',
  'type',
  'name',
  'lon',
  'lat',
  'reportingIntervalSeconds',
  'departmentCode',
  'installDate',
  'metadata',
] as const;

/** One row read from the body: the input, or the problems that stopped reading it. */
export interface ImportRow {
  /** 1-based data row. */
  row: number;
  input: DeviceInput | null;
  problems: InputProblem[];
}

/** Reads the rows of an import body (CSV text or JSON). */
export function importRowsFromBody(body: unknown): ImportRow[] {
  let records: unknown[];
  if (typeof body === 'string') {
    const { header, rows } = parseCsv(body);
    const missing = ['type', 'name', 'lon', 'lat'].filter((c) => !header.includes(c));
    if (missing.length > 0) {
      throw new DomainError('invalid', `The CSV lacks the column(s) ${missing.join(', ')}`, [
        { path: '/body', message: `needs a header row with ${missing.join(', ')} (optional: ${IMPORT_COLUMNS.join(', ')})` },
      ]);
    }
    records = rows;
  } else if (Array.isArray(body)) {
    records = body;
  } else if (body && typeof body === 'object' && Array.isArray((body as { items?: unknown }).items)) {
    records = (body as { items: unknown[] }).items;
  } else {
    throw new DomainError('invalid', 'Send CSV (text/csv) or JSON (an array of devices or {items: [...]})', [
      { path: '/body', message: 'must be CSV text, an array, or an object with items' },
    ]);
  }
  if (records.length === 0) throw new DomainError('invalid', 'The import has no rows', [{ path: '/body', message: 'has no rows' }]);
  if (records.length > MAX_IMPORT_ROWS) {
    throw new DomainError('invalid', `At most ${MAX_IMPORT_ROWS} devices per import`, [
      { path: '/body', message: `has ${records.length} rows; split it into files of at most ${MAX_IMPORT_ROWS}` },
    ]);
  }
  return records.map((r, i) => readRecord(r, i + 1, typeof body === 'string'));
}

function readRecord(record: unknown, row: number, fromCsv: boolean): ImportRow {
  if (!record || typeof record !== 'object' || Array.isArray(record)) {
    return { row, input: null, problems: [{ field: 'row', reason: 'must be an object' }] };
  }
  const r = record as Record<string, unknown>;
  const problems: InputProblem[] = [];
  const text = (k: string): string | undefined => {
    const v = r[k];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
    problems.push({ field: k, reason: 'must be text' });
    return undefined;
  };
  const number = (v: unknown, field: string): number | undefined => {
    if (v === undefined || v === null || v === '') return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    if (!Number.isFinite(n)) problems.push({ field, reason: `must be a number, got ${JSON.stringify(v)}` });
    return n;
  };
  const loc = (r.location && typeof r.location === 'object' ? r.location : r) as Record<string, unknown>;
  const lon = number(loc.lon, 'lon');
  const lat = number(loc.lat, 'lat');
  if (lon === undefined) problems.push({ field: 'lon', reason: 'is required' });
  if (lat === undefined) problems.push({ field: 'lat', reason: 'is required' });
  let metadata: Record<string, unknown> | undefined;
  if (fromCsv && typeof r.metadata === 'string' && r.metadata !== '') {
    try {
      metadata = JSON.parse(r.metadata) as Record<string, unknown>;
    } catch {
      problems.push({ field: 'metadata', reason: 'must be a JSON object, e.g. {"warningLevel": 3.5}' });
    }
  } else if (r.metadata !== undefined && r.metadata !== '') {
    metadata = r.metadata as Record<string, unknown>;
  }
  const input: DeviceInput = {
    id: text('id'),
    type: text('type') ?? '',
    name: text('name') ?? '',
    location: { lon: lon ?? NaN, lat: lat ?? NaN },
    reportingIntervalSeconds: number(r.reportingIntervalSeconds, 'reportingIntervalSeconds'),
    departmentCode: text('departmentCode') ?? null,
    installDate: text('installDate') ?? null,
    ...(metadata !== undefined ? { metadata } : {}),
  };
  return { row, input: problems.length ? null : input, problems };
}

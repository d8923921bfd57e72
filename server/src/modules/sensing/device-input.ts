/**
 * Turns what a caller sends for a device (one `POST`, one import row, one demo device) into a
 * row, collecting every problem with the field it concerns, so an API answer or an import report
 * names them all at once. Registry lookups (types, departments, the city's areas) come in as
 * small interfaces, which keeps this testable without a database.
 */
import type { DeviceRow } from './devices.repository.js';
import { offlineAfter } from './liveness.js';
import type { LonLat } from './sensing-types.js';
import type { DeviceTypeDef } from './thing-model.js';

/** Device ids are MQTT topic levels and NGSI-LD URN parts: no `/`, `+`, `#` or `:`. */
export const DEVICE_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';
const DEVICE_ID_RE = new RegExp(DEVICE_ID_PATTERN);
/** Shortest reporting interval accepted (10 s). */
export const MIN_INTERVAL_S = 10;
/** Longest reporting interval accepted (7 days). */
export const MAX_INTERVAL_S = 7 * 86_400;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** A device as a caller describes it. */
export interface DeviceInput {
  id?: string;
  type: string;
  name: string;
  location: LonLat;
  reportingIntervalSeconds?: number;
  departmentCode?: string | null;
  installDate?: string | null;
  metadata?: Record<string, unknown>;
}

/** One problem: the field (`location`, `metadata/warningLevel`) and why. */
export interface InputProblem {
  field: string;
  reason: string;
}

/** The codes of the areas a point lies in. */
export interface PlacedCodes {
  districtCode: string | null;
  streetCode: string | null;
  communityCode: string | null;
  gridCode: string | null;
}

/** What checking a device needs to look up. */
export interface DeviceInputContext {
  typeOf(code: string): DeviceTypeDef | undefined;
  departmentExists(code: string): boolean;
  /** The areas of a point, or null outside the city. */
  place(lon: number, lat: number): PlacedCodes | null;
  now: number;
}

/** Checks one device; returns the row to insert (without id/token when not given) or the problems. */
export function checkDeviceInput(
  input: DeviceInput,
  ctx: DeviceInputContext,
): { row: Omit<DeviceRow, 'id' | 'tokenHash'> & { id?: string }; problems: [] } | { row: null; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const bad = (field: string, reason: string) => problems.push({ field, reason });
  if (input.id !== undefined && !DEVICE_ID_RE.test(input.id)) {
    bad('id', 'must be 1–64 letters, digits, "_", "." or "-", starting with a letter or digit');
  }
  const type = typeof input.type === 'string' ? ctx.typeOf(input.type) : undefined;
  if (!type) bad('type', `is not a device type (${String(input.type)}); see GET /api/v1/sensing/device-types`);
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name.length === 0 || name.length > 100) bad('name', 'must be 1–100 characters');
  const { lon, lat } = input.location ?? ({} as Partial<LonLat>);
  let placed: PlacedCodes | null = null;
  if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 180) bad('location/lon', 'must be a longitude (-180…180)');
  else if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90) bad('location/lat', 'must be a latitude (-90…90)');
  else {
    placed = ctx.place(lon, lat);
    if (!placed) bad('location', `(${lon}, ${lat}) lies outside every grid of the city`);
  }
  const interval = input.reportingIntervalSeconds ?? type?.defaultReportingIntervalSeconds ?? 300;
  if (!Number.isInteger(interval) || interval < MIN_INTERVAL_S || interval > MAX_INTERVAL_S) {
    bad('reportingIntervalSeconds', `must be a whole number of seconds, ${MIN_INTERVAL_S}–${MAX_INTERVAL_S}`);
  }
  const departmentCode = input.departmentCode || null;
  if (departmentCode !== null && !ctx.departmentExists(departmentCode)) bad('departmentCode', `is not a department (${departmentCode})`);
  const installDate = input.installDate || null;
  if (installDate !== null && !isDate(installDate)) bad('installDate', 'must be a date YYYY-MM-DD');
  const metadata = input.metadata ?? {};
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) bad('metadata', 'must be an object');
  else if (type) problems.push(...checkAttributes(type, metadata));
  if (problems.length > 0 || !type || !placed) return { row: null, problems };
  return {
    row: {
      ...(input.id !== undefined ? { id: input.id } : {}),
      type: type.code,
      name,
      lon: lon!,
      lat: lat!,
      ...placed,
      departmentCode,
      intervalS: interval,
      enabled: true,
      installDate,
      metadata,
      // A new device has 3 intervals to report before it counts as offline.
      state: 'online',
      offlineAfter: offlineAfter(ctx.now, interval),
      offlineSince: null,
      lastSeenAt: null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    },
    problems: [],
  };
}

/** Metadata keys that name an attribute of the type must have its value type. Other keys are free. */
export function checkAttributes(type: DeviceTypeDef, metadata: Record<string, unknown>): InputProblem[] {
  const out: InputProblem[] = [];
  for (const a of type.attributes) {
    const v = metadata[a.name];
    if (v === undefined || v === null) continue;
    const ok = a.type === 'number' ? typeof v === 'number' && Number.isFinite(v) : typeof v === a.type;
    if (!ok) out.push({ field: `metadata/${a.name}`, reason: `${a.title} must be a ${a.type}` });
  }
  return out;
}

function isDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

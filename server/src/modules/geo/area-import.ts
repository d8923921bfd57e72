/**
 * Validation of an area import (a GeoJSON FeatureCollection whose features carry `code`, `name`,
 * `level`, `parentCode`). Every feature is checked and every problem reported with its row, so
 * an operator fixes the whole file in one round; the service writes nothing unless all pass.
 */
import type { Position } from 'geojson';
import { DomainError } from '../../kernel/errors.js';
import type { AreaGeometry, AreaInput, AreaLevel } from './geo-types.js';
import { AREA_LEVELS } from './geo-types.js';

/** One refused row of an import: 1-based row (feature or CSV data row), the field, why. */
export interface RejectedRow {
  row: number;
  field: string;
  reason: string;
}

/** Digits of a code per level (GB/T 2260 for city and district, GB/T 30428 below). */
export const CODE_LENGTH: Record<AreaLevel, number> = { city: 6, district: 6, street: 9, community: 12, grid: 15 };

/** The level above each level (null: none required). */
const PARENT_LEVEL: Record<AreaLevel, AreaLevel | null> = {
  city: null,
  district: 'city',
  street: 'district',
  community: 'street',
  grid: 'community',
};

/** Most areas accepted in one import (a large city has ~20,000 grids). */
export const MAX_IMPORT_AREAS = 50_000;

/** Validate a FeatureCollection; `known(code)` gives the level of an area already stored. */
export function validateAreaImport(
  body: unknown,
  known: (code: string) => AreaLevel | undefined,
): { areas: AreaInput[]; rejected: RejectedRow[] } {
  const fc = body as { type?: unknown; features?: unknown } | null;
  if (!fc || typeof fc !== 'object' || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new DomainError('invalid', 'The body must be a GeoJSON FeatureCollection', [
      { path: '/body/type', message: 'must be "FeatureCollection" with a features array' },
    ]);
  }
  const features = fc.features as unknown[];
  if (features.length === 0)
    throw new DomainError('invalid', 'The FeatureCollection has no features', [{ path: '/body/features', message: 'must not be empty' }]);
  if (features.length > MAX_IMPORT_AREAS) {
    throw new DomainError('invalid', `At most ${MAX_IMPORT_AREAS} features per import`, [
      { path: '/body/features', message: `must have at most ${MAX_IMPORT_AREAS} items` },
    ]);
  }
  const rejected: RejectedRow[] = [];
  const areas: AreaInput[] = [];
  const inFile = new Map<string, AreaLevel>();
  // First pass: the levels of the codes in the file, so parents may come later in the file.
  for (const f of features) {
    const p = (f as { properties?: Record<string, unknown> })?.properties;
    const code = p?.code === undefined || p?.code === null ? '' : String(p.code);
    if (code && AREA_LEVELS.includes(p?.level as AreaLevel) && !inFile.has(code)) inFile.set(code, p!.level as AreaLevel);
  }
  const seen = new Set<string>();
  features.forEach((f, i) => {
    const row = i + 1;
    const reject = (field: string, reason: string) => rejected.push({ row, field, reason });
    const before = rejected.length;
    const feature = f as { type?: unknown; properties?: Record<string, unknown> | null; geometry?: unknown } | null;
    if (!feature || typeof feature !== 'object' || feature.type !== 'Feature') {
      reject('type', 'must be a GeoJSON Feature');
      return;
    }
    const p = feature.properties ?? {};
    const code = p.code === undefined || p.code === null ? '' : String(p.code).trim();
    const name = typeof p.name === 'string' ? p.name.trim() : '';
    const level = p.level as AreaLevel;
    const parentCode = p.parentCode === undefined || p.parentCode === null || p.parentCode === '' ? null : String(p.parentCode).trim();
    const rejectedBeforeCode = rejected.length;
    if (!AREA_LEVELS.includes(level)) reject('level', `must be one of ${AREA_LEVELS.join(', ')}`);
    if (!/^\d+$/.test(code)) reject('code', 'must be a string of digits');
    else if (AREA_LEVELS.includes(level) && code.length !== CODE_LENGTH[level])
      reject('code', `a ${level} code has ${CODE_LENGTH[level]} digits`);
    else if (seen.has(code)) reject('code', 'appears twice in the file');
    if (code) seen.add(code);
    const codeOk = !rejected.slice(rejectedBeforeCode).some((r) => r.field === 'code');
    if (!name) reject('name', 'must not be empty');
    else if (name.length > 100) reject('name', 'must be at most 100 characters');
    if (AREA_LEVELS.includes(level)) {
      const want = PARENT_LEVEL[level];
      if (parentCode === null) {
        if (level === 'street' || level === 'community' || level === 'grid')
          reject('parentCode', `a ${level} needs the code of its ${want}`);
      } else {
        const parentLevel = inFile.get(parentCode) ?? known(parentCode);
        if (!parentLevel) reject('parentCode', `no area ${parentCode} exists (in the database or this file)`);
        else if (want && parentLevel !== want)
          reject('parentCode', `the parent of a ${level} must be a ${want}, ${parentCode} is a ${parentLevel}`);
        else if (codeOk && level !== 'district' && level !== 'city' && !code.startsWith(parentCode))
          reject('code', `must start with its parent's code ${parentCode}`);
      }
    }
    const geometryError = checkGeometry(feature.geometry);
    if (geometryError) reject('geometry', geometryError);
    if (rejected.length === before) areas.push({ code, name, level, parentCode, geometry: feature.geometry as AreaGeometry });
  });
  return { areas, rejected };
}

/** Why a geometry is not a usable area, or null when it is. */
export function checkGeometry(g: unknown): string | null {
  const geometry = g as { type?: unknown; coordinates?: unknown } | null;
  if (!geometry || typeof geometry !== 'object') return 'is missing';
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') return 'must be a Polygon or MultiPolygon';
  if (!Array.isArray(geometry.coordinates) || geometry.coordinates.length === 0) return 'has no coordinates';
  const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as unknown[];
  for (const [pi, polygon] of polygons.entries()) {
    if (!Array.isArray(polygon) || polygon.length === 0) return `polygon ${pi + 1} has no rings`;
    for (const [ri, ring] of (polygon as unknown[]).entries()) {
      const where = `ring ${ri + 1} of polygon ${pi + 1}`;
      if (!Array.isArray(ring) || ring.length < 4) return `${where} needs at least 4 positions`;
      for (const pos of ring as unknown[]) {
        if (!Array.isArray(pos) || pos.length < 2 || !pos.slice(0, 2).every((v) => typeof v === 'number' && Number.isFinite(v))) {
          return `${where} has a position that is not [lon, lat]`;
        }
        const [lon, lat] = pos as Position;
        if (lon! < -180 || lon! > 180 || lat! < -90 || lat! > 90)
          return `${where} has a position out of range (lon −180..180, lat −90..90)`;
      }
      const first = (ring as Position[])[0]!;
      const last = (ring as Position[])[ring.length - 1]!;
      if (first[0] !== last[0] || first[1] !== last[1]) return `${where} is not closed (first and last positions differ)`;
    }
  }
  return null;
}

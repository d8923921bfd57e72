/**
 * The geo service: the area hierarchy and its spatial index, roads, the address gazetteer with
 * geocoding and reverse geocoding, bulk loading and imports. Reads that must be fast (locate,
 * geocode, reverse) answer from an in-memory snapshot; lists and details read the tables.
 * Every write runs in one transaction with its audit record and event, then the snapshot is
 * rebuilt; other nodes notice the new version within seconds and rebuild theirs.
 */
import type { LineString } from 'geojson';
import type { AuditLog } from '../../kernel/audit/audit-log.js';
import type { Database } from '../../kernel/db/database.js';
import { DomainError } from '../../kernel/errors.js';
import type { EventBus } from '../../kernel/events/event-bus.js';
import { newId } from '../../kernel/ids.js';
import type { Settings } from '../../kernel/settings.js';
import { addressRowsFromBody, validateAddressImport } from './address-import.js';
import { parsedParts } from './address-parser.js';
import { validateAreaImport } from './area-import.js';
import { decodeCursor, encodeCursor } from '../../kernel/http/list-cursor.js';
import { GEO_EVENTS, type AddressesChangedV1, type AreasChangedV1 } from './events.js';
import { buildSnapshot, type GeoSnapshot } from './geo-snapshot.js';
import type {
  AddressListItem,
  AreaDetail,
  AreaProperties,
  CityData,
  GeocodeAnswer,
  GeoSummary,
  ImportResult,
  ReverseAnswer,
  RoadProperties,
  TypedFeatureCollection,
} from './geo-service-types.js';
import type { AreaGeometry, AreaInput, AreaLevel, AreaRef, BBox, Location } from './geo-types.js';
import { AREA_LEVELS } from './geo-types.js';
import { GeoRepository } from './geo.repository.js';

/** Reverse geocoding looks this far for a door plate (metres). */
export const REVERSE_RADIUS_M = 500;
/** How often a node checks whether another node changed the geo data. */
const SYNC_INTERVAL_MS = 10_000;
const VERSION_KEY = 'geo.version';

export interface GeoServiceDeps {
  db: Database;
  audit: AuditLog;
  events: EventBus;
  settings: Settings;
  now: () => number;
  logger?: { warn(obj: unknown, msg?: string): void };
}

/** The geo module's public service. */
export class GeoService {
  private readonly repo: GeoRepository;
  private snapshot: GeoSnapshot = buildSnapshot([], [], []);
  private version: string | undefined;
  private syncTimer: NodeJS.Timeout | null = null;
  private rebuilding: Promise<void> = Promise.resolve();

  constructor(private readonly deps: GeoServiceDeps) {
    this.repo = new GeoRepository(deps.db);
  }

  /** Build the in-memory indexes and start watching for changes made by other nodes. */
  async start(): Promise<void> {
    await this.rebuild();
    this.syncTimer = setInterval(() => void this.syncIfChanged(), SYNC_INTERVAL_MS);
    this.syncTimer.unref();
  }

  /** Stop watching. */
  async stop(): Promise<void> {
    if (this.syncTimer) clearInterval(this.syncTimer);
    this.syncTimer = null;
  }

  /**
   * Re-read the tables and swap in fresh indexes. Rebuilds run one after another, so a slow
   * rebuild that started before a change can never replace the snapshot built after it.
   */
  rebuild(): Promise<void> {
    const run = this.rebuilding.then(async () => {
      const version = await this.deps.settings.get<string>(VERSION_KEY);
      const [areas, roads, addresses] = await Promise.all([this.repo.allAreas(), this.repo.roads(), this.repo.allAddresses()]);
      this.snapshot = buildSnapshot(areas, roads, addresses, this.deps.now());
      this.version = version;
    });
    this.rebuilding = run.catch(() => {});
    return run;
  }

  /**
   * Rebuild when another node changed the geo data since this node's last build (it compares
   * the version stamp every change writes). Runs every few seconds; returns whether it rebuilt.
   */
  async refreshIfChanged(): Promise<boolean> {
    const v = await this.deps.settings.get<string>(VERSION_KEY);
    if (v === this.version) return false;
    await this.rebuild();
    return true;
  }

  private async syncIfChanged(): Promise<void> {
    try {
      await this.refreshIfChanged();
    } catch (e) {
      this.deps.logger?.warn({ err: e }, 'geo index sync failed; retrying');
    }
  }

  /** Counts and extent. */
  async summary(): Promise<GeoSummary> {
    const { index } = this.snapshot;
    const counts = await this.repo.counts();
    const city = index.areasOf('city')[0];
    return {
      city: city ? { code: city.code, name: city.name } : null,
      counts: {
        district: index.count('district'),
        street: index.count('street'),
        community: index.count('community'),
        grid: index.count('grid'),
        address: counts.addresses,
        road: counts.roads,
      },
      bbox: index.extent(),
    };
  }

  /**
   * Where a point falls (grid and ancestors), from memory; null outside the city. Synchronous
   * and allocation-free: other modules may call it per reading.
   */
  locate(lon: number, lat: number): Location | null {
    return this.snapshot.index.locate(lon, lat);
  }

  /** Like {@link locate} but throws `not_found` outside the city. */
  locateOrThrow(lon: number, lat: number): Location {
    const loc = this.locate(lon, lat);
    if (!loc) throw new DomainError('not_found', `The point (${lon}, ${lat}) lies outside every area of the city`);
    return loc;
  }

  /** Code of the grid containing a point, or null. */
  gridAt(lon: number, lat: number): string | null {
    return this.snapshot.index.gridAt(lon, lat);
  }

  /** The name and level of an area by code, from memory. */
  areaRef(code: string): (AreaRef & { level: AreaLevel; parentCode: string | null }) | null {
    const a = this.snapshot.index.get(code);
    return a ? { code: a.code, name: a.name, level: a.level, parentCode: a.parentCode } : null;
  }

  /** Areas as a GeoJSON FeatureCollection. */
  async areas(filter: {
    level?: AreaLevel;
    parentCode?: string;
    bbox?: BBox;
  }): Promise<TypedFeatureCollection<AreaProperties, AreaGeometry>> {
    const rows = await this.repo.areas(filter);
    return {
      type: 'FeatureCollection',
      features: rows.map((r) => ({
        type: 'Feature' as const,
        id: r.code,
        bbox: r.bbox,
        properties: { code: r.code, name: r.name, level: r.level, parentCode: r.parentCode },
        geometry: r.geometry,
      })),
    };
  }

  /** One area with its path and child count. */
  async area(code: string): Promise<AreaDetail> {
    const r = await this.repo.area(code);
    if (!r) throw new DomainError('not_found', `No area with code ${code}`);
    const { index } = this.snapshot;
    return {
      code: r.code,
      name: r.name,
      level: r.level,
      parentCode: r.parentCode,
      path: index.get(r.code) ? index.path(r.code) : [{ code: r.code, name: r.name, level: r.level }],
      childCount: index.childCount(r.code),
      areaSqm: Math.round(r.areaSqm * 10) / 10,
      bbox: r.bbox,
      center: r.center,
      geometry: r.geometry,
    };
  }

  /** Roads as a GeoJSON FeatureCollection of LineStrings. */
  async roads(bbox?: BBox): Promise<TypedFeatureCollection<RoadProperties, LineString>> {
    const rows = await this.repo.roads(bbox);
    return {
      type: 'FeatureCollection',
      features: rows.map((r) => ({
        type: 'Feature' as const,
        id: r.id,
        properties: { id: r.id, name: r.name, kind: r.kind },
        geometry: r.geometry,
      })),
    };
  }

  /** Ranked candidates for an address text. */
  geocode(query: string, limit = 5): GeocodeAnswer {
    const q = query.trim();
    const result = this.snapshot.geocoder.geocode(q, limit);
    if (result.parsed.normalized.length === 0) {
      throw new DomainError('invalid', 'The address contains no letters or digits', [
        { path: '/query/q', message: 'must contain an address' },
      ]);
    }
    return {
      query: q,
      parsed: parsedParts(result.parsed) as Record<string, string>,
      candidates: result.candidates.map((c) => ({
        address: c.address,
        lon: c.lon,
        lat: c.lat,
        score: Math.round(c.score * 1000) / 1000,
        kind: c.kind,
        addressId: c.addressId,
        name: c.name,
        ...c.location,
      })),
    };
  }

  /** The nearest address within 500 m; the area's own name when none is that close. */
  reverse(lon: number, lat: number): ReverseAnswer {
    const location = this.locateOrThrow(lon, lat);
    const hit = this.snapshot.points.nearest(lon, lat, REVERSE_RADIUS_M);
    if (hit) {
      const a = hit.item;
      return {
        address: a.fullAddress,
        lon: a.lon,
        lat: a.lat,
        distanceMeters: Math.round(hit.distanceMeters * 10) / 10,
        kind: a.kind,
        addressId: a.id,
        ...location,
      };
    }
    const city = this.snapshot.index.areasOf('city')[0]?.name ?? '';
    const name = [city, location.district?.name, location.street?.name, location.community?.name].filter(Boolean).join('');
    return { address: name, lon, lat, distanceMeters: 0, kind: 'area', addressId: null, ...location };
  }

  /** A page of the gazetteer. */
  async addresses(query: {
    q?: string;
    gridCode?: string;
    limit: number;
    cursor?: string;
  }): Promise<{ items: AddressListItem[]; next: string | null; total: number }> {
    const afterId = decodeCursor(query.cursor);
    const { rows, total } = await this.repo.addresses({
      q: query.q?.trim() || undefined,
      gridCode: query.gridCode,
      limit: query.limit,
      afterId,
    });
    const items = rows.map((r) => ({ id: r.id, fullAddress: r.fullAddress, kind: r.kind, lon: r.lon, lat: r.lat, gridCode: r.gridCode }));
    const next = rows.length === query.limit ? encodeCursor(rows[rows.length - 1]!.id) : null;
    return { items, next, total };
  }

  /** Replace the whole city (areas, roads, addresses) in one transaction: the demo seeder's loader. */
  async replaceAll(data: CityData, actor = 'system'): Promise<void> {
    const at = new Date(this.deps.now());
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      await this.repo.clear(trx);
      await this.repo.upsertAreas(trx, data.areas, at);
      await this.repo.insertRoads(trx, data.roads, at);
      await this.repo.upsertAddresses(trx, data.addresses, at);
      await this.deps.audit.record(trx, {
        actor,
        action: 'geo.city.replaced',
        target: 'geo:city',
        detail: { areas: data.areas.length, roads: data.roads.length, addresses: data.addresses.length },
      });
      await this.deps.events.publish(trx, GEO_EVENTS.areasChanged, {
        reason: 'replace',
        count: data.areas.length,
        levels: levelsOf(data.areas),
      } satisfies AreasChangedV1);
      await this.deps.events.publish(trx, GEO_EVENTS.addressesChanged, {
        reason: 'replace',
        count: data.addresses.length,
      } satisfies AddressesChangedV1);
    });
    await this.changed();
  }

  /** The demo seeder's entry point (same as {@link replaceAll}). */
  async loadDemo(data: CityData): Promise<void> {
    await this.replaceAll(data, 'system');
  }

  /** Import areas from a GeoJSON FeatureCollection: all rows valid, or nothing written. */
  async importAreas(body: unknown, actor: string): Promise<ImportResult> {
    const { index } = this.snapshot;
    const { areas, rejected } = validateAreaImport(body, (code) => index.get(code)?.level);
    if (rejected.length > 0) return { imported: 0, rejected };
    const at = new Date(this.deps.now());
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      await this.repo.upsertAreas(trx, areas, at);
      await this.deps.audit.record(trx, {
        actor,
        action: 'geo.areas.imported',
        target: 'geo:areas',
        detail: { count: areas.length, levels: levelsOf(areas) },
      });
      await this.deps.events.publish(trx, GEO_EVENTS.areasChanged, {
        reason: 'import',
        count: areas.length,
        levels: levelsOf(areas),
      } satisfies AreasChangedV1);
    });
    await this.changed();
    return { imported: areas.length, rejected: [] };
  }

  /** Import addresses from CSV text or JSON rows: all rows valid, or nothing written. */
  async importAddresses(body: unknown, actor: string): Promise<ImportResult> {
    const rows = addressRowsFromBody(body);
    const { addresses, rejected } = validateAddressImport(rows, {
      index: this.snapshot.index,
      newId: () => newId(this.deps.now()),
      dictionary: this.snapshot.geocoder.dictionary,
    });
    if (rejected.length > 0) return { imported: 0, rejected };
    const at = new Date(this.deps.now());
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      await this.repo.upsertAddresses(trx, addresses, at);
      await this.deps.audit.record(trx, {
        actor,
        action: 'geo.addresses.imported',
        target: 'geo:addresses',
        detail: { count: addresses.length },
      });
      await this.deps.events.publish(trx, GEO_EVENTS.addressesChanged, {
        reason: 'import',
        count: addresses.length,
      } satisfies AddressesChangedV1);
    });
    await this.changed();
    return { imported: addresses.length, rejected: [] };
  }

  /** After a committed change: new version for other nodes, fresh indexes here. */
  private async changed(): Promise<void> {
    await this.deps.settings.set(VERSION_KEY, newId(this.deps.now()));
    await this.rebuild();
  }
}

function levelsOf(areas: readonly AreaInput[]): string[] {
  const present = new Set(areas.map((a) => a.level));
  return AREA_LEVELS.filter((l) => present.has(l));
}

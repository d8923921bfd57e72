/**
 * The geo module's SQL: areas, roads and addresses, on both dialects through one Kysely code
 * path. Geometry travels as GeoJSON text; spatial filters use the bbox columns (the PostGIS
 * `geom` column is maintained by a trigger for outside tools and never read here).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.js';
import type { AddressInput, AddressKind, AreaGeometry, AreaInput, AreaLevel, BBox, RoadInput } from './geo-types.js';
import { geometryAreaSqm, geometryBBox, pointOnSurface } from './geometry.js';

/** An area row as stored. */
export interface AreaRow extends AreaInput {
  bbox: BBox;
  center: [number, number];
  areaSqm: number;
}

/** An address row as stored. */
export interface AddressRow extends AddressInput {
  updatedAt: Date;
}

/** Filter of the addresses list. */
export interface AddressQuery {
  q?: string;
  gridCode?: string;
  limit: number;
  /** Return ids strictly after this one. */
  afterId?: string;
}

/** Rows per INSERT: stays under SQLite's and PostgreSQL's bound-parameter limits. */
const BATCH = 400;

type Executor = Kysely<any>;

/** Queries of the geo tables. */
export class GeoRepository {
  constructor(private readonly db: Database) {}

  /** Every area with its geometry (index rebuilds). */
  async allAreas(): Promise<AreaInput[]> {
    const rows = await this.db.kysely
      .selectFrom('geo_areas')
      .select(['code', 'name', 'level', 'parent_code', 'geometry'])
      .orderBy('code')
      .execute();
    return rows.map((r) => ({
      code: r.code as string,
      name: r.name as string,
      level: r.level as AreaLevel,
      parentCode: (r.parent_code as string | null) ?? null,
      geometry: this.db.sql.readJson<AreaGeometry>(r.geometry),
    }));
  }

  /** Areas of one level, optionally under a parent and / or touching a box, by code. */
  async areas(filter: { level?: AreaLevel; parentCode?: string; bbox?: BBox; codes?: string[] }): Promise<AreaRow[]> {
    let q = this.db.kysely.selectFrom('geo_areas').selectAll();
    if (filter.level) q = q.where('level', '=', filter.level);
    if (filter.parentCode) q = q.where('parent_code', '=', filter.parentCode);
    if (filter.codes) q = q.where('code', 'in', filter.codes.length ? filter.codes : ['']);
    if (filter.bbox) {
      const [minLon, minLat, maxLon, maxLat] = filter.bbox;
      q = q.where('min_lon', '<=', maxLon).where('max_lon', '>=', minLon).where('min_lat', '<=', maxLat).where('max_lat', '>=', minLat);
    }
    const rows = await q.orderBy('code').execute();
    return rows.map((r) => this.areaRow(r));
  }

  /** One area, or undefined. */
  async area(code: string): Promise<AreaRow | undefined> {
    const r = await this.db.kysely.selectFrom('geo_areas').selectAll().where('code', '=', code).executeTakeFirst();
    return r ? this.areaRow(r) : undefined;
  }

  /** Roads touching a box (all when none). */
  async roads(bbox?: BBox): Promise<RoadInput[]> {
    let q = this.db.kysely.selectFrom('geo_roads').select(['id', 'name', 'kind', 'geometry']);
    if (bbox) {
      const [minLon, minLat, maxLon, maxLat] = bbox;
      q = q.where('min_lon', '<=', maxLon).where('max_lon', '>=', minLon).where('min_lat', '<=', maxLat).where('max_lat', '>=', minLat);
    }
    const rows = await q.orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, geometry: this.db.sql.readJson(r.geometry) }));
  }

  /** Every address (gazetteer rebuilds). */
  async allAddresses(): Promise<AddressInput[]> {
    const rows = await this.db.kysely.selectFrom('geo_addresses').selectAll().orderBy('id').execute();
    return rows.map((r) => this.addressRow(r));
  }

  /** A page of addresses by id, with the total of the filter. */
  async addresses(query: AddressQuery): Promise<{ rows: AddressRow[]; total: number }> {
    let base = this.db.kysely.selectFrom('geo_addresses');
    if (query.gridCode) base = base.where('grid_code', '=', query.gridCode);
    if (query.q) base = base.where(this.db.sql.contains('full_address', query.q));
    const countRow = await base.select((eb) => eb.fn.countAll().as('count')).executeTakeFirst();
    let page = base.selectAll();
    if (query.afterId) page = page.where('id', '>', query.afterId);
    const rows = await page.orderBy('id').limit(query.limit).execute();
    return { rows: rows.map((r) => this.addressRow(r)), total: Number(countRow?.count ?? 0) };
  }

  /** Counts per table (summary). */
  async counts(): Promise<{ addresses: number; roads: number }> {
    const a = await this.db.kysely
      .selectFrom('geo_addresses')
      .select((eb) => eb.fn.countAll().as('count'))
      .executeTakeFirst();
    const r = await this.db.kysely
      .selectFrom('geo_roads')
      .select((eb) => eb.fn.countAll().as('count'))
      .executeTakeFirst();
    return { addresses: Number(a?.count ?? 0), roads: Number(r?.count ?? 0) };
  }

  /** Deletes every area, road and address (inside the caller's transaction). */
  async clear(trx: Executor): Promise<void> {
    await trx.deleteFrom('geo_addresses').execute();
    await trx.deleteFrom('geo_roads').execute();
    await trx.deleteFrom('geo_areas').execute();
  }

  /** Inserts or replaces areas by code, in batches. */
  async upsertAreas(trx: Executor, areas: readonly AreaInput[], at: Date): Promise<void> {
    for (let i = 0; i < areas.length; i += BATCH) {
      const values = areas.slice(i, i + BATCH).map((a) => {
        const [minLon, minLat, maxLon, maxLat] = geometryBBox(a.geometry);
        const [cLon, cLat] = pointOnSurface(a.geometry);
        return {
          code: a.code,
          name: a.name,
          level: a.level,
          parent_code: a.parentCode,
          geometry: JSON.stringify(a.geometry),
          center_lon: cLon,
          center_lat: cLat,
          area_sqm: geometryAreaSqm(a.geometry),
          updated_at: at,
          min_lon: minLon,
          min_lat: minLat,
          max_lon: maxLon,
          max_lat: maxLat,
        };
      });
      await trx
        .insertInto('geo_areas')
        .values(values)
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            level: eb.ref('excluded.level'),
            parent_code: eb.ref('excluded.parent_code'),
            geometry: eb.ref('excluded.geometry'),
            center_lon: eb.ref('excluded.center_lon'),
            center_lat: eb.ref('excluded.center_lat'),
            area_sqm: eb.ref('excluded.area_sqm'),
            updated_at: eb.ref('excluded.updated_at'),
            min_lon: eb.ref('excluded.min_lon'),
            min_lat: eb.ref('excluded.min_lat'),
            max_lon: eb.ref('excluded.max_lon'),
            max_lat: eb.ref('excluded.max_lat'),
          })),
        )
        .execute();
    }
  }

  /** Inserts roads in batches (after a clear). */
  async insertRoads(trx: Executor, roads: readonly RoadInput[], at: Date): Promise<void> {
    for (let i = 0; i < roads.length; i += BATCH) {
      const values = roads.slice(i, i + BATCH).map((r) => {
        let minLon = Infinity;
        let minLat = Infinity;
        let maxLon = -Infinity;
        let maxLat = -Infinity;
        for (const [x, y] of r.geometry.coordinates as [number, number][]) {
          minLon = Math.min(minLon, x);
          minLat = Math.min(minLat, y);
          maxLon = Math.max(maxLon, x);
          maxLat = Math.max(maxLat, y);
        }
        return {
          id: r.id,
          name: r.name,
          kind: r.kind,
          geometry: JSON.stringify(r.geometry),
          updated_at: at,
          min_lon: minLon,
          min_lat: minLat,
          max_lon: maxLon,
          max_lat: maxLat,
        };
      });
      await trx.insertInto('geo_roads').values(values).execute();
    }
  }

  /** Inserts or replaces addresses by id, in batches. */
  async upsertAddresses(trx: Executor, addresses: readonly AddressInput[], at: Date): Promise<void> {
    for (let i = 0; i < addresses.length; i += BATCH) {
      const values = addresses.slice(i, i + BATCH).map((a) => ({
        id: a.id,
        kind: a.kind,
        district_code: a.districtCode,
        street_code: a.streetCode,
        community_code: a.communityCode,
        grid_code: a.gridCode,
        road: a.road,
        house_number: a.houseNumber,
        building: a.building ?? null,
        poi_name: a.poiName ?? null,
        full_address: a.fullAddress,
        lon: a.lon,
        lat: a.lat,
        updated_at: at,
      }));
      await trx
        .insertInto('geo_addresses')
        .values(values)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => {
            const set: Record<string, unknown> = {};
            for (const col of Object.keys(values[0]!)) if (col !== 'id') set[col] = eb.ref(`excluded.${col}`);
            return set;
          }),
        )
        .execute();
    }
  }

  private areaRow(r: Record<string, any>): AreaRow {
    return {
      code: r.code,
      name: r.name,
      level: r.level,
      parentCode: r.parent_code ?? null,
      geometry: this.db.sql.readJson<AreaGeometry>(r.geometry),
      bbox: [Number(r.min_lon), Number(r.min_lat), Number(r.max_lon), Number(r.max_lat)],
      center: [Number(r.center_lon), Number(r.center_lat)],
      areaSqm: Number(r.area_sqm),
    };
  }

  private addressRow(r: Record<string, any>): AddressRow {
    return {
      id: r.id,
      kind: r.kind as AddressKind,
      districtCode: r.district_code ?? null,
      streetCode: r.street_code ?? null,
      communityCode: r.community_code ?? null,
      gridCode: r.grid_code ?? null,
      road: r.road ?? null,
      houseNumber: r.house_number ?? null,
      building: r.building ?? null,
      poiName: r.poi_name ?? null,
      fullAddress: r.full_address,
      lon: Number(r.lon),
      lat: Number(r.lat),
      updatedAt: this.db.sql.readTime(r.updated_at),
    };
  }
}

import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { Migration, MigrationDialect } from '../../../kernel/db/migration.js';

/**
 * Adds a PostGIS `geom` column kept equal to the GeoJSON text by a trigger, plus its GIST index,
 * so GIS tools (QGIS, GeoServer) read the same rows the platform writes. The platform itself
 * never reads `geom`: both dialects run the same queries on the text and bbox columns.
 */
async function addPostgisGeometry(db: Kysely<any>, table: 'areas' | 'roads' | 'addresses', expression: string): Promise<void> {
  const t = `geo.${table}`;
  await sql.raw(`alter table ${t} add column geom geometry(Geometry, 4326)`).execute(db);
  await sql
    .raw(
      `create or replace function geo.${table}_sync_geom() returns trigger language plpgsql as $$
       begin new.geom := ${expression}; return new; end $$`,
    )
    .execute(db);
  await sql
    .raw(`create trigger ${table}_sync_geom before insert or update on ${t} for each row execute function geo.${table}_sync_geom()`)
    .execute(db);
  await sql.raw(`create index ${table}_geom_gist on ${t} using gist (geom)`).execute(db);
}

/** Bounding-box columns: the portable spatial filter both dialects index the same way. */
function withBBox<T extends CreateTableBuilder<any, any>>(t: T, d: MigrationDialect): T {
  return t
    .addColumn('min_lon', d.double, (c) => c.notNull())
    .addColumn('min_lat', d.double, (c) => c.notNull())
    .addColumn('max_lon', d.double, (c) => c.notNull())
    .addColumn('max_lat', d.double, (c) => c.notNull()) as T;
}

/** The geo module's tables: areas (district → grid), roads, and the address gazetteer. */
export const migrations: Record<string, Migration> = {
  '20261122_0200_geo_areas': {
    async up(db, d) {
      await withBBox(db.schema.createTable('geo_areas'), d)
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('parent_code', 'text')
        // GeoJSON Polygon / MultiPolygon, WGS84.
        .addColumn('geometry', 'text', (c) => c.notNull())
        // A point inside the area (point on surface), for labels and area-only geocoding.
        .addColumn('center_lon', d.double, (c) => c.notNull())
        .addColumn('center_lat', d.double, (c) => c.notNull())
        .addColumn('area_sqm', d.double, (c) => c.notNull())
        .addColumn('updated_at', d.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('geo_areas_level_idx').on('geo_areas').columns(['level', 'code']).execute();
      await db.schema.createIndex('geo_areas_parent_idx').on('geo_areas').columns(['parent_code', 'code']).execute();
      await db.schema
        .createIndex('geo_areas_bbox_idx')
        .on('geo_areas')
        .columns(['level', 'min_lon', 'max_lon', 'min_lat', 'max_lat'])
        .execute();
      if (d.postgis) await addPostgisGeometry(db, 'areas', 'ST_SetSRID(ST_GeomFromGeoJSON(new.geometry), 4326)');
    },
  },
  '20261122_0201_geo_roads': {
    async up(db, d) {
      await withBBox(db.schema.createTable('geo_roads'), d)
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        // GeoJSON LineString, WGS84.
        .addColumn('geometry', 'text', (c) => c.notNull())
        .addColumn('updated_at', d.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('geo_roads_name_idx').on('geo_roads').column('name').execute();
      await db.schema.createIndex('geo_roads_bbox_idx').on('geo_roads').columns(['min_lon', 'max_lon', 'min_lat', 'max_lat']).execute();
      if (d.postgis) await addPostgisGeometry(db, 'roads', 'ST_SetSRID(ST_GeomFromGeoJSON(new.geometry), 4326)');
    },
  },
  '20261122_0202_geo_addresses': {
    async up(db, d) {
      await db.schema
        .createTable('geo_addresses')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('district_code', 'text')
        .addColumn('street_code', 'text')
        .addColumn('community_code', 'text')
        .addColumn('grid_code', 'text')
        .addColumn('road', 'text')
        .addColumn('house_number', 'text')
        .addColumn('building', 'text')
        .addColumn('poi_name', 'text')
        .addColumn('full_address', 'text', (c) => c.notNull())
        .addColumn('lon', d.double, (c) => c.notNull())
        .addColumn('lat', d.double, (c) => c.notNull())
        .addColumn('updated_at', d.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('geo_addresses_grid_idx').on('geo_addresses').columns(['grid_code', 'id']).execute();
      await db.schema.createIndex('geo_addresses_road_idx').on('geo_addresses').columns(['road', 'house_number']).execute();
      if (d.postgis) await addPostgisGeometry(db, 'addresses', 'ST_SetSRID(ST_MakePoint(new.lon, new.lat), 4326)');
    },
  },
};

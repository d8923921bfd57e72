import type { Kysely } from 'kysely';
import type { DialectName } from './dialect-helper.js';

/** Column types and facts a migration needs to write one definition for both dialects. */
export interface MigrationDialect {
  name: DialectName;
  postgis: boolean;
  /** timestamptz | integer (epoch ms) */
  timestamp: 'timestamptz' | 'integer';
  /** jsonb | text */
  json: 'jsonb' | 'text';
  /** boolean | integer */
  bool: 'boolean' | 'integer';
  /** double precision | real */
  double: 'double precision' | 'real';
  /** bigint | integer */
  bigint: 'bigint' | 'integer';
}

/** One step of a module's schema history. Names sort globally: `20261122_0200_geo_areas`. */
export interface Migration {
  up(db: Kysely<any>, d: MigrationDialect): Promise<void>;
}

export function migrationDialect(name: DialectName, postgis: boolean): MigrationDialect {
  const pg = name === 'postgres';
  return {
    name,
    postgis,
    timestamp: pg ? 'timestamptz' : 'integer',
    json: pg ? 'jsonb' : 'text',
    bool: pg ? 'boolean' : 'integer',
    double: pg ? 'double precision' : 'real',
    bigint: pg ? 'bigint' : 'integer',
  };
}

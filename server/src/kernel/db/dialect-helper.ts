import { sql, type RawBuilder } from 'kysely';

/** The two storage dialects. */
export type DialectName = 'sqlite' | 'postgres';

/**
 * The few places where SQLite and PostgreSQL differ, in one reviewed spot. Everything else is
 * plain Kysely that runs on both.
 */
export interface DialectHelper {
  readonly name: DialectName;
  /** An instant as stored (Date from timestamptz, epoch ms from SQLite) → Date. */
  readTime(v: unknown): Date;
  /** Like readTime, null-safe. */
  readTimeOrNull(v: unknown): Date | null;
  /** 1/0 (SQLite) or boolean (PostgreSQL) → boolean. */
  readBool(v: unknown): boolean;
  /** JSON text (SQLite) or parsed jsonb (PostgreSQL) → value. */
  readJson<T>(v: unknown): T;
  /**
   * A value for a json column: JSON text on SQLite; on PostgreSQL a jsonb cast of that text. Handing
   * postgres.js a JSON string for a jsonb parameter stores a jsonb *string* ("[\"a\"]"), which
   * reads back fine but defeats every database-side JSON query. Store objects and arrays only:
   * readJson cannot tell a top-level JSON string from JSON text.
   */
  writeJson(v: unknown): string | RawBuilder<unknown>;
  /** Case-insensitive substring match expression for a column reference. */
  contains(column: string, needle: string): RawBuilder<boolean>;
}

export function createDialectHelper(name: DialectName): DialectHelper {
  const readTime = (v: unknown): Date => {
    if (v instanceof Date) return v;
    if (typeof v === 'number' || typeof v === 'bigint') return new Date(Number(v));
    if (typeof v === 'string') return /^\d+$/.test(v) ? new Date(Number(v)) : new Date(v);
    throw new TypeError(`not a stored instant: ${String(v)}`);
  };
  return {
    name,
    readTime,
    readTimeOrNull: (v) => (v === null || v === undefined ? null : readTime(v)),
    readBool: (v) => v === true || v === 1 || v === '1' || v === 't' || v === 'true' || v === 1n,
    readJson: <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T)),
    writeJson: (v) => (name === 'postgres' ? sql`(${JSON.stringify(v)}::text)::jsonb` : JSON.stringify(v)),
    contains: (column, needle) => {
      const pattern = `%${needle.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
      return name === 'postgres'
        ? sql<boolean>`${sql.ref(column)} ilike ${pattern} escape '\\'`
        : sql<boolean>`${sql.ref(column)} like ${pattern} escape '\\'`;
    },
  };
}

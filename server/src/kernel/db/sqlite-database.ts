import BetterSqlite3 from 'better-sqlite3';

/**
 * better-sqlite3 refuses booleans and Dates as parameters. Wrapping `prepare` lets the one Kysely
 * code path write `true` and `new Date()` on both dialects: SQLite stores 1/0 and epoch ms, which
 * is what DESIGN.md "Storage" prescribes for instants.
 */
export function openSqlite(file: string): BetterSqlite3.Database {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL'); // WAL + NORMAL is durable against process crashes
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const prepare = db.prepare.bind(db);
  (db as unknown as { prepare: unknown }).prepare = (source: string) => {
    const stmt = prepare(source);
    return new Proxy(stmt, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (prop === 'all' || prop === 'run' || prop === 'iterate' || prop === 'get') {
          return (...params: unknown[]) => (value as (...p: unknown[]) => unknown).apply(target, params.map(toSqliteParam));
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };
  return db;
}

function toSqliteParam(p: unknown): unknown {
  if (Array.isArray(p)) return p.map(toSqliteScalar);
  return toSqliteScalar(p);
}

function toSqliteScalar(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.getTime();
  return v;
}

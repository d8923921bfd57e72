import type { Database } from './db/database.js';

/**
 * Small platform-wide facts kept in the database (`demo.loaded`, calendar versions, ...), so every
 * node sees the same value.
 */
export class Settings {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  async get<T>(key: string): Promise<T | undefined> {
    const row = await this.db.kysely.selectFrom('kernel_settings').select('value').where('key', '=', key).executeTakeFirst();
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    const v = JSON.stringify(value);
    const at = new Date(this.now());
    await this.db.kysely
      .insertInto('kernel_settings')
      .values({ key, value: v, updated_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: v, updated_at: at }))
      .execute();
  }
}

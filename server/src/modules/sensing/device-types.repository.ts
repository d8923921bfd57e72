/** SQL of user-defined thing models (built-ins live in code, see built-in-types.ts). */
import type { Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.js';
import type { DeviceTypeDef } from './thing-model.js';

/** Stored part of a type: everything but `builtIn`. */
type StoredDefinition = Omit<DeviceTypeDef, 'builtIn'>;

/** Reads and writes `sensing_device_types`. */
export class DeviceTypesRepository {
  constructor(private readonly db: Database) {}

  /** Every user-defined type. */
  async all(): Promise<DeviceTypeDef[]> {
    const rows = await this.db.kysely.selectFrom('sensing_device_types').select(['definition']).orderBy('code').execute();
    return rows.map((r) => ({ ...this.db.sql.readJson<StoredDefinition>(r.definition), builtIn: false }));
  }

  async exists(code: string): Promise<boolean> {
    const row = await this.db.kysely.selectFrom('sensing_device_types').select('code').where('code', '=', code).executeTakeFirst();
    return !!row;
  }

  async insert(trx: Kysely<any>, type: DeviceTypeDef, at: Date): Promise<void> {
    const { builtIn: _builtIn, ...definition } = type;
    await trx
      .insertInto('sensing_device_types')
      .values({ code: type.code, name: type.name, definition: JSON.stringify(definition), created_at: at, updated_at: at })
      .execute();
  }
}

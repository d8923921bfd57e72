/**
 * API keys for systems (`Authorization: Bearer zk_…`). Each key carries its own permission list
 * (never more than its creator had) and the creator's department for scoping.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { newId } from '../ids.js';
import { apiKeyMatches, generateApiKey, parseApiKey } from './api-key.js';

/** A key as listed (never the key itself). */
export interface ApiKeyInfo {
  id: string;
  name: string;
  prefix: string;
  permissions: string[];
  departmentCode: string | null;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A key just created: `key` is shown once and not stored. */
export interface CreatedApiKey extends ApiKeyInfo {
  key: string;
}

export interface CreateApiKeyInput {
  name: string;
  permissions: string[];
  /** Principal id of the creator. */
  createdBy: string;
  departmentCode?: string | null;
}

/** `last_used_at` is written at most once a minute per key. */
const TOUCH_EVERY_MS = 60_000;

export class ApiKeyStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  /** Creates a key inside `trx`. */
  async create(trx: Kysely<any>, input: CreateApiKeyInput): Promise<CreatedApiKey> {
    const at = this.now();
    const id = newId(at);
    // A prefix collision (36^8 space) is astronomically rare; retry rather than fail.
    for (let attempt = 0; ; attempt++) {
      const g = generateApiKey();
      const clash = await trx.selectFrom('kernel_auth_api_keys').select('id').where('prefix', '=', g.prefix).executeTakeFirst();
      if (clash && attempt < 5) continue;
      await trx
        .insertInto('kernel_auth_api_keys')
        .values({
          id,
          name: input.name,
          prefix: g.prefix,
          hash: g.hash,
          permissions: this.db.sql.writeJson(input.permissions),
          department_code: input.departmentCode ?? null,
          created_by: input.createdBy,
          created_at: new Date(at),
          last_used_at: null,
          revoked_at: null,
        })
        .execute();
      return {
        id,
        key: g.key,
        name: input.name,
        prefix: g.prefix,
        permissions: [...input.permissions],
        departmentCode: input.departmentCode ?? null,
        createdBy: input.createdBy,
        createdAt: new Date(at),
        lastUsedAt: null,
        revokedAt: null,
      };
    }
  }

  /** Every key, newest first, revoked ones included (they stay for the record). */
  async list(): Promise<ApiKeyInfo[]> {
    const rows = await this.db.kysely.selectFrom('kernel_auth_api_keys').selectAll().orderBy('id', 'desc').execute();
    return rows.map((r) => this.toInfo(r));
  }

  async get(id: string): Promise<ApiKeyInfo | null> {
    const row = await this.db.kysely.selectFrom('kernel_auth_api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? this.toInfo(row) : null;
  }

  /** Revokes a key inside `trx`; false when it does not exist or was revoked already. */
  async revoke(trx: Kysely<any>, id: string): Promise<boolean> {
    const res = await trx
      .updateTable('kernel_auth_api_keys')
      .set({ revoked_at: new Date(this.now()) })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** The live key matching a presented `zk_…` string, or null (malformed, unknown or revoked). */
  async verify(key: string): Promise<ApiKeyInfo | null> {
    const parsed = parseApiKey(key);
    if (!parsed) return null;
    const row = await this.db.kysely.selectFrom('kernel_auth_api_keys').selectAll().where('prefix', '=', parsed.prefix).executeTakeFirst();
    if (!row || row.revoked_at !== null || !apiKeyMatches(key, row.hash)) return null;
    const info = this.toInfo(row);
    const now = this.now();
    if (!info.lastUsedAt || now - info.lastUsedAt.getTime() >= TOUCH_EVERY_MS) {
      await this.db.kysely
        .updateTable('kernel_auth_api_keys')
        .set({ last_used_at: new Date(now) })
        .where('id', '=', info.id)
        .execute();
      info.lastUsedAt = new Date(now);
    }
    return info;
  }

  private toInfo(r: Record<string, any>): ApiKeyInfo {
    return {
      id: r.id,
      name: r.name,
      prefix: r.prefix,
      permissions: this.db.sql.readJson<string[]>(r.permissions),
      departmentCode: r.department_code ?? null,
      createdBy: r.created_by,
      createdAt: this.db.sql.readTime(r.created_at),
      lastUsedAt: this.db.sql.readTimeOrNull(r.last_used_at),
      revokedAt: this.db.sql.readTimeOrNull(r.revoked_at),
    };
  }
}

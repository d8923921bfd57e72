/** SQL of the knowledge base: articles, versions and category links. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../kernel/db/database.js';
import type { ArticleStatus, KbArticle, KbArticleVersion } from './knowledge-types.js';

/** Filters shared by listing and searching. */
export interface ArticleFilter {
  statuses: ArticleStatus[];
  categoryCode?: string;
  tag?: string;
  /** Only articles valid at this instant (valid_from ≤ t ≤ valid_to, open ends allowed). */
  validAt?: Date;
}

/** Keyset position for newest-first listing. */
export interface ListAfter {
  updatedAt: number;
  id: string;
}

export class KnowledgeRepository {
  constructor(private readonly db: Database) {}

  async insert(trx: Kysely<any>, a: KbArticle): Promise<void> {
    await trx.insertInto('cases_kb_articles').values(this.#row(a)).execute();
    await this.#saveLinksAndVersion(trx, a);
  }

  async update(trx: Kysely<any>, a: KbArticle, expectedVersion: number): Promise<boolean> {
    const { id: _id, created_at: _c, created_by: _b, ...rest } = this.#row(a);
    const r = await trx
      .updateTable('cases_kb_articles')
      .set(rest)
      .where('id', '=', a.id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await trx.deleteFrom('cases_kb_article_categories').where('article_id', '=', a.id).execute();
    await this.#saveLinksAndVersion(trx, a);
    return true;
  }

  async get(id: string): Promise<KbArticle | null> {
    const r = await this.db.kysely.selectFrom('cases_kb_articles').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? this.#read(r) : null;
  }

  async getMany(ids: string[]): Promise<Map<string, KbArticle>> {
    const out = new Map<string, KbArticle>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db.kysely
        .selectFrom('cases_kb_articles')
        .selectAll()
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows) out.set(r.id as string, this.#read(r));
    }
    return out;
  }

  async count(): Promise<number> {
    const r = await this.db.kysely
      .selectFrom('cases_kb_articles')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Ids of every article passing `f` (a knowledge base holds thousands, not millions). */
  async ids(f: ArticleFilter): Promise<string[]> {
    const rows = await this.#filtered(f).select('a.id').execute();
    return rows.map((r) => r.id as string);
  }

  /** Newest-updated first, `limit` rows after `after`. */
  async list(f: ArticleFilter, limit: number, after?: ListAfter): Promise<KbArticle[]> {
    let q = this.#filtered(f).selectAll('a');
    if (after) {
      const at = new Date(after.updatedAt);
      q = q.where((eb) => eb.or([eb('a.updated_at', '<', at), eb.and([eb('a.updated_at', '=', at), eb('a.id', '<', after.id)])]));
    }
    const rows = await q.orderBy('a.updated_at', 'desc').orderBy('a.id', 'desc').limit(limit).execute();
    return rows.map((r) => this.#read(r));
  }

  async versions(id: string): Promise<KbArticleVersion[]> {
    const rows = await this.db.kysely
      .selectFrom('cases_kb_article_versions')
      .selectAll()
      .where('article_id', '=', id)
      .orderBy('version', 'desc')
      .execute();
    const s = this.db.sql;
    return rows.map((r) => ({
      version: Number(r.version),
      title: r.title as string,
      body: r.body as string,
      categoryCodes: s.readJson<string[]>(r.category_codes),
      tags: s.readJson<string[]>(r.tags),
      departmentCode: (r.department_code as string | null) ?? null,
      validFrom: s.readTimeOrNull(r.valid_from)?.toISOString() ?? null,
      validTo: s.readTimeOrNull(r.valid_to)?.toISOString() ?? null,
      status: r.status as ArticleStatus,
      savedAt: s.readTime(r.saved_at).toISOString(),
      savedBy: r.saved_by as string,
    }));
  }

  #filtered(f: ArticleFilter) {
    let q = this.db.kysely.selectFrom('cases_kb_articles as a').where('a.status', 'in', f.statuses);
    if (f.categoryCode) {
      const code = f.categoryCode;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('cases_kb_article_categories as c')
            .select('c.article_id')
            .where('c.category_code', '=', code)
            .whereRef('c.article_id', '=', 'a.id'),
        ),
      );
    }
    if (f.tag) {
      // Tags are a JSON array in a text column: each tag appears as a quoted string.
      const pattern = `%${JSON.stringify(f.tag).replace(/[\\%_]/g, (c) => '\\' + c)}%`;
      q = q.where(sql<boolean>`${sql.ref('a.tags')} like ${pattern} escape '\\'`);
    }
    if (f.validAt) {
      const t = f.validAt;
      q = q
        .where((eb) => eb.or([eb('a.valid_from', 'is', null), eb('a.valid_from', '<=', t)]))
        .where((eb) => eb.or([eb('a.valid_to', 'is', null), eb('a.valid_to', '>=', t)]));
    }
    return q;
  }

  async #saveLinksAndVersion(trx: Kysely<any>, a: KbArticle): Promise<void> {
    if (a.categoryCodes.length) {
      await trx
        .insertInto('cases_kb_article_categories')
        .values(a.categoryCodes.map((code) => ({ category_code: code, article_id: a.id })))
        .execute();
    }
    await trx
      .insertInto('cases_kb_article_versions')
      .values({
        article_id: a.id,
        version: a.version,
        title: a.title,
        body: a.body,
        category_codes: JSON.stringify(a.categoryCodes),
        tags: JSON.stringify(a.tags),
        department_code: a.departmentCode,
        valid_from: a.validFrom ? new Date(a.validFrom) : null,
        valid_to: a.validTo ? new Date(a.validTo) : null,
        status: a.status,
        saved_at: new Date(a.updatedAt),
        saved_by: a.updatedBy,
      })
      .execute();
  }

  #row(a: KbArticle) {
    return {
      id: a.id,
      title: a.title,
      body: a.body,
      category_codes: JSON.stringify(a.categoryCodes),
      tags: JSON.stringify(a.tags),
      department_code: a.departmentCode,
      valid_from: a.validFrom ? new Date(a.validFrom) : null,
      valid_to: a.validTo ? new Date(a.validTo) : null,
      status: a.status,
      version: a.version,
      created_at: new Date(a.createdAt),
      created_by: a.createdBy,
      updated_at: new Date(a.updatedAt),
      updated_by: a.updatedBy,
    };
  }

  #read(r: Record<string, unknown>): KbArticle {
    const s = this.db.sql;
    return {
      id: r.id as string,
      title: r.title as string,
      body: r.body as string,
      categoryCodes: s.readJson<string[]>(r.category_codes),
      tags: s.readJson<string[]>(r.tags),
      departmentCode: (r.department_code as string | null) ?? null,
      validFrom: s.readTimeOrNull(r.valid_from)?.toISOString() ?? null,
      validTo: s.readTimeOrNull(r.valid_to)?.toISOString() ?? null,
      status: r.status as ArticleStatus,
      version: Number(r.version),
      createdAt: s.readTime(r.created_at).toISOString(),
      createdBy: r.created_by as string,
      updatedAt: s.readTime(r.updated_at).toISOString(),
      updatedBy: r.updated_by as string,
    };
  }
}

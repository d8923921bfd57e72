/**
 * Tables of the knowledge base (知识库): articles (the current version), every saved version,
 * and the article ↔ category links that the category filter uses. Category codes and tags are
 * JSON arrays kept as text on both dialects, so the tag filter matches the same text everywhere.
 */
import type { Migration } from '../../../kernel/db/migration.js';

/** The knowledge base's migrations; the cases module adds them to its own. */
export const knowledgeMigrations: Record<string, Migration> = {
  '20261122_0650_cases_kb_articles': {
    async up(db, d) {
      await db.schema
        .createTable('cases_kb_articles')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('category_codes', 'text', (c) => c.notNull())
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('department_code', 'text')
        .addColumn('valid_from', d.timestamp)
        .addColumn('valid_to', d.timestamp)
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', d.timestamp, (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', d.timestamp, (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('cases_kb_articles_status_idx').on('cases_kb_articles').columns(['status', 'updated_at']).execute();
      await db.schema
        .createTable('cases_kb_article_versions')
        .addColumn('article_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('category_codes', 'text', (c) => c.notNull())
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('department_code', 'text')
        .addColumn('valid_from', d.timestamp)
        .addColumn('valid_to', d.timestamp)
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('saved_at', d.timestamp, (c) => c.notNull())
        .addColumn('saved_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('cases_kb_article_versions_pk', ['article_id', 'version'])
        .execute();
      await db.schema
        .createTable('cases_kb_article_categories')
        .addColumn('category_code', 'text', (c) => c.notNull())
        .addColumn('article_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('cases_kb_article_categories_pk', ['category_code', 'article_id'])
        .execute();
    },
  },
};

/**
 * The one place resources are matched against a free-text query. Today: every whitespace-
 * separated term must occur in the lower-cased search text (name, summary, keywords, themes,
 * field titles) — substring matching, which for Chinese finds 公交 in 公交站点 without a
 * segmenter. When the kernel's jieba TextIndex lands, this function switches to it and nothing
 * else changes.
 */
import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { Database } from '../../kernel/db/database.js';

/** The text a resource is found by. */
export function resourceSearchText(r: {
  name: string;
  code: string;
  summary: string;
  keywords: string[];
  themes: string[];
  fieldTitles: string[];
  departmentName: string | null;
}): string {
  return [r.name, r.code, r.summary, r.departmentName ?? '', ...r.keywords, ...r.themes, ...r.fieldTitles].join(' ').toLowerCase();
}

/** A WHERE condition matching `query` against `catalog_resources.search_text`. */
export function matchResourceText(db: Database, query: string): (eb: ExpressionBuilder<any, any>) => Expression<SqlBool> {
  const terms = query
    .toLowerCase()
    .split(/[\s,，、]+/u)
    .filter(Boolean)
    .slice(0, 8);
  return (eb) => (terms.length === 0 ? sql<SqlBool>`1 = 1` : eb.and(terms.map((t) => db.sql.contains('search_text', t))));
}

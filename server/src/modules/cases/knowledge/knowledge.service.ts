/**
 * The knowledge base (知识库) for consultations: articles by category, searched by Chinese text
 * (title weighted above body), versioned on every save, and suggested to the operator while a
 * call is typed in.
 */
import { newId } from '../../../kernel/ids.js';
import { decodeCursor, encodeCursor } from '../../../kernel/http/list-cursor.js';
import { DomainError, type FieldError } from '../../../kernel/errors.js';
import { TextIndex, tokenize } from '../../../kernel/search/index.js';
import type { AuditLog } from '../../../kernel/audit/audit-log.js';
import type { Database } from '../../../kernel/db/database.js';
import type { EventBus } from '../../../kernel/events/event-bus.js';
import { KnowledgeRepository, type ArticleFilter } from './knowledge.repository.js';
import type { ArticleStatus, CreateArticleInput, KbArticle, KbArticleVersion, KbHit, UpdateArticleInput } from './knowledge-types.js';

/** How much a suggestion in the proposed category counts over one outside it. */
const CATEGORY_BOOST = 1.5;

/** The text-index scope of the knowledge base. */
export const KB_SEARCH_SCOPE = 'cases.kb';
/** Emitted on every create/update (status changes included). */
export const KB_ARTICLE_CHANGED_V1 = 'cases.kb.article.changed.v1';
/** Payload of {@link KB_ARTICLE_CHANGED_V1}. */
export interface KbArticleChangedV1 {
  id: string;
  version: number;
  status: ArticleStatus;
  title: string;
}

/** Title words count this many times a body word: a query matching a title is usually the answer. */
const TITLE_WEIGHT = 3;
const TAG_WEIGHT = 2;
const SNIPPET_CHARS = 120;

export interface KnowledgeDeps {
  db: Database;
  audit: AuditLog;
  events: EventBus;
  now: () => number;
}

/** Search and list parameters. */
export interface ArticleQuery {
  q?: string;
  categoryCode?: string;
  tag?: string;
  /** Default: published only. Editors may ask for drafts and archived articles. */
  status?: ArticleStatus;
  limit: number;
  cursor?: string;
}

export class KnowledgeService {
  readonly #repo: KnowledgeRepository;
  readonly #index: TextIndex;

  constructor(private readonly deps: KnowledgeDeps) {
    this.#repo = new KnowledgeRepository(deps.db);
    this.#index = new TextIndex(deps.db, KB_SEARCH_SCOPE);
  }

  async create(actor: string, input: CreateArticleInput): Promise<KbArticle> {
    const now = new Date(this.deps.now()).toISOString();
    const a: KbArticle = {
      id: newId(this.deps.now()),
      title: input.title.trim(),
      body: input.body,
      categoryCodes: unique(input.categoryCodes ?? []),
      tags: unique((input.tags ?? []).map((t) => t.trim())),
      departmentCode: input.departmentCode ?? null,
      validFrom: input.validFrom ?? null,
      validTo: input.validTo ?? null,
      status: input.status ?? 'draft',
      version: 1,
      createdAt: now,
      createdBy: actor,
      updatedAt: now,
      updatedBy: actor,
    };
    checkArticle(a);
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      await this.#repo.insert(trx, a);
      await this.#index.index(trx, a.id, a.body, this.#weighted(a));
      await this.deps.audit.record(trx, {
        actor,
        action: 'cases.kb.article.created',
        target: `kb-article:${a.id}`,
        detail: { title: a.title, status: a.status },
      });
      await this.deps.events.publish(trx, KB_ARTICLE_CHANGED_V1, changed(a));
    });
    return a;
  }

  /** Applies a partial update; 409 when someone saved a newer version since `input.version`. */
  async update(actor: string, id: string, input: UpdateArticleInput): Promise<KbArticle> {
    const old = await this.require(id);
    if (old.version !== input.version) {
      throw new DomainError('conflict', `Article ${id} is at version ${old.version}, not ${input.version}: reload and edit again`);
    }
    const a: KbArticle = {
      ...old,
      ...(input.title !== undefined ? { title: input.title.trim() } : {}),
      ...(input.body !== undefined ? { body: input.body } : {}),
      ...(input.categoryCodes !== undefined ? { categoryCodes: unique(input.categoryCodes) } : {}),
      ...(input.tags !== undefined ? { tags: unique(input.tags.map((t) => t.trim())) } : {}),
      ...(input.departmentCode !== undefined ? { departmentCode: input.departmentCode } : {}),
      ...(input.validFrom !== undefined ? { validFrom: input.validFrom } : {}),
      ...(input.validTo !== undefined ? { validTo: input.validTo } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
      version: old.version + 1,
      updatedAt: new Date(this.deps.now()).toISOString(),
      updatedBy: actor,
    };
    checkArticle(a);
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      if (!(await this.#repo.update(trx, a, old.version))) {
        throw new DomainError('conflict', `Article ${id} was changed meanwhile: reload and edit again`);
      }
      await this.#index.index(trx, a.id, a.body, this.#weighted(a));
      await this.deps.audit.record(trx, {
        actor,
        action: old.status !== a.status ? `cases.kb.article.${a.status}` : 'cases.kb.article.updated',
        target: `kb-article:${a.id}`,
        detail: { version: a.version, fields: Object.keys(input).filter((k) => k !== 'version') },
      });
      await this.deps.events.publish(trx, KB_ARTICLE_CHANGED_V1, changed(a));
    });
    return a;
  }

  async require(id: string): Promise<KbArticle> {
    const a = await this.#repo.get(id);
    if (!a) throw new DomainError('not_found', `No knowledge-base article ${id}`);
    return a;
  }

  async versions(id: string): Promise<KbArticleVersion[]> {
    await this.require(id);
    return this.#repo.versions(id);
  }

  /**
   * Published, currently valid articles (or the given status) matching the filters; with `q`
   * ranked by relevance, without it newest first.
   */
  async query(p: ArticleQuery): Promise<{ items: KbHit[]; next: string | null }> {
    const now = new Date(this.deps.now());
    const status = p.status ?? 'published';
    const filter: ArticleFilter = {
      statuses: [status],
      categoryCode: p.categoryCode,
      tag: p.tag,
      validAt: status === 'published' ? now : undefined,
    };
    const q = p.q?.trim();
    if (!q) {
      const after = parseListCursor(p.cursor);
      const rows = await this.#repo.list(filter, p.limit + 1, after);
      const page = rows.slice(0, p.limit);
      const last = page[page.length - 1];
      return {
        items: page.map((a) => ({ article: a, score: null, snippet: snippet(a.body, []) })),
        next: rows.length > p.limit && last ? encodeCursor(`k:${Date.parse(last.updatedAt)}:${last.id}`) : null,
      };
    }
    const offset = parseOffsetCursor(p.cursor);
    const ids = await this.#repo.ids(filter);
    const hits = await this.#index.search(q, { limit: p.limit + 1, offset, docIds: ids });
    const page = hits.slice(0, p.limit);
    const articles = await this.#repo.getMany(page.map((h) => h.docId));
    const words = tokenize(q);
    return {
      items: page.flatMap((h) => {
        const a = articles.get(h.docId);
        return a ? [{ article: a, score: h.score, snippet: snippet(a.body, words) }] : [];
      }),
      next: hits.length > p.limit ? encodeCursor(`o:${offset + p.limit}`) : null,
    };
  }

  /**
   * Articles that may answer what a caller said (the operator form calls this while typing). With
   * a category, that category's articles come first and others fill up.
   */
  async suggest(text: string, opts: { categoryCode?: string; limit?: number } = {}): Promise<KbHit[]> {
    const limit = opts.limit ?? 5;
    // The category usually comes from the classifier, which can be wrong on a short question: it
    // lifts its articles (×CATEGORY_BOOST) instead of crowding out better text matches.
    const inCategory = opts.categoryCode ? (await this.query({ q: text, categoryCode: opts.categoryCode, limit })).items : [];
    const all = (await this.query({ q: text, limit: limit * 2 })).items;
    const best = new Map<string, KbHit>();
    for (const h of all) best.set(h.article.id, h);
    for (const h of inCategory) best.set(h.article.id, { ...h, score: (h.score ?? 0) * CATEGORY_BOOST });
    return [...best.values()].sort((a, b) => (b.score ?? 0) - (a.score ?? 0)).slice(0, limit);
  }

  async count(): Promise<number> {
    return this.#repo.count();
  }

  #weighted(a: KbArticle) {
    return [
      { text: a.title, weight: TITLE_WEIGHT },
      { text: a.tags.join(' '), weight: TAG_WEIGHT },
    ];
  }
}

function changed(a: KbArticle): KbArticleChangedV1 {
  return { id: a.id, version: a.version, status: a.status, title: a.title };
}

function unique(xs: string[]): string[] {
  return [...new Set(xs.filter(Boolean))];
}

function checkArticle(a: KbArticle): void {
  const errors: FieldError[] = [];
  if (!a.title) errors.push({ path: '/body/title', message: 'must not be empty' });
  if (!a.body.trim()) errors.push({ path: '/body/body', message: 'must not be empty' });
  if (a.validFrom && a.validTo && Date.parse(a.validTo) < Date.parse(a.validFrom)) {
    errors.push({ path: '/body/validTo', message: 'must not be before validFrom' });
  }
  if (errors.length) throw new DomainError('invalid', 'Invalid knowledge-base article', errors);
}

function parseListCursor(cursor: string | undefined): { updatedAt: number; id: string } | undefined {
  if (!cursor) return undefined;
  const key = decodeCursor(cursor);
  const m = key ? /^k:(\d+):(.+)$/.exec(key) : null;
  if (!m) throw new DomainError('invalid', 'Bad cursor', [{ path: '/query/cursor', message: 'is not a cursor of this list' }]);
  return { updatedAt: Number(m[1]), id: m[2] };
}

function parseOffsetCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const key = decodeCursor(cursor);
  const m = key ? /^o:(\d+)$/.exec(key) : null;
  if (!m) throw new DomainError('invalid', 'Bad cursor', [{ path: '/query/cursor', message: 'is not a cursor of this search' }]);
  return Number(m[1]);
}

/** Plain text of markdown, enough for a snippet. */
function plain(md: string): string {
  return md
    .replace(/^#+\s*/gm, '')
    .replace(/[*_`>]/g, '')
    .replace(/^\s*[-\d]+[.)]?\s+/gm, '')
    .replace(/\s*\n+\s*/g, ' ')
    .trim();
}

/** The sentence of the body that holds the most query words (or the opening). */
export function snippet(body: string, words: string[]): string {
  const text = plain(body);
  if (!words.length) return text.slice(0, SNIPPET_CHARS);
  const sentences = text.split(/(?<=[。；！？])/);
  let best = sentences[0] ?? '';
  let bestHits = -1;
  for (const s of sentences) {
    const hits = words.reduce((n, w) => n + (w.length > 1 && s.includes(w) ? w.length : 0), 0);
    if (hits > bestHits) [best, bestHits] = [s, hits];
  }
  return best.trim().slice(0, SNIPPET_CHARS);
}

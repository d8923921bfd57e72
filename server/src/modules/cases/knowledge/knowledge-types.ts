/** The knowledge base's domain types. */

/** draft: being written, invisible to operators; published: searchable; archived: kept for the record. */
export type ArticleStatus = 'draft' | 'published' | 'archived';

/** One knowledge-base article (the current version). */
export interface KbArticle {
  id: string;
  title: string;
  /** Markdown. */
  body: string;
  categoryCodes: string[];
  tags: string[];
  departmentCode: string | null;
  validFrom: string | null;
  validTo: string | null;
  status: ArticleStatus;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

/** One saved version of an article. */
export interface KbArticleVersion {
  version: number;
  title: string;
  body: string;
  categoryCodes: string[];
  tags: string[];
  departmentCode: string | null;
  validFrom: string | null;
  validTo: string | null;
  status: ArticleStatus;
  savedAt: string;
  savedBy: string;
}

/** What creating an article takes. */
export interface CreateArticleInput {
  title: string;
  body: string;
  categoryCodes?: string[];
  tags?: string[];
  departmentCode?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
  status?: ArticleStatus;
}

/** A partial update; `version` is the version the editor started from (optimistic locking). */
export interface UpdateArticleInput extends Partial<CreateArticleInput> {
  version: number;
}

/** A search or list hit. */
export interface KbHit {
  article: KbArticle;
  /** Relevance (text queries only; null when listing). */
  score: number | null;
  /** The body's most relevant passage, plain text. */
  snippet: string;
}

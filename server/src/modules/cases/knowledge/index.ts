/**
 * The knowledge base (知识库) of the cases module. The cases module adds `knowledgeMigrations` to
 * its migrations, registers `routes` under /api/v1 and calls `seedDemoKnowledge` from its demo seed.
 *
 * @example
 *   const knowledge = createKnowledge(ctx);
 *   const hits = await knowledge.service.suggest('公积金怎么提取');
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { KernelContext } from '../../../kernel/module.js';
import { knowledgeRoutes } from './knowledge.routes.js';
import { KnowledgeService } from './knowledge.service.js';

export { knowledgeMigrations } from './migrations.js';
export { seedDemoKnowledge } from './knowledge-seed.js';
export {
  KnowledgeService,
  KB_ARTICLE_CHANGED_V1,
  KB_SEARCH_SCOPE,
  type KbArticleChangedV1,
  type ArticleQuery,
} from './knowledge.service.js';
export type { ArticleStatus, KbArticle, KbArticleVersion, KbHit, CreateArticleInput, UpdateArticleInput } from './knowledge-types.js';

/** The knowledge base's service and routes. */
export function createKnowledge(ctx: KernelContext): { service: KnowledgeService; routes: FastifyPluginAsyncTypebox } {
  const service = new KnowledgeService({ db: ctx.db, audit: ctx.audit, events: ctx.events, now: ctx.now });
  return { service, routes: knowledgeRoutes(service) };
}

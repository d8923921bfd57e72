/** `/cases/knowledge`: the knowledge base for consultations (search, read, edit, suggest). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, hasPermission } from '../../../kernel/auth/index.js';
import { DomainError } from '../../../kernel/errors.js';
import type { KnowledgeService } from './knowledge.service.js';

const WRITE = 'cases.config.write';
const READ = 'cases.read';

const Status = Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('archived')]);
const CategoryCode = Type.String({ pattern: '^[0-9A-Za-z]{2,12}$', description: 'A case category code (0101, 2302…)' });
const Tag = Type.String({ minLength: 1, maxLength: 30, pattern: '\\S' });
const Instant = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z_-]+$' });

const Article = Type.Object({
  id: Type.String(),
  title: Type.String(),
  body: Type.String({ description: 'Markdown' }),
  categoryCodes: Type.Array(Type.String()),
  tags: Type.Array(Type.String()),
  departmentCode: Type.Union([Type.String(), Type.Null()]),
  validFrom: Instant,
  validTo: Instant,
  status: Status,
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
  updatedBy: Type.String(),
});

const Hit = Type.Object({
  article: Article,
  score: Type.Union([Type.Number(), Type.Null()], { description: 'Relevance for text queries, null when listing' }),
  snippet: Type.String({ description: 'The passage of the body that best matches the query' }),
});

const Fields = {
  title: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
  body: Type.String({ minLength: 1, maxLength: 50_000, pattern: '\\S' }),
  categoryCodes: Type.Array(CategoryCode, { maxItems: 50 }),
  tags: Type.Array(Tag, { maxItems: 30 }),
  departmentCode: Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()]),
  validFrom: Instant,
  validTo: Instant,
  status: Status,
};

/** The knowledge-base routes, registered under /api/v1 by the cases module. */
export function knowledgeRoutes(kb: KnowledgeService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/cases/knowledge',
      {
        config: { permission: READ },
        schema: {
          tags: ['cases'],
          summary: 'Search (q, Chinese text, best first) or list (newest first) knowledge-base articles',
          querystring: Type.Object(
            {
              q: Type.Optional(Type.String({ maxLength: 500 })),
              categoryCode: Type.Optional(CategoryCode),
              tag: Type.Optional(Tag),
              status: Type.Optional(Type.Union([Status], { description: `Default published (and currently valid); others need ${WRITE}` })),
              limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
              cursor: Type.Optional(Type.String({ maxLength: 200 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(Hit), next: Type.Union([Type.String(), Type.Null()]) }) },
        },
      },
      async (req) => {
        if (req.query.status && req.query.status !== 'published' && !hasPermission(req.principal, WRITE)) {
          throw new DomainError('forbidden', `Listing ${req.query.status} articles needs ${WRITE}`);
        }
        return kb.query(req.query);
      },
    );

    app.post(
      '/cases/knowledge/suggest',
      {
        config: { permission: READ },
        schema: {
          tags: ['cases'],
          summary: 'Articles that may answer what the caller said (operator form)',
          body: Type.Object(
            {
              text: Type.String({ minLength: 1, maxLength: 4000, pattern: '\\S' }),
              categoryCode: Type.Optional(CategoryCode),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 5 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(Hit) }) },
        },
      },
      async (req) => ({ items: await kb.suggest(req.body.text, { categoryCode: req.body.categoryCode, limit: req.body.limit }) }),
    );

    app.get(
      '/cases/knowledge/:id',
      {
        config: { permission: READ },
        schema: {
          tags: ['cases'],
          summary: 'One knowledge-base article',
          params: Type.Object({ id: Id }),
          response: { 200: Article },
        },
      },
      async (req) => {
        const a = await kb.require(req.params.id);
        if (a.status !== 'published' && !hasPermission(req.principal, WRITE))
          throw new DomainError('not_found', `No knowledge-base article ${req.params.id}`);
        return a;
      },
    );

    app.get(
      '/cases/knowledge/:id/versions',
      {
        config: { permission: WRITE },
        schema: {
          tags: ['cases'],
          summary: 'Every saved version of an article, newest first',
          params: Type.Object({ id: Id }),
          response: {
            200: Type.Object({ items: Type.Array(Type.Object({ ...Article.properties, savedAt: Type.String(), savedBy: Type.String() })) }),
          },
        },
      },
      async (req) => {
        const items = await kb.versions(req.params.id);
        const a = await kb.require(req.params.id);
        return {
          items: items.map((v) => ({
            ...v,
            id: a.id,
            createdAt: a.createdAt,
            createdBy: a.createdBy,
            updatedAt: v.savedAt,
            updatedBy: v.savedBy,
          })),
        };
      },
    );

    app.post(
      '/cases/knowledge',
      {
        config: { permission: WRITE },
        schema: {
          tags: ['cases'],
          summary: 'Write an article (draft unless status says otherwise)',
          body: Type.Object(
            {
              title: Fields.title,
              body: Fields.body,
              categoryCodes: Type.Optional(Fields.categoryCodes),
              tags: Type.Optional(Fields.tags),
              departmentCode: Type.Optional(Fields.departmentCode),
              validFrom: Type.Optional(Fields.validFrom),
              validTo: Type.Optional(Fields.validTo),
              status: Type.Optional(Fields.status),
            },
            { additionalProperties: false },
          ),
          response: { 201: Article },
        },
      },
      async (req, reply) => reply.status(201).send(await kb.create(actorOf(req.principal), req.body)),
    );

    app.patch(
      '/cases/knowledge/:id',
      {
        config: { permission: WRITE },
        schema: {
          tags: ['cases'],
          summary: 'Change an article (publish, archive, edit); 409 when version is not the current one',
          params: Type.Object({ id: Id }),
          body: Type.Object(
            {
              version: Type.Integer({ minimum: 1, description: 'The version the edit started from' }),
              title: Type.Optional(Fields.title),
              body: Type.Optional(Fields.body),
              categoryCodes: Type.Optional(Fields.categoryCodes),
              tags: Type.Optional(Fields.tags),
              departmentCode: Type.Optional(Fields.departmentCode),
              validFrom: Type.Optional(Fields.validFrom),
              validTo: Type.Optional(Fields.validTo),
              status: Type.Optional(Fields.status),
            },
            { additionalProperties: false },
          ),
          response: { 200: Article },
        },
      },
      async (req) => kb.update(actorOf(req.principal), req.params.id, req.body),
    );
  };
}

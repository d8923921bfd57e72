import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import pino from 'pino';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AuditLog } from '../../src/kernel/audit/audit-log.js';
import { EventBus } from '../../src/kernel/events/event-bus.js';
import { LeaseStore } from '../../src/kernel/jobs/lease-store.js';
import { kernelMigrations } from '../../src/kernel/kernel-migrations.js';
import { isDomainError } from '../../src/kernel/errors.js';
import { sendProblem, toProblem } from '../../src/kernel/http/problem.js';
import {
  knowledgeMigrations,
  KnowledgeService,
  seedDemoKnowledge,
  KB_ARTICLE_CHANGED_V1,
} from '../../src/modules/cases/knowledge/index.js';
import { knowledgeRoutes } from '../../src/modules/cases/knowledge/knowledge.routes.js';
import { SEED_ARTICLES } from '../../src/modules/cases/knowledge/knowledge-seed-articles.js';
import { forEachDialect } from '../helpers/dialects.js';
import { openTestDatabase, type TestDatabase } from '../helpers/test-db.js';

const T0 = Date.UTC(2026, 10, 22, 2);

forEachDialect((dialect) => {
  describe(`knowledge base (${dialect})`, () => {
    let t: TestDatabase;
    let kb: KnowledgeService;
    let clock = T0;
    let audit: AuditLog;
    before(async () => {
      t = await openTestDatabase(dialect, [
        { name: 'kernel', migrations: kernelMigrations },
        { name: 'cases', migrations: knowledgeMigrations },
      ]);
      audit = new AuditLog(t.db, () => clock);
      const events = new EventBus(t.db, new LeaseStore(t.db, 'n1'), pino({ level: 'silent' }), () => clock);
      kb = new KnowledgeService({ db: t.db, audit, events, now: () => clock });
      assert.equal(await seedDemoKnowledge(kb, (name) => (name === '市城市管理局' ? 'D005' : null)), SEED_ARTICLES.length);
    });
    after(() => t.close());

    it('seeds the demo articles once', async () => {
      assert.ok(SEED_ARTICLES.length >= 60);
      assert.equal(await kb.count(), SEED_ARTICLES.length);
      assert.equal(await seedDemoKnowledge(kb), 0, 'a second run adds nothing');
      const { items } = await kb.query({ q: '占道经营', limit: 5 });
      assert.equal(items[0].article.departmentCode, 'D005');
    });

    it('answers consultations by Chinese text (the right article among the first two)', async () => {
      const expectations: Array<[string, RegExp]> = [
        ['公积金怎么提取', /公积金提取/],
        ['租房能不能取公积金', /租房提取/],
        ['孩子刚出生怎么上户口', /新生儿落户/],
        ['狗证在哪里办', /犬只登记/],
        ['楼上装修太吵了几点可以施工', /装修施工时间/],
        ['明天我们小区停水吗', /停水/],
        ['医保卡丢了', /医保卡/],
        ['厨余垃圾包括哪些', /垃圾分类标准/],
      ];
      for (const [q, title] of expectations) {
        const { items } = await kb.query({ q, limit: 3 });
        assert.ok(items.length > 0, q);
        // The operator sees a short list: the answer must be among the first two.
        assert.ok(
          items.slice(0, 2).some((i) => title.test(i.article.title)),
          `${q} → ${items.map((i) => i.article.title).join(' | ')}`,
        );
        assert.ok(items[0].snippet.length > 0);
        for (let i = 1; i < items.length; i++) assert.ok(items[i - 1].score! >= items[i].score!);
      }
    });

    it('filters by category and tag, lists newest first with a cursor', async () => {
      const manholes = await kb.query({ categoryCode: '0101', limit: 50 });
      assert.ok(manholes.items.length >= 1);
      assert.ok(manholes.items.every((h) => h.article.categoryCodes.includes('0101')));
      const noise = await kb.query({ q: '噪音', categoryCode: '2105', limit: 50 });
      assert.ok(noise.items.length >= 2 && noise.items.every((h) => h.article.categoryCodes.includes('2105')));
      const tagged = await kb.query({ tag: '公积金', limit: 50 });
      assert.equal(tagged.items.length, SEED_ARTICLES.filter((a) => a.tags.includes('公积金')).length);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await kb.query({ limit: 7, cursor });
        seen.push(...page.items.map((h) => h.article.id));
        cursor = page.next ?? undefined;
      } while (cursor);
      assert.equal(new Set(seen).size, SEED_ARTICLES.length, 'every article exactly once across pages');
      const q1 = await kb.query({ q: '垃圾', limit: 2 });
      const q2 = await kb.query({ q: '垃圾', limit: 2, cursor: q1.next! });
      assert.ok(q2.items.length > 0 && !q2.items.some((h) => q1.items.some((x) => x.article.id === h.article.id)));
      await assert.rejects(kb.query({ limit: 5, cursor: 'garbage' }), (e) => isDomainError(e, 'invalid'));
    });

    it('keeps drafts, archived and expired articles out of operator search; versions every save', async () => {
      clock += 60_000;
      const a = await kb.create('u1', {
        title: '电动自行车上牌登记',
        body: '新购电动自行车须在30日内到车管所登记上牌。',
        tags: ['电动车'],
      });
      assert.equal(a.status, 'draft');
      assert.deepEqual(
        (await kb.query({ q: '电动自行车上牌', limit: 5 })).items.filter((h) => h.article.id === a.id),
        [],
      );
      clock += 60_000;
      const p = await kb.update('u2', a.id, { version: 1, status: 'published', title: '电动自行车登记上牌指南' });
      assert.equal(p.version, 2);
      assert.equal((await kb.query({ q: '电动自行车上牌', limit: 5 })).items[0].article.id, a.id);
      await assert.rejects(kb.update('u3', a.id, { version: 1, body: 'stale edit' }), (e) => isDomainError(e, 'conflict'));
      clock += 60_000;
      await kb.update('u2', a.id, { version: 2, validTo: new Date(clock - 1000).toISOString() });
      assert.deepEqual(
        (await kb.query({ q: '电动自行车上牌', limit: 5 })).items.filter((h) => h.article.id === a.id),
        [],
        'expired',
      );
      const v = await kb.versions(a.id);
      assert.deepEqual(
        v.map((x) => [x.version, x.status, x.savedBy]),
        [
          [3, 'published', 'u2'],
          [2, 'published', 'u2'],
          [1, 'draft', 'u1'],
        ],
      );
      assert.equal(v[2].title, '电动自行车上牌登记');
      const records = await audit.list({ target: `kb-article:${a.id}`, limit: 10 });
      assert.deepEqual(records.map((r) => r.action).reverse(), [
        'cases.kb.article.created',
        'cases.kb.article.published',
        'cases.kb.article.updated',
      ]);
      const outbox = await t.db.kysely.selectFrom('kernel_outbox').select('name').where('name', '=', KB_ARTICLE_CHANGED_V1).execute();
      assert.ok(outbox.length >= SEED_ARTICLES.length + 3);
    });

    it('refuses bad articles with the field named', async () => {
      await assert.rejects(
        kb.create('u1', { title: 'x', body: 'y', validFrom: '2026-12-01T00:00:00Z', validTo: '2026-11-01T00:00:00Z' }),
        (e) => isDomainError(e, 'invalid') && e.errors.some((f) => f.path === '/body/validTo'),
      );
      await assert.rejects(kb.update('u1', 'nope', { version: 1 }), (e) => isDomainError(e, 'not_found'));
    });

    it('suggests articles for what a caller says, the category first', async () => {
      const s = await kb.suggest('你好，我想问一下我公司一直拖欠工资不发，我应该去哪里投诉', { categoryCode: '2301' });
      assert.match(s[0].article.title, /拖欠工资/);
      const gas = await kb.suggest('家里闻到一股煤气味');
      assert.ok(
        gas.slice(0, 2).some((h) => /燃气/.test(h.article.title)),
        gas.map((h) => h.article.title).join(' | '),
      );
    });

    it('serves the routes and rejects bad input with 400', async () => {
      const app = Fastify({
        ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array' } },
      }).withTypeProvider<TypeBoxTypeProvider>();
      app.decorateRequest('principal', null);
      // The kernel's mapping of errors to problem documents, as in the platform's http app.
      app.setErrorHandler((err, req, reply) => sendProblem(reply, toProblem(err, req)));
      await app.register(knowledgeRoutes(kb), { prefix: '/api/v1' });
      const search = await app.inject({ method: 'GET', url: `/api/v1/cases/knowledge?q=${encodeURIComponent('垃圾分类')}&limit=3` });
      assert.equal(search.statusCode, 200, search.body);
      const hits = (search.json() as { items: Array<{ article: { id: string; title: string } }> }).items;
      assert.match(hits[0].article.title, /垃圾分类/);
      const one = await app.inject({ method: 'GET', url: `/api/v1/cases/knowledge/${hits[0].article.id}` });
      assert.equal(one.statusCode, 200);
      const sug = await app.inject({ method: 'POST', url: '/api/v1/cases/knowledge/suggest', payload: { text: '身份证丢了怎么补' } });
      assert.equal(sug.statusCode, 200, sug.body);
      assert.match((sug.json() as { items: Array<{ article: { title: string } }> }).items[0].article.title, /身份证/);
      // No principal here: drafts are an editor's view.
      const drafts = await app.inject({ method: 'GET', url: '/api/v1/cases/knowledge?status=draft' });
      assert.equal(drafts.statusCode, 403);
      const bad: Array<[string, string, unknown?]> = [
        ['GET', '/api/v1/cases/knowledge?limit=0'],
        ['GET', '/api/v1/cases/knowledge?limit=abc'],
        ['GET', '/api/v1/cases/knowledge?status=deleted'],
        ['GET', '/api/v1/cases/knowledge?categoryCode=' + encodeURIComponent('01;drop')],
        ['GET', '/api/v1/cases/knowledge?bogus=1'],
        ['POST', '/api/v1/cases/knowledge/suggest', {}],
        ['POST', '/api/v1/cases/knowledge/suggest', { text: '  ' }],
        ['POST', '/api/v1/cases/knowledge', { title: '', body: 'x' }],
        ['POST', '/api/v1/cases/knowledge', { title: 't', body: 'x', status: 'live' }],
        ['POST', '/api/v1/cases/knowledge', { title: 't', body: 'x', validFrom: 'yesterday' }],
        ['POST', '/api/v1/cases/knowledge', { title: 't', body: 'x', tags: [''] }],
        ['PATCH', `/api/v1/cases/knowledge/${hits[0].article.id}`, { title: 'no version' }],
      ];
      for (const [method, url, payload] of bad) {
        const res = await app.inject({ method: method as 'GET', url, ...(payload !== undefined ? { payload: payload as object } : {}) });
        assert.equal(res.statusCode, 400, `${method} ${url} ${JSON.stringify(payload ?? '')} → ${res.statusCode}`);
        assert.match(String(res.headers['content-type']), /problem\+json/);
      }
      await app.close();
    });
  });
});

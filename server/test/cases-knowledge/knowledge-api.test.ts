import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';

interface ArticleBody {
  id: string;
  title: string;
  status: string;
  version: number;
}

forEachDialect((dialect) => {
  describe(`knowledge base API (${dialect})`, () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp({ dialect });
    });
    after(() => app.close());

    const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, as: 'admin', payload: payload as object });

    it('writes, publishes, searches and suggests articles through the API, audited', async () => {
      const created = await post('/api/v1/cases/knowledge', {
        title: '共享单车乱停放处理',
        body: '共享单车企业负责清理本企业车辆，市民可以在单车APP内举报乱停放。',
        categoryCodes: ['1503'],
        tags: ['共享单车'],
      });
      assert.equal(created.statusCode, 201, created.body);
      const a = created.json() as ArticleBody;
      assert.equal(a.status, 'draft');
      const hidden = await app.inject({ method: 'GET', url: `/api/v1/cases/knowledge?q=${encodeURIComponent('共享单车')}`, as: 'admin' });
      assert.deepEqual((hidden.json() as { items: unknown[] }).items, [], 'a draft is not in operator search');
      const published = await app.inject({
        method: 'PATCH',
        url: `/api/v1/cases/knowledge/${a.id}`,
        as: 'admin',
        payload: { version: 1, status: 'published' },
      });
      assert.equal(published.statusCode, 200, published.body);
      const stale = await app.inject({
        method: 'PATCH',
        url: `/api/v1/cases/knowledge/${a.id}`,
        as: 'admin',
        payload: { version: 1, title: '旧版本' },
      });
      assert.equal(stale.statusCode, 409);
      const found = await app.inject({
        method: 'GET',
        url: `/api/v1/cases/knowledge?q=${encodeURIComponent('单车乱停')}&categoryCode=1503`,
        as: 'admin',
      });
      assert.equal(found.statusCode, 200, found.body);
      assert.equal((found.json() as { items: Array<{ article: ArticleBody }> }).items[0].article.id, a.id);
      const suggested = await post('/api/v1/cases/knowledge/suggest', { text: '小区门口共享单车停得乱七八糟，找谁管' });
      assert.equal(suggested.statusCode, 200, suggested.body);
      assert.equal((suggested.json() as { items: Array<{ article: ArticleBody }> }).items[0].article.id, a.id);
      const versions = await app.inject({ method: 'GET', url: `/api/v1/cases/knowledge/${a.id}/versions`, as: 'admin' });
      assert.deepEqual(
        (versions.json() as { items: ArticleBody[] }).items.map((v) => v.version),
        [2, 1],
      );
      const audit = await app.inject({
        method: 'GET',
        url: `/api/v1/audit?target=${encodeURIComponent(`kb-article:${a.id}`)}`,
        as: 'admin',
      });
      assert.equal(audit.statusCode, 200, audit.body);
      assert.deepEqual(
        (audit.json() as { items: Array<{ action: string }> }).items.map((r) => r.action),
        ['cases.kb.article.published', 'cases.kb.article.created'],
      );
    });

    it('answers 404 for an unknown article and 400 problems naming the field for bad input', async () => {
      const missing = await app.inject({ method: 'GET', url: '/api/v1/cases/knowledge/nope', as: 'admin' });
      assert.equal(missing.statusCode, 404);
      const cases: Array<[string, string, unknown?, string?]> = [
        ['GET', '/api/v1/cases/knowledge?limit=0', undefined, 'limit'],
        ['GET', '/api/v1/cases/knowledge?status=deleted', undefined, 'status'],
        ['POST', '/api/v1/cases/knowledge', { title: '', body: 'x' }, 'title'],
        ['POST', '/api/v1/cases/knowledge', { title: 't', body: 'x', validFrom: 'tomorrow' }, 'validFrom'],
        [
          'POST',
          '/api/v1/cases/knowledge',
          { title: 't', body: 'x', validFrom: '2026-12-01T00:00:00Z', validTo: '2026-11-01T00:00:00Z' },
          'validTo',
        ],
        ['POST', '/api/v1/cases/knowledge/suggest', { text: 7 }, 'text'],
      ];
      for (const [method, url, payload, field] of cases) {
        const res = await app.inject({
          method: method as 'GET',
          url,
          as: 'admin',
          ...(payload !== undefined ? { payload: payload as object } : {}),
        });
        assert.equal(res.statusCode, 400, `${method} ${url} → ${res.statusCode} ${res.body}`);
        assert.match(String(res.headers['content-type']), /problem\+json/);
        assert.ok(res.body.includes(field!), `the problem names ${field}: ${res.body}`);
      }
      const anon = await app.inject({ method: 'GET', url: '/api/v1/cases/knowledge' });
      assert.equal(anon.statusCode, 401);
    });
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';

forEachDialect((dialect) => {
  describe(`HTTP kernel (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({ dialect });
    });
    after(() => t.close());

    it('answers /healthz, /readyz and /metrics', async () => {
      assert.equal((await t.inject('/healthz')).statusCode, 200);
      const ready = await t.inject('/readyz');
      assert.equal(ready.statusCode, 200);
      assert.equal(ready.json().status, 'ready');
      const m = await t.inject('/metrics');
      assert.equal(m.statusCode, 200);
      assert.match(m.headers['content-type'] as string, /text\/plain/);
      assert.match(m.body, /zhicheng_http_requests_total\{method="GET",route="\/readyz",status="200"\} 1/);
      assert.match(m.body, /zhicheng_process_resident_memory_bytes \d+/);
    });

    it('serves an OpenAPI 3.1 document of the platform routes and the docs page', async () => {
      const res = await t.inject('/api/openapi.json');
      assert.equal(res.statusCode, 200);
      const doc = res.json();
      assert.equal(doc.openapi, '3.1.0');
      assert.ok(doc.paths['/api/v1/geo/locate'], 'geo locate is documented');
      assert.ok(doc.paths['/api/v1/auth/login'], 'login is documented');
      assert.ok(doc.paths['/api/v1/audit'], 'audit is documented');
      const docs = await t.inject('/api/docs');
      assert.ok([200, 302].includes(docs.statusCode));
    });

    it('sends problem+json for an unknown API route', async () => {
      const res = await t.inject('/api/v1/nothing-here');
      assert.equal(res.statusCode, 404);
      assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
      const p = res.json();
      assert.equal(p.status, 404);
      assert.equal(p.title, 'Not found');
      assert.ok(p.type && p.detail);
    });

    it('demands authentication with a 401 problem', async () => {
      const res = await t.inject('/api/v1/audit');
      assert.equal(res.statusCode, 401);
      assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
    });

    it('names every bad field of a request', async () => {
      const res = await t.inject({ method: 'GET', url: '/api/v1/audit?limit=0&from=yesterday&cursor=abc', as: 'admin' });
      assert.equal(res.statusCode, 400);
      const paths = res
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort();
      assert.deepEqual(paths, ['/query/cursor', '/query/from', '/query/limit']);
    });

    it('refuses a malformed JSON body with a 400 problem, not a crash', async () => {
      const s = await t.login('admin');
      const res = await t.inject({
        method: 'POST',
        url: '/api/v1/org/departments',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'content-type': 'application/json' },
        payload: '{"code": "D999", ',
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.json().detail, /JSON/);
      assert.equal((await t.inject('/healthz')).statusCode, 200);
    });

    it('takes body types as sent: a number where text belongs is a 400 naming the field, not coerced', async () => {
      const res = await t.inject({
        method: 'POST',
        url: '/api/v1/org/departments',
        as: 'admin',
        payload: { code: 'D901', name: 5, kind: 'bureau', orgUnitCode: '330799' },
      });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(
        res.json().errors.map((e: { path: string }) => e.path),
        ['/body/name'],
      );
      const list = await t.inject({ method: 'GET', url: '/api/v1/org/departments?limit=200', as: 'admin' });
      assert.ok(!list.json().items.some((d: { code: string }) => d.code === 'D901'), 'nothing was stored');
    });

    it('still reads numbers from query strings', async () => {
      const res = await t.inject({ method: 'GET', url: '/api/v1/audit?limit=2', as: 'admin' });
      assert.equal(res.statusCode, 200);
      assert.ok(res.json().items.length <= 2);
    });

    it('says how large a body the endpoint accepts when refusing one', async () => {
      const res = await t.inject({
        method: 'POST',
        url: '/api/v1/org/departments',
        as: 'admin',
        payload: { code: 'D902', name: 'x'.repeat(1_100_000), kind: 'bureau', orgUnitCode: '330799' },
      });
      assert.equal(res.statusCode, 413);
      assert.match(res.json().detail, /at most 1 MB/);
      assert.equal((await t.inject('/healthz')).statusCode, 200);
    });

    it('sets security headers and a request id', async () => {
      const res = await t.inject('/healthz');
      assert.ok(res.headers['content-security-policy']);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.ok(res.headers['x-frame-options']);
      assert.match(res.headers['x-request-id'] as string, /^[0-9A-Z]{26}$/);
    });

    it('lists audit records to an auditor, newest first, with paging', async () => {
      await t.inject({
        method: 'POST',
        url: '/api/v1/org/departments',
        as: 'admin',
        payload: { code: 'D900', name: '测试局', kind: 'bureau', orgUnitCode: '330799' },
      });
      const res = await t.inject({ method: 'GET', url: '/api/v1/audit?limit=1', as: 'admin' });
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.equal(body.items.length, 1);
      assert.ok(body.next);
      const page2 = await t.inject({ method: 'GET', url: `/api/v1/audit?limit=1&cursor=${body.next}`, as: 'admin' });
      assert.ok(page2.json().items[0].seq < body.items[0].seq);
    });
  });
});

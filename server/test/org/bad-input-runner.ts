/**
 * Runs a table of bad requests against a fresh platform: each must answer 400 problem+json whose
 * `errors` name the offending field, and none may write anything.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';
import { loadFixture } from './org-fixture.js';

export interface BadCase {
  name: string;
  method: InjectOptions['method'];
  url: string | ((ids: Ids) => string);
  payload?: unknown;
  /** The field the problem must name (a JSON pointer into the request). */
  path: string;
  /** Send as this user (default admin); null = anonymous. */
  as?: string | null;
}

export interface Ids {
  user: string;
}

export const long = (n: number) => 'x'.repeat(n);

/** Declares one suite per dialect running `cases`. */
export function runBadInputSuite(title: string, cases: BadCase[]): void {
  forEachDialect((dialect) => {
    describe(`${title} (${dialect})`, () => {
      let t: TestApp;
      const ids: Ids = { user: '' };
      let counts: Record<string, number>;

      const countRows = async () => {
        const out: Record<string, number> = {};
        for (const table of ['org_users', 'org_departments', 'kernel_auth_api_keys', 'kernel_outbox']) {
          const r = await t.platform.db.kysely
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow();
          out[table] = Number(r.n);
        }
        return out;
      };

      before(async () => {
        t = await startTestApp({ dialect });
        await loadFixture(t);
        ids.user = (await t.platform.services.org.users.findByUsername('operator1'))!.id;
        await t.inject({ method: 'GET', url: '/api/v1/auth/me', as: 'admin' }); // sign in before counting
        counts = await countRows();
      });
      after(() => t.close());

      for (const c of cases) {
        it(`${c.method} ${typeof c.url === 'string' ? c.url.slice(0, 60) : c.url({ user: '{id}' })}: ${c.name} → 400 naming ${c.path}`, async () => {
          const url = typeof c.url === 'string' ? c.url : c.url(ids);
          const as = c.as === null ? undefined : (c.as ?? 'admin');
          const res = await t.inject({
            method: c.method,
            url,
            ...(c.payload !== undefined ? { payload: c.payload as object } : {}),
            ...(as ? { as } : {}),
          });
          assert.equal(res.statusCode, 400, res.body);
          assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
          const body = res.json() as { status: number; detail: string; errors?: { path: string; message: string }[] };
          assert.equal(body.status, 400);
          assert.ok(body.detail.length > 0);
          const paths = (body.errors ?? []).map((e) => e.path);
          assert.ok(paths.includes(c.path), `expected ${c.path} among ${JSON.stringify(body.errors)}`);
        });
      }

      it('wrote nothing for any of the bad requests', async () => {
        assert.deepEqual(await countRows(), counts);
      });
    });
  });
}

/**
 * Account lockout, session idle expiry and the sign-in rate limit, with a clock the tests move.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { forEachDialect, TEST_ADMIN_PASSWORD, type TestApp } from '../helpers/test-app.js';
import { FIXTURE_PASSWORD, minutes } from '../org/org-fixture.js';
import { cookieOf, platformWithClock } from './auth-test-kit.js';

forEachDialect((dialect) => {
  describe(`auth lockout (${dialect})`, () => {
    const h = platformWithClock(dialect);
    const { clock } = h;
    let t: TestApp;
    before(() => {
      t = h.t;
    });
    const login = (username: string, password: string) => h.login(username, password);

    describe('lockout', () => {
      it('locks after 5 failures in 15 minutes: 423 with Retry-After, even with the right password', async () => {
        for (let i = 1; i <= 5; i++) {
          const res = await login('handler1', `Wrong-Password-${i}`);
          assert.equal(res.statusCode, 401, `attempt ${i}`);
        }
        const locked = await login('handler1', FIXTURE_PASSWORD);
        assert.equal(locked.statusCode, 423, locked.body);
        const retryAfter = Number(locked.headers['retry-after']);
        assert.ok(retryAfter > 14 * 60 && retryAfter <= 15 * 60, `Retry-After ${retryAfter}`);
        assert.match(locked.json().detail, /Too many failed sign-ins/);
      });

      it('shows the locked user as locked in the user list', async () => {
        const res = await t.inject({ method: 'GET', url: '/api/v1/org/users?q=handler1', as: 'admin' });
        assert.equal(res.json().items[0].status, 'locked');
      });

      it('lifts the lock after 15 minutes', async () => {
        clock.advance(minutes(15) + 1000);
        const res = await login('handler1', FIXTURE_PASSWORD);
        assert.equal(res.statusCode, 200, res.body);
      });

      it('does not lock for failures spread over more than 15 minutes', async () => {
        for (let i = 0; i < 4; i++) assert.equal((await login('steward1', 'Wrong-Password-1')).statusCode, 401);
        clock.advance(minutes(16));
        for (let i = 0; i < 2; i++) assert.equal((await login('steward1', 'Wrong-Password-1')).statusCode, 401);
        assert.equal((await login('steward1', FIXTURE_PASSWORD)).statusCode, 200);
      });

      it('a successful sign-in resets the failure count', async () => {
        for (let i = 0; i < 4; i++) await login('operator1', 'Wrong-Password-1');
        assert.equal((await login('operator1', FIXTURE_PASSWORD)).statusCode, 200);
        for (let i = 0; i < 4; i++) assert.equal((await login('operator1', 'Wrong-Password-1')).statusCode, 401);
        assert.equal((await login('operator1', FIXTURE_PASSWORD)).statusCode, 200);
      });

      it('locks unknown usernames too, so probing names is throttled', async () => {
        for (let i = 0; i < 5; i++) await login('ghost', 'Wrong-Password-1');
        assert.equal((await login('ghost', 'Wrong-Password-1')).statusCode, 423);
      });

      it('an administrator setting the account active lifts the lock', async () => {
        for (let i = 0; i < 5; i++) await login('dispatcher1', 'Wrong-Password-1');
        assert.equal((await login('dispatcher1', FIXTURE_PASSWORD)).statusCode, 423);
        const headers = await h.admin();
        const users = await t.inject({ method: 'GET', url: '/api/v1/org/users?q=dispatcher1', headers });
        const id = users.json().items[0].id;
        const patch = await t.inject({ method: 'PATCH', url: `/api/v1/org/users/${id}`, payload: { status: 'active' }, headers });
        assert.equal(patch.statusCode, 200, patch.body);
        assert.equal(patch.json().status, 'active');
        assert.equal((await login('dispatcher1', FIXTURE_PASSWORD)).statusCode, 200);
      });
    });
  });

  describe(`auth sessions (${dialect})`, () => {
    const h = platformWithClock(dialect);
    const { clock } = h;
    const login = (username: string, password: string) => h.login(username, password);
    let t: TestApp;
    before(() => {
      t = h.t;
    });

    describe('sessions', () => {
      it('expire after 30 minutes idle', async () => {
        const res = await login('operator1', FIXTURE_PASSWORD);
        const cookie = cookieOf(res);
        clock.advance(minutes(31));
        const me = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
        assert.equal(me.statusCode, 401);
        const list = await t.inject({ method: 'GET', url: '/api/v1/org/roles', headers: { cookie } });
        assert.equal(list.statusCode, 401);
      });

      it('slide: a request every 20 minutes keeps the session alive', async () => {
        const res = await login('operator1', FIXTURE_PASSWORD);
        const cookie = cookieOf(res);
        for (let i = 0; i < 4; i++) {
          clock.advance(minutes(20));
          const r = await t.inject({ method: 'GET', url: '/api/v1/org/roles', headers: { cookie } });
          assert.equal(r.statusCode, 200, `after ${(i + 1) * 20} min`);
        }
      });

      it('a forged cookie is not a session', async () => {
        const r = await t.inject({
          method: 'GET',
          url: '/api/v1/org/roles',
          headers: { cookie: 'zc_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
        });
        assert.equal(r.statusCode, 401);
      });
    });
  });

  describe(`auth sign-in rate limit (${dialect})`, () => {
    const h = platformWithClock(dialect);

    it('answers 429 with Retry-After after 60 sign-in attempts a minute from one address', async () => {
      const statuses: number[] = [];
      // One username: after 5 failures the lockout answers without hashing, so this stays quick.
      for (let i = 0; i < 61; i++) statuses.push((await h.login('ghost2', 'Wrong-Password-1')).statusCode);
      assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
      assert.ok(statuses.slice(5, 60).every((s) => s === 423));
      assert.equal(statuses[60], 429);
      const res = await h.login('admin', TEST_ADMIN_PASSWORD);
      assert.equal(res.statusCode, 429);
      assert.ok(Number(res.headers['retry-after']) > 0);
    });
  });
});

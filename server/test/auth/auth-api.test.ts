/**
 * Sign-in, CSRF, API keys, permissions and password change through the real HTTP app, on every
 * dialect. Lockout, idle expiry and rate limits are in auth-lockout.test.ts.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { forEachDialect, TEST_ADMIN_PASSWORD, type TestApp } from '../helpers/test-app.js';
import { FIXTURE_PASSWORD } from '../org/org-fixture.js';
import { cookieOf, platformWithClock } from './auth-test-kit.js';

forEachDialect((dialect) => {
  describe(`auth API (${dialect})`, () => {
    const h = platformWithClock(dialect);
    let t: TestApp;
    before(() => {
      t = h.t;
    });
    const login = (username: string, password: string) => h.login(username, password);

    describe('sign-in', () => {
      it('signs in with the right password: user, CSRF token and an HttpOnly SameSite=Strict cookie', async () => {
        const res = await login('admin', TEST_ADMIN_PASSWORD);
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json();
        assert.equal(body.user.username, 'admin');
        assert.deepEqual(body.user.roles, ['admin']);
        assert.deepEqual(body.user.permissions, ['*']);
        assert.equal(body.user.departmentCode, null);
        assert.equal(body.user.mustChangePassword, false);
        assert.ok(body.csrfToken.length >= 20);
        const setCookie = String(res.headers['set-cookie']);
        assert.match(setCookie, /^zc_session=[A-Za-z0-9_-]{30,};/);
        assert.match(setCookie, /HttpOnly/);
        assert.match(setCookie, /SameSite=Strict/);
        assert.match(setCookie, /Path=\//);
      });

      it('treats usernames case-insensitively', async () => {
        const res = await login('Operator1', FIXTURE_PASSWORD);
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json().user.username, 'operator1');
        assert.equal(res.json().user.departmentName, '市城市运行管理中心');
      });

      it('answers 401 problem+json on a wrong password and on an unknown user, alike', async () => {
        const wrong = await login('inspector1', 'Wrong-Password-1');
        const unknown = await login('nobody', 'Wrong-Password-1');
        for (const res of [wrong, unknown]) {
          assert.equal(res.statusCode, 401);
          assert.match(String(res.headers['content-type']), /application\/problem\+json/);
          assert.equal(res.json().detail, 'Wrong username or password');
          assert.equal(res.headers['set-cookie'], undefined);
        }
      });

      it('/auth/me returns the user and the same CSRF token; 401 without a session', async () => {
        const res = await login('dispatcher1', FIXTURE_PASSWORD);
        const cookie = cookieOf(res);
        const me = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
        assert.equal(me.statusCode, 200);
        assert.equal(me.json().user.username, 'dispatcher1');
        assert.equal(me.json().user.displayName, '欧阳娜娜');
        assert.ok(me.json().user.permissions.includes('cases.dispatch'));
        assert.equal(me.json().csrfToken, res.json().csrfToken);
        const anon = await t.inject({ method: 'GET', url: '/api/v1/auth/me' });
        assert.equal(anon.statusCode, 401);
      });

      it('logout ends the session and clears the cookie', async () => {
        const res = await login('steward1', FIXTURE_PASSWORD);
        const cookie = cookieOf(res);
        const out = await t.inject({
          method: 'POST',
          url: '/api/v1/auth/logout',
          headers: { cookie, 'x-csrf-token': res.json().csrfToken },
        });
        assert.equal(out.statusCode, 204);
        assert.match(String(out.headers['set-cookie']), /zc_session=;.*Max-Age=0/);
        const me = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
        assert.equal(me.statusCode, 401);
      });

      it('audits successful and failed sign-ins without the password', async () => {
        await login('inspector1', 'Not-The-Password-9');
        const res = await t.inject({ method: 'GET', url: '/api/v1/audit?action=auth.*&limit=100', as: 'admin' });
        assert.equal(res.statusCode, 200);
        const actions = res.json().items.map((i: { action: string }) => i.action);
        assert.ok(actions.includes('auth.login'));
        assert.ok(actions.includes('auth.login.failed'));
        assert.ok(!res.body.includes('Not-The-Password-9'));
      });
    });
  });

  describe(`auth CSRF, API keys, permissions (${dialect})`, () => {
    const h = platformWithClock(dialect);
    const login = (username: string, password: string) => h.login(username, password);
    let t: TestApp;
    before(() => {
      t = h.t;
    });

    describe('CSRF', () => {
      it('refuses a cookie POST without or with a wrong X-CSRF-Token (403), accepts the right one', async () => {
        const res = await login('admin', TEST_ADMIN_PASSWORD);
        const cookie = cookieOf(res);
        const payload = { code: 'CSRF1', name: '测试部门', kind: 'bureau', orgUnitCode: '330799' };
        const none = await t.inject({ method: 'POST', url: '/api/v1/org/departments', headers: { cookie }, payload });
        assert.equal(none.statusCode, 403);
        assert.equal(none.json().detail, 'CSRF token missing or wrong');
        const wrong = await t.inject({
          method: 'POST',
          url: '/api/v1/org/departments',
          headers: { cookie, 'x-csrf-token': 'nope' },
          payload,
        });
        assert.equal(wrong.statusCode, 403);
        const right = await t.inject({
          method: 'POST',
          url: '/api/v1/org/departments',
          headers: { cookie, 'x-csrf-token': res.json().csrfToken },
          payload,
        });
        assert.equal(right.statusCode, 201, right.body);
      });

      it('does not ask for a CSRF token on GET', async () => {
        const cookie = cookieOf(await login('admin', TEST_ADMIN_PASSWORD));
        assert.equal((await t.inject({ method: 'GET', url: '/api/v1/org/departments', headers: { cookie } })).statusCode, 200);
      });

      it('change-password (a public route) checks the CSRF token itself', async () => {
        const cookie = cookieOf(await login('steward1', FIXTURE_PASSWORD));
        const res = await t.inject({
          method: 'POST',
          url: '/api/v1/auth/change-password',
          headers: { cookie },
          payload: { currentPassword: FIXTURE_PASSWORD, newPassword: 'Another-Pass-2027' },
        });
        assert.equal(res.statusCode, 403);
      });
    });

    describe('API keys', () => {
      let key: string;
      let keyId: string;

      it('creates a key shown once in zk_ format, listed without the secret', async () => {
        const res = await t.inject({
          method: 'POST',
          url: '/api/v1/org/api-keys',
          payload: { name: '网格系统', permissions: ['org.read', 'geo.read'] },
          as: 'admin',
        });
        assert.equal(res.statusCode, 201, res.body);
        key = res.json().key;
        keyId = res.json().id;
        assert.match(key, /^zk_[a-z0-9]{8}_[A-Za-z0-9]{32}$/);
        assert.equal(res.json().prefix, key.slice(3, 11));
        assert.deepEqual(res.json().permissions, ['geo.read', 'org.read']);
        assert.equal(res.json().createdBy, 'admin');
        const list = await t.inject({ method: 'GET', url: '/api/v1/org/api-keys', as: 'admin' });
        const listed = list.json().items.find((k: { id: string }) => k.id === keyId);
        assert.equal(listed.name, '网格系统');
        assert.equal(listed.revokedAt, null);
        assert.ok(!list.body.includes(key.slice(12)), 'the secret never appears in lists');
      });

      it('a system calls with Authorization: Bearer, without CSRF, within its permissions', async () => {
        const ok = await t.inject({ method: 'GET', url: '/api/v1/org/roles', headers: { authorization: `Bearer ${key}` } });
        assert.equal(ok.statusCode, 200);
        const me = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${key}` } });
        assert.equal(me.json().user.id, keyId);
        assert.equal(me.json().csrfToken, null);
        const forbidden = await t.inject({
          method: 'POST',
          url: '/api/v1/org/departments',
          headers: { authorization: `Bearer ${key}` },
          payload: { code: 'K1', name: 'x', kind: 'bureau', orgUnitCode: '330799' },
        });
        assert.equal(forbidden.statusCode, 403);
        assert.match(forbidden.json().detail, /org\.write/);
      });

      it('a key with a write permission may POST without a CSRF token', async () => {
        const res = await t.inject({
          method: 'POST',
          url: '/api/v1/org/api-keys',
          payload: { name: '部门同步', permissions: ['org.read', 'org.write'] },
          as: 'admin',
        });
        const writer = res.json().key;
        const created = await t.inject({
          method: 'POST',
          url: '/api/v1/org/departments',
          headers: { authorization: `Bearer ${writer}` },
          payload: { code: 'K2', name: '同步部门', kind: 'enterprise', orgUnitCode: '330791' },
        });
        assert.equal(created.statusCode, 201, created.body);
      });

      it('records when a key was last used', async () => {
        const list = await t.inject({ method: 'GET', url: '/api/v1/org/api-keys', as: 'admin' });
        assert.ok(list.json().items.find((k: { id: string }) => k.id === keyId).lastUsedAt);
      });

      it('a revoked key is refused at once (401)', async () => {
        const del = await t.inject({ method: 'DELETE', url: `/api/v1/org/api-keys/${keyId}`, as: 'admin' });
        assert.equal(del.statusCode, 204);
        const res = await t.inject({ method: 'GET', url: '/api/v1/org/roles', headers: { authorization: `Bearer ${key}` } });
        assert.equal(res.statusCode, 401);
        assert.match(res.json().detail, /invalid or revoked/);
        const list = await t.inject({ method: 'GET', url: '/api/v1/org/api-keys', as: 'admin' });
        assert.ok(list.json().items.find((k: { id: string }) => k.id === keyId).revokedAt);
      });

      it('a malformed or unknown key is 401', async () => {
        for (const bad of ['zk_nonsense', 'zk_abcdefgh_' + 'A'.repeat(32)]) {
          const res = await t.inject({ method: 'GET', url: '/api/v1/org/roles', headers: { authorization: `Bearer ${bad}` } });
          assert.equal(res.statusCode, 401, bad);
        }
      });

      it('revoking an unknown key is 404', async () => {
        const res = await t.inject({ method: 'DELETE', url: '/api/v1/org/api-keys/NOPE', as: 'admin' });
        assert.equal(res.statusCode, 404);
      });

      it('nobody can grant a permission they do not hold', async () => {
        // data_steward lacks org.apikeys.write entirely: 403 on the route itself.
        const res = await t.inject({
          method: 'POST',
          url: '/api/v1/org/api-keys',
          payload: { name: 'x', permissions: ['geo.read'] },
          as: 'steward1',
        });
        assert.equal(res.statusCode, 403);
        // A key holding org.apikeys.write but not audit.read cannot mint an audit.read key.
        const minter = await t.inject({
          method: 'POST',
          url: '/api/v1/org/api-keys',
          payload: { name: 'minter', permissions: ['org.apikeys.write'] },
          as: 'admin',
        });
        const escalate = await t.inject({
          method: 'POST',
          url: '/api/v1/org/api-keys',
          headers: { authorization: `Bearer ${minter.json().key}` },
          payload: { name: 'x', permissions: ['audit.read'] },
        });
        assert.equal(escalate.statusCode, 403);
        assert.match(escalate.json().detail, /audit\.read/);
      });
    });

    describe('permissions', () => {
      it('a role without the permission gets 403 problem naming it', async () => {
        const res = await t.inject({
          method: 'POST',
          url: '/api/v1/org/users',
          payload: { username: 'x1', displayName: 'x', roles: ['analyst'] },
          as: 'operator1',
        });
        assert.equal(res.statusCode, 403);
        assert.match(res.json().detail, /org\.users\.write/);
        const audit = await t.inject({ method: 'GET', url: '/api/v1/audit', as: 'operator1' });
        assert.equal(audit.statusCode, 403);
      });

      it('no credentials at all is 401', async () => {
        const res = await t.inject({ method: 'GET', url: '/api/v1/org/users' });
        assert.equal(res.statusCode, 401);
      });
    });

    describe('change password', () => {
      it('changes the password, keeps this session, ends the others', async () => {
        const first = await login('handler1', FIXTURE_PASSWORD);
        const second = await login('handler1', FIXTURE_PASSWORD);
        const res = await t.inject({
          method: 'POST',
          url: '/api/v1/auth/change-password',
          headers: { cookie: cookieOf(first), 'x-csrf-token': first.json().csrfToken },
          payload: { currentPassword: FIXTURE_PASSWORD, newPassword: 'Handler-New-2027' },
        });
        assert.equal(res.statusCode, 204, res.body);
        assert.equal((await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: cookieOf(first) } })).statusCode, 200);
        assert.equal((await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: cookieOf(second) } })).statusCode, 401);
        assert.equal((await login('handler1', FIXTURE_PASSWORD)).statusCode, 401);
        assert.equal((await login('handler1', 'Handler-New-2027')).statusCode, 200);
      });

      it('refuses a wrong current password (400 naming currentPassword) and a weak new one (400 naming newPassword)', async () => {
        const s = await login('handler1', 'Handler-New-2027');
        const headers = { cookie: cookieOf(s), 'x-csrf-token': s.json().csrfToken };
        const wrong = await t.inject({
          method: 'POST',
          url: '/api/v1/auth/change-password',
          headers,
          payload: { currentPassword: 'Wrong-Pass-2027', newPassword: 'Handler-Newer-2028' },
        });
        assert.equal(wrong.statusCode, 400);
        assert.equal(wrong.json().errors[0].path, '/body/currentPassword');
        const weak = await t.inject({
          method: 'POST',
          url: '/api/v1/auth/change-password',
          headers,
          payload: { currentPassword: 'Handler-New-2027', newPassword: 'short' },
        });
        assert.equal(weak.statusCode, 400);
        assert.equal(weak.json().errors[0].path, '/body/newPassword');
        assert.match(weak.json().detail, /at least 10 characters/);
        const same = await t.inject({
          method: 'POST',
          url: '/api/v1/auth/change-password',
          headers,
          payload: { currentPassword: 'Handler-New-2027', newPassword: 'Handler-New-2027' },
        });
        assert.equal(same.statusCode, 400);
      });

      it('is 401 without a session', async () => {
        const res = await t.inject({
          method: 'POST',
          url: '/api/v1/auth/change-password',
          payload: { currentPassword: 'a', newPassword: 'b' },
        });
        assert.equal(res.statusCode, 401);
      });
    });
  });
});

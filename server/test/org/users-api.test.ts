/**
 * Users through the HTTP API: create, read, list with filters and paging, change, disable,
 * reset password; audit and events in the same transaction; phones masked for readers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';
import { FIXTURE_PASSWORD, loadFixture } from './org-fixture.js';

forEachDialect((dialect) => {
  describe(`org users API (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({ dialect });
      await loadFixture(t);
    });
    after(() => t.close());

    const login = (username: string, password: string) =>
      t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
    const userId = async (username: string): Promise<string> => {
      const res = await t.inject({ method: 'GET', url: `/api/v1/org/users?q=${username}`, as: 'admin' });
      const u = res.json().items.find((i: { username: string }) => i.username === username);
      assert.ok(u, `user ${username} listed`);
      return u.id;
    };

    it('creates a user with a generated password, shown once, that must be changed', async () => {
      const res = await t.inject({
        method: 'POST',
        url: '/api/v1/org/users',
        payload: { username: 'Operator9', displayName: '钱七', roles: ['operator'], departmentCode: 'C01', phone: '13600001234' },
        as: 'admin',
      });
      assert.equal(res.statusCode, 201, res.body);
      const { user, password } = res.json();
      assert.equal(user.username, 'operator9', 'usernames are stored lower-cased');
      assert.equal(user.displayName, '钱七');
      assert.deepEqual(user.roles, ['operator']);
      assert.equal(user.departmentCode, 'C01');
      assert.equal(user.departmentName, '市城市运行管理中心');
      assert.equal(user.phone, '13600001234', 'the manager sees the phone in clear');
      assert.equal(user.status, 'active');
      assert.equal(user.mustChangePassword, true);
      assert.ok(user.permissions.includes('cases.create'));
      assert.equal(typeof password, 'string');
      const signIn = await login('operator9', password);
      assert.equal(signIn.statusCode, 200);
      assert.equal(signIn.json().user.mustChangePassword, true);
      const again = await t.inject({ method: 'GET', url: `/api/v1/org/users/${user.id}`, as: 'admin' });
      assert.equal(again.json().password, undefined, 'the password is never shown again');
    });

    it('creates a user with a given password and does not echo it', async () => {
      const res = await t.inject({
        method: 'POST',
        url: '/api/v1/org/users',
        payload: { username: 'analyst9', displayName: '孙八', roles: ['analyst', 'inspector'], password: 'Analyst-Pass-2026' },
        as: 'admin',
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().password, undefined);
      assert.deepEqual(res.json().user.roles, ['analyst', 'inspector']);
      assert.equal(res.json().user.departmentCode, null);
      assert.equal(res.json().user.mustChangePassword, false);
      assert.equal((await login('analyst9', 'Analyst-Pass-2026')).statusCode, 200);
    });

    it('refuses a taken username with 409, whatever its case', async () => {
      const res = await t.inject({
        method: 'POST',
        url: '/api/v1/org/users',
        payload: { username: 'OPERATOR1', displayName: 'x', roles: ['operator'] },
        as: 'admin',
      });
      assert.equal(res.statusCode, 409);
      assert.match(res.json().detail, /operator1 is taken/);
    });

    it('audits and publishes the creation in the same transaction', async () => {
      const id = await userId('operator9');
      const audit = await t.inject({ method: 'GET', url: `/api/v1/audit?target=user:${id}`, as: 'admin' });
      const rec = audit.json().items.find((i: { action: string }) => i.action === 'org.user.created');
      assert.ok(rec);
      assert.equal(rec.actor, await userId('admin'));
      assert.equal(rec.detail.passwordGenerated, true);
      assert.ok(!JSON.stringify(rec).includes('scrypt$'), 'no password hash in the audit record');
      const events = await t.platform.db.kysely
        .selectFrom('kernel_outbox')
        .select(['name', 'payload'])
        .where('name', '=', 'org.user.created.v1')
        .execute();
      const ev = events.map((e) => JSON.parse(e.payload as string)).find((p) => p.id === id);
      assert.deepEqual(ev, { id, username: 'operator9', roles: ['operator'], departmentCode: 'C01' });
    });

    it('lists users ordered by username with total, filters and an opaque cursor', async () => {
      const all = await t.inject({ method: 'GET', url: '/api/v1/org/users?limit=1000', as: 'admin' });
      assert.equal(all.statusCode, 200);
      const names = all.json().items.map((u: { username: string }) => u.username);
      assert.deepEqual(names, [...names].sort());
      assert.equal(all.json().total, names.length);
      assert.equal(all.json().next, null);

      const pages: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/org/users?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = await t.inject({ method: 'GET', url, as: 'admin' });
        assert.equal(page.json().total, names.length);
        pages.push(...page.json().items.map((u: { username: string }) => u.username));
        cursor = page.json().next;
      } while (cursor);
      assert.deepEqual(pages, names);

      const byRole = await t.inject({ method: 'GET', url: '/api/v1/org/users?role=operator', as: 'admin' });
      assert.deepEqual(
        byRole.json().items.map((u: { username: string }) => u.username),
        ['operator1', 'operator9'],
      );
      const byDept = await t.inject({ method: 'GET', url: '/api/v1/org/users?departmentCode=D0101', as: 'admin' });
      assert.deepEqual(
        byDept
          .json()
          .items.map((u: { username: string }) => u.username)
          .sort(),
        ['handler1', 'inspector1'],
      );
      const byName = await t.inject({ method: 'GET', url: `/api/v1/org/users?q=${encodeURIComponent('欧阳')}`, as: 'admin' });
      assert.deepEqual(
        byName.json().items.map((u: { username: string }) => u.username),
        ['dispatcher1'],
      );
      assert.equal(byName.json().total, 1);
    });

    it('masks phones for readers without org.users.write, and not for managers', async () => {
      const asReader = await t.inject({ method: 'GET', url: '/api/v1/org/users?q=operator1', as: 'dispatcher1' });
      assert.equal(asReader.statusCode, 200);
      assert.equal(asReader.json().items[0].phone, '138****8000');
      const one = await t.inject({ method: 'GET', url: `/api/v1/org/users/${asReader.json().items[0].id}`, as: 'dispatcher1' });
      assert.equal(one.json().phone, '138****8000');
      const asAdmin = await t.inject({ method: 'GET', url: '/api/v1/org/users?q=operator1', as: 'admin' });
      assert.equal(asAdmin.json().items[0].phone, '13812348000');
    });

    it('GET an unknown user is 404', async () => {
      const res = await t.inject({ method: 'GET', url: '/api/v1/org/users/NOPE', as: 'admin' });
      assert.equal(res.statusCode, 404);
    });

    it('changes name, roles, department and phone; the new permissions apply at once', async () => {
      const id = await userId('handler1');
      const before = await login('handler1', FIXTURE_PASSWORD);
      const cookie = String(before.headers['set-cookie']).split(';')[0]!;
      assert.equal((await t.inject({ method: 'GET', url: '/api/v1/audit', headers: { cookie } })).statusCode, 403);
      const res = await t.inject({
        method: 'PATCH',
        url: `/api/v1/org/users/${id}`,
        payload: { displayName: '李四四', roles: ['handler', 'commander'], departmentCode: 'D01', phone: '13511112222' },
        as: 'admin',
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().displayName, '李四四');
      assert.deepEqual(res.json().roles, ['commander', 'handler']);
      assert.equal(res.json().departmentCode, 'D01');
      assert.equal(res.json().phone, '13511112222');
      assert.equal(
        (await t.inject({ method: 'GET', url: '/api/v1/audit', headers: { cookie } })).statusCode,
        200,
        'commander has audit.read',
      );
      const audit = await t.inject({ method: 'GET', url: `/api/v1/audit?target=user:${id}&action=org.user.updated`, as: 'admin' });
      assert.deepEqual(audit.json().items[0].detail.changed, ['displayName', 'roles', 'departmentCode', 'phone']);
      const cleared = await t.inject({
        method: 'PATCH',
        url: `/api/v1/org/users/${id}`,
        payload: { departmentCode: null, phone: null },
        as: 'admin',
      });
      assert.equal(cleared.json().departmentCode, null);
      assert.equal(cleared.json().phone, null);
    });

    it('disabling a user ends their sessions and stops sign-in; enabling restores it', async () => {
      const id = await userId('steward1');
      const s = await login('steward1', FIXTURE_PASSWORD);
      const cookie = String(s.headers['set-cookie']).split(';')[0]!;
      assert.equal((await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode, 200);
      const res = await t.inject({ method: 'PATCH', url: `/api/v1/org/users/${id}`, payload: { status: 'disabled' }, as: 'admin' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().status, 'disabled');
      assert.equal((await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode, 401);
      const refused = await login('steward1', FIXTURE_PASSWORD);
      assert.equal(refused.statusCode, 403);
      assert.match(refused.json().detail, /disabled/);
      assert.equal((await login('steward1', 'Wrong-Password-1')).statusCode, 401, 'a wrong password still says only 401');
      const list = await t.inject({ method: 'GET', url: '/api/v1/org/users?status=disabled', as: 'admin' });
      assert.deepEqual(
        list.json().items.map((u: { username: string }) => u.username),
        ['steward1'],
      );
      const events = await t.platform.db.kysely
        .selectFrom('kernel_outbox')
        .select('payload')
        .where('name', '=', 'org.user.disabled.v1')
        .execute();
      assert.ok(events.some((e) => JSON.parse(e.payload as string).id === id));
      await t.inject({ method: 'PATCH', url: `/api/v1/org/users/${id}`, payload: { status: 'active' }, as: 'admin' });
      assert.equal((await login('steward1', FIXTURE_PASSWORD)).statusCode, 200);
    });

    it('an administrator cannot disable themself or remove the last admin role', async () => {
      const adminId = await userId('admin');
      const self = await t.inject({ method: 'PATCH', url: `/api/v1/org/users/${adminId}`, payload: { status: 'disabled' }, as: 'admin' });
      assert.equal(self.statusCode, 409);
      const demote = await t.inject({ method: 'PATCH', url: `/api/v1/org/users/${adminId}`, payload: { roles: ['analyst'] }, as: 'admin' });
      assert.equal(demote.statusCode, 409);
      const me = await t.inject({ method: 'GET', url: `/api/v1/org/users/${adminId}`, as: 'admin' });
      assert.deepEqual(me.json().roles, ['admin']);
    });

    it('resets a password: shown once, old one fails, sessions end, must change at next sign-in', async () => {
      const id = await userId('operator1');
      const s = await login('operator1', FIXTURE_PASSWORD);
      const cookie = String(s.headers['set-cookie']).split(';')[0]!;
      const res = await t.inject({ method: 'POST', url: `/api/v1/org/users/${id}/reset-password`, as: 'admin' });
      assert.equal(res.statusCode, 200, res.body);
      const { password } = res.json();
      assert.ok(password.length >= 10);
      assert.equal((await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode, 401);
      assert.equal((await login('operator1', FIXTURE_PASSWORD)).statusCode, 401);
      const fresh = await login('operator1', password);
      assert.equal(fresh.statusCode, 200);
      assert.equal(fresh.json().user.mustChangePassword, true);
      const given = await t.inject({
        method: 'POST',
        url: `/api/v1/org/users/${id}/reset-password`,
        payload: { password: 'Given-Password-2026' },
        as: 'admin',
      });
      assert.equal(given.json().password, 'Given-Password-2026');
      assert.equal((await login('operator1', 'Given-Password-2026')).statusCode, 200);
    });

    it('reset-password of an unknown user is 404', async () => {
      const res = await t.inject({ method: 'POST', url: '/api/v1/org/users/NOPE/reset-password', payload: {}, as: 'admin' });
      assert.equal(res.statusCode, 404);
    });

    it('exposes users to other modules through OrgService', async () => {
      const org = t.platform.services.org;
      const inspectors = await org.users.withRole('inspector', 'D0101');
      assert.deepEqual(
        inspectors.map((u) => u.username),
        ['inspector1'],
      );
      assert.deepEqual(await org.users.withRole('inspector', 'C01'), []);
      const u = await org.users.findByUsername('DISPATCHER1');
      assert.equal(u?.displayName, '欧阳娜娜');
      assert.equal(u?.phone, '13912345678');
    });
  });
});

/**
 * Shared setup of the auth API suites: a platform with the org fixture and a movable clock.
 */
import { after, before } from 'node:test';
import { startTestApp, TEST_ADMIN_PASSWORD, type TestApp } from '../helpers/test-app.js';
import { loadFixture, testClock } from '../org/org-fixture.js';

/** The `name=value` of the first Set-Cookie of a response. */
export function cookieOf(res: { headers: Record<string, unknown> }): string {
  const set = res.headers['set-cookie'];
  const first = Array.isArray(set) ? String(set[0]) : String(set);
  return first.split(';')[0]!;
}

/** Starts a platform with the fixture and a movable clock; returns helpers bound to it. */
export function platformWithClock(dialect: 'sqlite' | 'postgres') {
  const clock = testClock();
  const h = {
    t: undefined as unknown as TestApp,
    clock,
    login: (username: string, password: string) =>
      h.t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } }),
    /** Fresh admin headers: cached `as:` sessions would idle out when a test moves the clock. */
    async admin() {
      const res = await h.login('admin', TEST_ADMIN_PASSWORD);
      return { cookie: cookieOf(res), 'x-csrf-token': res.json().csrfToken as string };
    },
  };
  before(async () => {
    h.t = await startTestApp({ dialect, now: clock.now });
    await loadFixture(h.t);
  });
  after(() => h.t.close());
  return h;
}

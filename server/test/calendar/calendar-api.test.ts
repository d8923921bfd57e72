import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';

forEachDialect((dialect) => {
  describe(`calendar API (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({ dialect });
    });
    after(() => t.close());

    it('adds working days and hours (CONTRACT: GET /calendar/add → {end})', async () => {
      let res = await t.inject({ as: 'admin', url: '/api/v1/calendar/add?start=2026-09-30T10:00:00%2B08:00&workingDays=1' });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().end, '2026-10-08T02:00:00.000Z');
      res = await t.inject({ as: 'admin', url: '/api/v1/calendar/add?start=2026-11-23T03:00:00Z&workingHours=2' });
      assert.equal(res.json().end, '2026-11-23T06:30:00.000Z', '11:00 + 2 h across lunch = 14:30 local');
    });

    it('rejects bad calendar queries with a 400 naming the field', async () => {
      const cases: Array<[string, string]> = [
        ['/api/v1/calendar/add?start=yesterday&workingDays=1', 'start'],
        ['/api/v1/calendar/add?start=2026-11-23T03:00:00Z', 'workingDays'],
        ['/api/v1/calendar/add?start=2026-11-23T03:00:00Z&workingDays=1&workingHours=2', 'workingDays'],
        ['/api/v1/calendar/add?start=2026-11-23T03:00:00Z&workingDays=-1', 'workingDays'],
        ['/api/v1/calendar/days/2026-02-30', 'day'],
      ];
      for (const [url, field] of cases) {
        const res = await t.inject({ as: 'admin', url });
        assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
        assert.match(JSON.stringify(res.json().errors ?? res.json().detail), new RegExp(field), url);
      }
    });

    it('lists 2026 as official and 2027 as weekends only', async () => {
      const res = await t.inject({ as: 'admin', url: '/api/v1/calendar/years' });
      const years = res.json().items as Array<{ year: number; official: boolean; holidays: number; workdays: number }>;
      const y26 = years.find((y) => y.year === 2026)!;
      assert.equal(y26.official, true);
      assert.equal(y26.workdays, 6);
      assert.equal(y26.holidays, 33);
      assert.equal(years.find((y) => y.year === 2027)!.official, false);
    });

    it('lets an administrator edit and import days, audited', async () => {
      let res = await t.inject({
        as: 'admin',
        method: 'PUT',
        url: '/api/v1/calendar/days/2026-11-24',
        payload: { kind: 'holiday', name: '示范市停工日' },
      });
      assert.equal(res.statusCode, 200, res.body);
      res = await t.inject({ as: 'admin', url: '/api/v1/calendar/add?start=2026-11-23T03:00:00Z&workingDays=1' });
      assert.equal(res.json().end, '2026-11-25T03:00:00.000Z', 'the new holiday is skipped at once');
      res = await t.inject({ as: 'admin', method: 'DELETE', url: '/api/v1/calendar/days/2026-11-24' });
      assert.equal(res.statusCode, 204);
      res = await t.inject({ as: 'admin', method: 'DELETE', url: '/api/v1/calendar/days/2026-11-24' });
      assert.equal(res.statusCode, 404);

      res = await t.inject({
        as: 'admin',
        method: 'POST',
        url: '/api/v1/calendar/import',
        payload: { year: 2027, official: true, source: 'test notice', days: [{ day: '2027-01-01', kind: 'holiday', name: '元旦' }] },
      });
      assert.equal(res.statusCode, 200, res.body);
      const years = (await t.inject({ as: 'admin', url: '/api/v1/calendar/years' })).json().items as Array<{
        year: number;
        official: boolean;
      }>;
      assert.equal(years.find((y) => y.year === 2027)!.official, true);

      res = await t.inject({
        as: 'admin',
        method: 'POST',
        url: '/api/v1/calendar/import',
        headers: { 'content-type': 'text/csv' },
        payload: 'day,kind,name\n2027-02-06,workday,春节调休上班\n',
      });
      assert.equal(res.statusCode, 200, res.body);
      res = await t.inject({ as: 'admin', url: '/api/v1/calendar/days/2027-02-06' });
      assert.equal(res.json().working, true, 'a Saturday made a working day by CSV');

      res = await t.inject({
        as: 'admin',
        method: 'POST',
        url: '/api/v1/calendar/import',
        payload: { days: [{ day: '2027-13-01', kind: 'off' }] },
      });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(
        res.json().errors.map((e: { path: string }) => e.path),
        ['/body/days/0/day', '/body/days/0/kind'],
      );

      res = await t.inject({
        as: 'admin',
        method: 'PUT',
        url: '/api/v1/calendar/working-hours',
        payload: { periods: [{ start: '13:00', end: '09:00' }] },
      });
      assert.equal(res.statusCode, 400);
      res = await t.inject({
        as: 'admin',
        method: 'PUT',
        url: '/api/v1/calendar/working-hours',
        payload: { periods: [{ start: '09:00', end: '17:00' }] },
      });
      assert.equal(res.statusCode, 200, res.body);
      res = await t.inject({ as: 'admin', url: '/api/v1/calendar/add?start=2026-11-23T08:00:00Z&workingHours=2' });
      assert.equal(res.json().end, '2026-11-24T02:00:00.000Z', '16:00 + 2 h with 09:00–17:00 = next day 10:00');

      const audit = (await t.inject({ as: 'admin', url: '/api/v1/audit?action=calendar.*' })).json();
      const actions = (audit.items as Array<{ action: string }>).map((a) => a.action);
      for (const a of ['calendar.day.set', 'calendar.day.deleted', 'calendar.imported', 'calendar.working_hours.set'])
        assert.ok(actions.includes(a), a);
    });
  });
});

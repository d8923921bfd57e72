import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';

forEachDialect((dialect) => {
  describe(`classifier API (${dialect})`, () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp({ dialect });
    });
    after(() => app.close());

    it('proposes categories for a hotline call, at least 3, best first', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/cases/classify',
        as: 'admin',
        payload: { text: '城东路和八一街路口井盖破损，有人差点掉进去' },
      });
      assert.equal(res.statusCode, 200, res.body);
      const { candidates } = res.json() as { candidates: Array<{ categoryCode: string; score: number }> };
      assert.ok(candidates.length >= 3);
      assert.ok(['0101', '0102', '0103'].includes(candidates[0].categoryCode), JSON.stringify(candidates));
      for (let i = 1; i < candidates.length; i++) assert.ok(candidates[i - 1].score >= candidates[i].score);
    });

    it('reports held-out quality and retrains on demand', async () => {
      const report = await app.inject({ method: 'GET', url: '/api/v1/cases/classifier/report', as: 'admin' });
      assert.equal(report.statusCode, 200, report.body);
      const r = report.json() as { heldOut: { accuracy: number; top3Accuracy: number; confusion: { categoryCodes: string[] } } };
      assert.ok(r.heldOut.accuracy >= 0.85 && r.heldOut.top3Accuracy >= 0.95);
      const retrain = await app.inject({ method: 'POST', url: '/api/v1/cases/classifier/retrain', as: 'admin' });
      assert.equal(retrain.statusCode, 200, retrain.body);
    });

    it('rejects bad bodies with a problem naming the field, and anonymous callers', async () => {
      for (const payload of [{}, { text: '' }, { text: 42 }, { text: 'x', limit: 2 }, { text: 'x', other: true }]) {
        const res = await app.inject({ method: 'POST', url: '/api/v1/cases/classify', as: 'admin', payload });
        assert.equal(res.statusCode, 400, `${JSON.stringify(payload)} → ${res.statusCode}`);
        assert.match(String(res.headers['content-type']), /problem\+json/);
      }
      const empty = await app.inject({ method: 'POST', url: '/api/v1/cases/classify', as: 'admin', payload: { text: '' } });
      const errors = (empty.json() as { errors?: Array<{ path?: string; pointer?: string; name?: string }> }).errors ?? [];
      assert.ok(JSON.stringify(errors).includes('text'), `the problem names the field: ${empty.body}`);
      const anon = await app.inject({ method: 'POST', url: '/api/v1/cases/classify', payload: { text: '路灯不亮' } });
      assert.equal(anon.statusCode, 401);
    });
  });
});

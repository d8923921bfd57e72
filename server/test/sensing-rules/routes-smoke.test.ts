/**
 * The routes' TypeBox schemas compile in Fastify (validation and response serialisation) and
 * pass requests through to the service. Permissions and problem+json come from the kernel's app
 * and are tested once the lead wires the module into it; here a bare Fastify stands in.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { isDomainError } from '../../src/kernel/errors.js';
import { rulesRoutes } from '../../src/modules/sensing/rules/index.js';
import { dutyOfficer, openRulesKit, type RulesKit } from './rules-test-kit.js';

describe('rules and alarms routes (bare Fastify, sqlite)', () => {
  let k: RulesKit;
  let app: FastifyInstance;
  const permissions: string[] = [];

  before(async () => {
    k = await openRulesKit('sqlite');
    const f = Fastify({ ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false, useDefaults: true } } });
    const typed = f.withTypeProvider<TypeBoxTypeProvider>();
    typed.decorateRequest('principal', null);
    typed.addHook('onRequest', async (request) => {
      permissions.push(`${request.method} ${request.routeOptions.url} ${request.routeOptions.config?.permission}`);
      request.principal = dutyOfficer;
    });
    typed.setErrorHandler((error, _request, reply) => {
      if (isDomainError(error)) {
        const status = { invalid: 400, not_found: 404, conflict: 409 }[error.code as string] ?? 500;
        return reply.status(status).send({ code: error.code, errors: error.errors });
      }
      const e = error as { statusCode?: number; validation?: unknown };
      return reply.status(e.statusCode ?? 500).send({ validation: e.validation ?? null, message: (error as Error).message });
    });
    await typed.register(rulesRoutes(k.service), { prefix: '/api/v1' });
    await typed.ready();
    app = typed as unknown as FastifyInstance;
  });
  after(async () => {
    await app.close();
    await k.close();
  });

  it('creates a rule (201), reads and lists it, and refuses a bad one naming the field', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/sensing/rules',
      payload: { name: '水位超警戒', deviceType: 'WaterLevel', property: 'level', operator: '>', threshold: 3.2, severity: 'orange' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id as string;
    assert.equal((await app.inject(`/api/v1/sensing/rules/${id}`)).json().condition, 'level > 3.2');
    const list = await app.inject('/api/v1/sensing/rules?enabled=true&limit=10');
    assert.equal(list.statusCode, 200);
    assert.equal(list.json().total, 1);

    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/sensing/rules',
      payload: { name: 'x', deviceType: 'WaterLevel', property: 'level', operator: 'between', severity: 'orange' },
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad.json().errors.map((e: { path: string }) => e.path),
      ['/body/range'],
    );
    const patched = await app.inject({ method: 'PATCH', url: `/api/v1/sensing/rules/${id}`, payload: { clearHysteresis: 0.2 } });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(patched.json().clearHysteresis, 0.2);
  });

  it('lists alarms, shows one with its history, and acknowledges it', async () => {
    await k.service.handleReadings([k.reading('wl-001', 'level', 3.5)]);
    const list = await app.inject('/api/v1/sensing/alarms?status=active&deviceId=wl-001');
    assert.equal(list.statusCode, 200, list.body);
    const [alarm] = list.json().items;
    assert.equal(alarm.perceivedSeverity, 'major');
    assert.equal(alarm.lastValue, 3.5);
    const one = await app.inject(`/api/v1/sensing/alarms/${alarm.id}`);
    assert.equal(one.json().history[0].action, 'raised');
    const ack = await app.inject({ method: 'POST', url: `/api/v1/sensing/alarms/${alarm.id}/acknowledge`, payload: { comment: '已处置' } });
    assert.equal(ack.statusCode, 200, ack.body);
    assert.deepEqual(
      ack.json().history.map((h: { action: string }) => h.action),
      ['raised', 'acknowledged'],
    );
    const again = await app.inject({ method: 'POST', url: `/api/v1/sensing/alarms/${alarm.id}/acknowledge`, payload: { comment: 'x' } });
    assert.equal(again.statusCode, 409);
    const empty = await app.inject({ method: 'POST', url: `/api/v1/sensing/alarms/${alarm.id}/acknowledge`, payload: {} });
    assert.equal(empty.statusCode, 400);
  });

  it('deletes a rule with 204', async () => {
    const { items } = (await app.inject('/api/v1/sensing/rules')).json();
    const del = await app.inject({ method: 'DELETE', url: `/api/v1/sensing/rules/${items[0].id}` });
    assert.equal(del.statusCode, 204);
  });

  it('declares sensing.read on reads, sensing.write on rule changes and sensing.alarms.write on acknowledge', () => {
    const seen = new Set(permissions.map((p) => p.replace(/\s+$/, '')));
    for (const p of [
      'GET /api/v1/sensing/rules sensing.read',
      'GET /api/v1/sensing/rules/:id sensing.read',
      'POST /api/v1/sensing/rules sensing.write',
      'PATCH /api/v1/sensing/rules/:id sensing.write',
      'DELETE /api/v1/sensing/rules/:id sensing.write',
      'GET /api/v1/sensing/alarms sensing.read',
      'GET /api/v1/sensing/alarms/:id sensing.read',
      'POST /api/v1/sensing/alarms/:id/acknowledge sensing.alarms.write',
    ]) {
      assert.ok(seen.has(p), p);
    }
  });
});

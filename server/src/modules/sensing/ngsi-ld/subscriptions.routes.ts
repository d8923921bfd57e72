/** `/ngsi-ld/v1/subscriptions`: CRUD of context subscriptions (reads `sensing.read`, writes `sensing.write`). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { contextOfRequest, restoreContext, storeContext } from './json-ld-context.js';
import { intParam, parseOptions } from './entity-query.js';
import { badRequest, NgsiLdError } from './ngsi-ld-errors.js';
import { actor, negotiate, queryParams, sendDocument, uriParam, type ScopeOf } from './ngsi-ld-http.js';
import type { Notifier } from './notifier.js';
import { parseSubscription, renderSubscription, subscriptionBody } from './subscription-model.js';
import type { SubscriptionsRepository } from './subscriptions.repository.js';

/** The subscription routes. */
export function subscriptionsRoutes(
  repo: SubscriptionsRepository,
  notifier: Notifier,
  now: () => number,
  scopeOf: ScopeOf,
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post('/subscriptions', { config: { permission: 'sensing.write' } }, async (req, reply) => {
      const ctx = contextOfRequest(req.headers, req.body);
      const def = parseSubscription(req.body, ctx, now());
      const scope = await scopeOf(req.principal);
      if (scope) def.scope = { departmentCodes: [...scope.departmentCodes], areaCodes: [...scope.areaCodes] };
      if (await repo.get(def.id)) throw new NgsiLdError('AlreadyExists', `Subscription ${def.id} exists already`);
      const t = now();
      await repo.insert(
        {
          def,
          context: storeContext(ctx),
          status: {
            timesSent: 0,
            timesFailed: 0,
            lastNotification: null,
            lastSuccess: null,
            lastFailure: null,
            lastFailureReason: null,
            createdAt: t,
            updatedAt: t,
          },
        },
        actor(req),
      );
      await notifier.reload();
      return reply
        .status(201)
        .header('location', `/ngsi-ld/v1/subscriptions/${encodeURIComponent(def.id)}`)
        .send();
    });

    app.get('/subscriptions', { config: { permission: 'sensing.read' } }, async (req, reply) => {
      const rep = negotiate(req);
      const ctx = contextOfRequest(req.headers, undefined);
      const p = queryParams(req);
      const options = parseOptions(p.options, ['count']);
      const limit = intParam(p.limit, 'limit', 20, 0, 1000);
      const offset = intParam(p.offset, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
      const { items, total } = await repo.page(limit, offset);
      if (p.count === 'true' || options.has('count')) reply.header('NGSILD-Results-Count', String(total));
      const t = now();
      return sendDocument(
        reply,
        rep,
        ctx,
        items.map((s) => renderSubscription(s.def, s.status, restoreContext(s.context), t)),
      );
    });

    app.get('/subscriptions/:id', { config: { permission: 'sensing.read' } }, async (req, reply) => {
      const rep = negotiate(req);
      const s = await repo.get(uriParam((req.params as { id: string }).id, 'Subscription id'));
      if (!s) throw new NgsiLdError('ResourceNotFound', `No subscription ${(req.params as { id: string }).id}`);
      const ctx = restoreContext(s.context);
      return sendDocument(reply, rep, ctx, renderSubscription(s.def, s.status, ctx, now()));
    });

    app.patch('/subscriptions/:id', { config: { permission: 'sensing.write' } }, async (req, reply) => {
      const id = uriParam((req.params as { id: string }).id, 'Subscription id');
      const s = await repo.get(id);
      if (!s) throw new NgsiLdError('ResourceNotFound', `No subscription ${id}`);
      const body = req.body;
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('The fragment must be a JSON object');
      const fragment = body as Record<string, unknown>;
      if (fragment.id !== undefined && fragment.id !== id) throw badRequest('id cannot be changed');
      const sent = contextOfRequest(req.headers, body);
      const ctx = fragment['@context'] !== undefined || req.headers.link ? sent : restoreContext(s.context);
      const before = subscriptionBody(s.def, restoreContext(s.context));
      const merged: Record<string, unknown> = { ...before, ...fragment, id };
      if (fragment.notification && typeof fragment.notification === 'object')
        merged.notification = { ...(before.notification as object), ...(fragment.notification as object) };
      delete merged['@context'];
      const def = parseSubscription(merged, ctx, now());
      const scope = await scopeOf(req.principal);
      if (scope) def.scope = { departmentCodes: [...scope.departmentCodes], areaCodes: [...scope.areaCodes] };
      await repo.update({ def, context: storeContext(ctx), status: { ...s.status, updatedAt: now() } });
      await notifier.reload();
      return reply.status(204).send();
    });

    app.delete('/subscriptions/:id', { config: { permission: 'sensing.write' } }, async (req, reply) => {
      const id = uriParam((req.params as { id: string }).id, 'Subscription id');
      if (!(await repo.delete(id))) throw new NgsiLdError('ResourceNotFound', `No subscription ${id}`);
      await notifier.reload();
      return reply.status(204).send();
    });
  };
}

/** `/ngsi-ld/v1/temporal/entities[/{id}]`: the history of devices' readings (`sensing.read`). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { inScope } from '../devices.service.js';
import type { DeviceTypeDef } from '../thing-model.js';
import { contextOfRequest, resolveTerm } from './json-ld-context.js';
import { parseEntityId, type EntityRow, type EntityStore } from './entity-store.js';
import { parseEntityQuery, parseOptions, splitList, type EntityQueryParams } from './entity-query.js';
import { NgsiLdError } from './ngsi-ld-errors.js';
import { negotiate, queryParams, sendEntities, uriParam, type ScopeOf } from './ngsi-ld-http.js';
import { parseTemporal, type TemporalParams, type TemporalReader } from './temporal-query.js';

const TEMPORAL_OPTIONS = ['temporalValues', 'aggregatedValues', 'count', 'sysAttrs'];

/** The temporal routes. */
export function temporalRoutes(
  store: EntityStore,
  reader: TemporalReader,
  typeOf: (code: string) => DeviceTypeDef | undefined,
  now: () => number,
  scopeOf: ScopeOf,
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/temporal/entities', { config: { permission: 'sensing.read' } }, async (req, reply) => {
      const rep = negotiate(req);
      const ctx = contextOfRequest(req.headers, undefined);
      const p = queryParams(req);
      const options = parseOptions(p.options, TEMPORAL_OPTIONS);
      const tq = parseTemporal(p as TemporalParams, options, now());
      const { options: _o, ...rest } = p;
      const parsed = parseEntityQuery({ ...(rest as EntityQueryParams), ...(options.has('count') ? { count: 'true' } : {}) }, ctx, true);
      // attrs selects what to return here, not which entities: a device without history of it is still listed.
      delete parsed.filter.anyAttrs;
      parsed.filter.scope = (await scopeOf(req.principal)) ?? undefined;
      const { rows, total } = await store.query(parsed.filter, parsed.limit, parsed.offset, parsed.count);
      if (total !== null) reply.header('NGSILD-Results-Count', String(total));
      return send(reply, rep, ctx, await Promise.all(rows.map((r) => reader.entity(r, typeOf(r.type), parsed.attrs, tq, ctx))));
    });

    app.get('/temporal/entities/:id', { config: { permission: 'sensing.read' } }, async (req, reply) => {
      const rep = negotiate(req);
      const ctx = contextOfRequest(req.headers, undefined);
      const id = uriParam((req.params as { id: string }).id, 'Entity id');
      const p = queryParams(req);
      const options = parseOptions(p.options, TEMPORAL_OPTIONS);
      const tq = parseTemporal(p as TemporalParams, options, now());
      const attrs = p.attrs === undefined ? null : new Set(splitList(p.attrs, 'attrs', /,/).map((a) => resolveTerm(ctx, a)));
      const parsedId = parseEntityId(id);
      const row: EntityRow | undefined = parsedId ? await store.get(parsedId.deviceId) : undefined;
      const scope = await scopeOf(req.principal);
      if (!parsedId || !row || row.type !== parsedId.type || (scope && !inScope(row, scope)))
        throw new NgsiLdError('ResourceNotFound', `No entity ${id}`);
      const [one] = [await reader.entity(row, typeOf(row.type), attrs, tq, ctx)];
      return send(reply, rep, ctx, one!, true);
    });
  };

  function send(
    reply: FastifyReply,
    rep: ReturnType<typeof negotiate>,
    ctx: ReturnType<typeof contextOfRequest>,
    results:
      | Array<{ entity: Record<string, unknown>; truncated: { from: number; to: number } | null }>
      | { entity: Record<string, unknown>; truncated: { from: number; to: number } | null },
    single = false,
  ) {
    const list = Array.isArray(results) ? results : [results];
    const cut = list.map((r) => r.truncated).filter((t) => t !== null);
    if (cut.length) {
      // CIM 009 §6.3.10: a partial temporal answer is 206 with the range it covers.
      const from = Math.min(...cut.map((t) => t.from));
      const to = Math.min(...cut.map((t) => t.to));
      reply.header('content-range', `date-time ${new Date(from).toISOString()}-${new Date(to).toISOString()}/*`);
    }
    const status = cut.length ? 206 : 200;
    return sendEntities(reply, rep, ctx, single ? list[0]!.entity : list.map((r) => r.entity), status);
  }
}

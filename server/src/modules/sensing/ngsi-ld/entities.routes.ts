/**
 * `/ngsi-ld/v1/entities…` and `/ngsi-ld/v1/entityOperations/…`: devices as NGSI-LD entities.
 * Reads need `sensing.read`, writes `sensing.write` (session or API key, see docs/ngsi-ld.md).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { inScope } from '../devices.service.js';
import type { DeviceScope } from '../sensing-types.js';
import type { DeviceTypeDef } from '../thing-model.js';
import { contextOfEntity, contextOfRequest, resolveTerm, type RequestContext } from './json-ld-context.js';
import { renderEntity } from './entity-serializer.js';
import { parseEntityId, type EntityStore } from './entity-store.js';
import { formatOf, parseEntityQuery, parseOptions, runEntityQuery, splitList, type EntityQueryParams } from './entity-query.js';
import type { EntityWriter } from './entity-writer.js';
import { badRequest, ngsiProblem, NgsiLdError, toNgsiLdError } from './ngsi-ld-errors.js';
import { actor, negotiate, queryParams, sendDocument, sendEntities, uriParam, type ScopeOf } from './ngsi-ld-http.js';

/** Most entities in one batch operation. */
export const MAX_BATCH = 1000;

const READ = { permission: 'sensing.read' };
const WRITE = { permission: 'sensing.write' };

/** The entity and batch routes. */
export function entitiesRoutes(
  store: EntityStore,
  writer: EntityWriter,
  typeOf: (code: string) => DeviceTypeDef | undefined,
  scopeOf: ScopeOf,
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/entities', { config: READ }, async (req, reply) => {
      const rep = negotiate(req, true);
      const ctx = contextOfRequest(req.headers, undefined);
      const parsed = parseEntityQuery(queryParams(req) as EntityQueryParams, ctx, true);
      parsed.filter.scope = (await scopeOf(req.principal)) ?? undefined;
      const { entities, total } = await runEntityQuery(store, typeOf, parsed, ctx);
      if (total !== null) reply.header('NGSILD-Results-Count', String(total));
      return sendEntities(reply, rep, ctx, entities);
    });

    app.get('/entities/:id', { config: READ }, async (req, reply) => {
      const rep = negotiate(req, true);
      const ctx = contextOfRequest(req.headers, undefined);
      const id = uriParam((req.params as { id: string }).id, 'Entity id');
      const p = queryParams(req);
      const options = parseOptions(p.options, ['keyValues', 'simplified', 'normalized', 'sysAttrs']);
      const attrs = p.attrs === undefined ? null : new Set(splitList(p.attrs, 'attrs', /,/).map((a) => resolveTerm(ctx, a)));
      const parsedId = parseEntityId(id);
      const row = parsedId ? await store.get(parsedId.deviceId) : undefined;
      const scope = await scopeOf(req.principal);
      if (!parsedId || !row || row.type !== parsedId.type || (scope && !inScope(row, scope)))
        throw new NgsiLdError('ResourceNotFound', `No entity ${id}`);
      const latest = (await store.latest([row.id])).get(row.id) ?? [];
      const entity = renderEntity(row, latest, typeOf(row.type), {
        format: formatOf(p.format, options),
        attrs,
        sysAttrs: options.has('sysAttrs'),
        context: ctx,
      });
      return sendEntities(reply, rep, ctx, entity);
    });

    app.post('/entities', { config: WRITE }, async (req, reply) => {
      const ctx = contextOfRequest(req.headers, req.body);
      const id = await writer.create(actor(req), req.body, ctx);
      return reply
        .status(201)
        .header('location', `/ngsi-ld/v1/entities/${encodeURIComponent(id)}`)
        .send();
    });

    app.delete('/entities/:id', { config: WRITE }, async (req, reply) => {
      await writer.remove(actor(req), uriParam((req.params as { id: string }).id, 'Entity id'), await scopeOf(req.principal));
      return reply.status(204).send();
    });

    app.patch('/entities/:id/attrs', { config: WRITE }, async (req, reply) => {
      const ctx = contextOfRequest(req.headers, req.body);
      const id = uriParam((req.params as { id: string }).id, 'Entity id');
      const result = await writer.updateAttrs(actor(req), id, req.body, ctx, { noOverwrite: false, scope: await scopeOf(req.principal) });
      return result.notUpdated.length ? reply.status(207).type('application/json').send(result) : reply.status(204).send();
    });

    app.post('/entities/:id/attrs', { config: WRITE }, async (req, reply) => {
      const ctx = contextOfRequest(req.headers, req.body);
      const id = uriParam((req.params as { id: string }).id, 'Entity id');
      const options = parseOptions(queryParams(req).options, ['noOverwrite']);
      const result = await writer.updateAttrs(actor(req), id, req.body, ctx, {
        noOverwrite: options.has('noOverwrite'),
        scope: await scopeOf(req.principal),
      });
      return result.notUpdated.length ? reply.status(207).type('application/json').send(result) : reply.status(204).send();
    });

    app.patch('/entities/:id/attrs/:attr', { config: WRITE }, async (req, reply) => {
      const ctx = contextOfRequest(req.headers, req.body);
      const { id, attr } = req.params as { id: string; attr: string };
      await writer.updateAttr(actor(req), uriParam(id, 'Entity id'), attr, req.body, ctx, await scopeOf(req.principal));
      return reply.status(204).send();
    });

    const unsupported = (what: string) => async () => {
      throw new NgsiLdError(
        'OperationNotSupported',
        `${what} is not supported: an entity is a registered device whose attributes are fixed by its thing model`,
      );
    };
    app.put('/entities/:id', { config: WRITE }, unsupported('Replacing an entity (PUT)'));
    app.put('/entities/:id/attrs/:attr', { config: WRITE }, unsupported('Replacing an attribute (PUT)'));
    app.delete('/entities/:id/attrs/:attr', { config: WRITE }, unsupported('Deleting an attribute'));

    app.post('/entityOperations/create', { config: WRITE }, async (req, reply) => {
      const out = await batch(req, async (entity, ctx) => {
        await writer.create(actor(req), entity, ctx);
        return true;
      });
      if (out.errors.length === 0) return reply.status(201).type('application/json').send(out.success);
      return reply.status(207).type('application/json').send(out);
    });

    app.post('/entityOperations/upsert', { config: WRITE }, async (req, reply) => {
      const options = parseOptions(queryParams(req).options, ['update', 'replace']);
      void options; // both mean "set the attributes given": attributes of a device cannot be removed
      const scope = await scopeOf(req.principal);
      const out = await batch(req, async (entity, ctx) => {
        const id = (entity as { id?: unknown }).id;
        if (typeof id === 'string' && (await writer.exists(id))) {
          await updateAll(req, writer, id, entity, ctx, false, scope);
          return false;
        }
        await writer.create(actor(req), entity, ctx);
        return true;
      });
      if (out.errors.length) return reply.status(207).type('application/json').send(out);
      return out.created.length ? reply.status(201).type('application/json').send(out.created) : reply.status(204).send();
    });

    app.post('/entityOperations/update', { config: WRITE }, async (req, reply) => {
      const noOverwrite = parseOptions(queryParams(req).options, ['noOverwrite']).has('noOverwrite');
      const scope = await scopeOf(req.principal);
      const out = await batch(req, async (entity, ctx) => {
        const id = (entity as { id?: unknown }).id;
        if (typeof id !== 'string') throw badRequest('id is required');
        await updateAll(req, writer, id, entity, ctx, noOverwrite, scope);
        return false;
      });
      return out.errors.length ? reply.status(207).type('application/json').send(out) : reply.status(204).send();
    });

    app.post('/entityOperations/delete', { config: WRITE }, async (req, reply) => {
      const ids = req.body;
      if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_BATCH)
        throw badRequest(`The body must be an array of 1–${MAX_BATCH} entity ids`);
      const scope = await scopeOf(req.principal);
      const success: string[] = [];
      const errors: Array<{ entityId: unknown; error: unknown }> = [];
      for (const id of ids) {
        try {
          if (typeof id !== 'string') throw badRequest('an entity id must be a string');
          await writer.remove(actor(req), uriParam(id, 'Entity id'), scope);
          success.push(id);
        } catch (e) {
          errors.push({ entityId: id, error: problemOf(e) });
        }
      }
      return errors.length ? reply.status(207).type('application/json').send({ success, errors }) : reply.status(204).send();
    });

    app.post('/entityOperations/query', { config: READ }, async (req, reply) => {
      const rep = negotiate(req);
      const ctx = contextOfRequest(req.headers, req.body);
      const body = req.body as Record<string, unknown> | null;
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('The body must be a Query object');
      if (body.type !== 'Query') throw badRequest('type must be "Query"');
      const params: EntityQueryParams = { ...(queryParams(req) as EntityQueryParams) };
      const sels = body.entities;
      if (sels !== undefined) {
        if (!Array.isArray(sels) || sels.length === 0) throw badRequest('entities must be a non-empty array');
        const withId = sels.filter((s) => s && typeof s === 'object' && ('id' in s || 'idPattern' in s));
        if (withId.length > 0 && sels.length > 1)
          throw new NgsiLdError('OperationNotSupported', 'Only one entity selector may carry id or idPattern');
        params.type = sels.map((s: { type?: unknown }) => (typeof s?.type === 'string' ? s.type : '')).join(',');
        const one = sels[0] as { id?: unknown; idPattern?: unknown };
        if (typeof one.id === 'string') params.id = one.id;
        if (typeof one.idPattern === 'string') params.idPattern = one.idPattern;
      }
      if (Array.isArray(body.attrs)) params.attrs = body.attrs.join(',');
      if (typeof body.q === 'string') params.q = body.q;
      const geoQ = body.geoQ as Record<string, unknown> | undefined;
      if (geoQ) {
        params.georel = String(geoQ.georel ?? '');
        params.geometry = String(geoQ.geometry ?? '');
        params.coordinates = JSON.stringify(geoQ.coordinates);
        if (geoQ.geoproperty !== undefined) params.geoproperty = String(geoQ.geoproperty);
      }
      const parsed = parseEntityQuery(params, ctx, true);
      parsed.filter.scope = (await scopeOf(req.principal)) ?? undefined;
      const { entities, total } = await runEntityQuery(store, typeOf, parsed, ctx);
      if (total !== null) reply.header('NGSILD-Results-Count', String(total));
      return sendDocument(reply, rep, ctx, entities);
    });
  };
}

/** Applies `fn` to each entity of a batch body; collects created ids, successes and per-entity errors. */
async function batch(
  req: FastifyRequest,
  fn: (entity: unknown, ctx: RequestContext) => Promise<boolean>,
): Promise<{ success: string[]; created: string[]; errors: Array<{ entityId: unknown; error: unknown }> }> {
  const body = req.body;
  if (!Array.isArray(body) || body.length === 0 || body.length > MAX_BATCH)
    throw badRequest(`The body must be an array of 1–${MAX_BATCH} entities`);
  const base = contextOfRequest(req.headers, body);
  const ld = String(req.headers['content-type'] ?? '').startsWith('application/ld+json');
  const out = { success: [] as string[], created: [] as string[], errors: [] as Array<{ entityId: unknown; error: unknown }> };
  for (const entity of body) {
    const id = entity && typeof entity === 'object' ? (entity as { id?: unknown }).id : undefined;
    try {
      if (ld && !(entity && typeof entity === 'object' && '@context' in entity))
        throw badRequest('Each entity of an application/ld+json batch must carry @context');
      if (!ld && entity && typeof entity === 'object' && '@context' in entity)
        throw badRequest('@context in an entity needs Content-Type application/ld+json');
      const created = await fn(entity, contextOfEntity(entity, base));
      out.success.push(String(id));
      if (created) out.created.push(String(id));
    } catch (e) {
      out.errors.push({ entityId: id ?? null, error: problemOf(e) });
    }
  }
  return out;
}

async function updateAll(
  req: FastifyRequest,
  writer: EntityWriter,
  id: string,
  entity: unknown,
  ctx: RequestContext,
  noOverwrite: boolean,
  scope: DeviceScope | null,
): Promise<void> {
  const { id: _id, type: _type, '@context': _c, ...attrs } = entity as Record<string, unknown>;
  if (Object.keys(attrs).length === 0) return;
  const r = await writer.updateAttrs(actor(req), id, attrs, ctx, { noOverwrite, scope });
  if (r.notUpdated.length) throw badRequest(r.notUpdated.map((n) => `${n.attributeName}: ${n.reason}`).join('; '));
}

function problemOf(e: unknown): unknown {
  const m = toNgsiLdError(e);
  return m instanceof NgsiLdError ? ngsiProblem(m) : m;
}

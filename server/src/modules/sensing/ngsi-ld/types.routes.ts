/**
 * `/ngsi-ld/v1/types` and `/ngsi-ld/v1/attributes` (CIM 009 §5.7.5–5.7.8): the entity types
 * that have devices and the attributes they reported, counted in the database.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { DeviceTypeDef } from '../thing-model.js';
import { compactTerm, contextOfRequest, resolveTerm } from './json-ld-context.js';
import type { EntityStore } from './entity-store.js';
import { NgsiLdError } from './ngsi-ld-errors.js';
import { negotiate, queryParams, sendDocument, type ScopeOf } from './ngsi-ld-http.js';
import type { DeviceScope } from '../sensing-types.js';

/** The type and attribute routes. */
export function typesRoutes(
  store: EntityStore,
  typeOf: (code: string) => DeviceTypeDef | undefined,
  scopeOf: ScopeOf,
): FastifyPluginAsyncTypebox {
  const always = ['location', 'name'];
  return async (app) => {
    app.get('/types', { config: { permission: 'sensing.read' } }, async (req, reply) => {
      const rep = negotiate(req);
      const ctx = contextOfRequest(req.headers, undefined);
      const scope = (await scopeOf(req.principal)) ?? undefined;
      const counts = await store.typeCounts(scope);
      const attrs = await store.attributeCounts(scope);
      if (queryParams(req).details === 'true') {
        return sendDocument(
          reply,
          rep,
          ctx,
          [...counts.keys()].map((t) => ({
            id: `urn:ngsi-ld:EntityType:${t}`,
            type: 'EntityType',
            typeName: compactTerm(ctx, t),
            attributeNames: [...always, ...attrs.filter((a) => a.type === t).map((a) => a.property)].map((a) => compactTerm(ctx, a)),
          })),
        );
      }
      return sendDocument(reply, rep, ctx, {
        id: 'urn:ngsi-ld:EntityTypeList:zhicheng',
        type: 'EntityTypeList',
        typeList: [...counts.keys()].map((t) => compactTerm(ctx, t)),
      });
    });

    app.get('/types/:type', { config: { permission: 'sensing.read' } }, async (req, reply) => {
      const rep = negotiate(req);
      const ctx = contextOfRequest(req.headers, undefined);
      const type = resolveTerm(ctx, (req.params as { type: string }).type);
      const scope = (await scopeOf(req.principal)) ?? undefined;
      const n = (await store.typeCounts(scope)).get(type);
      if (!n) throw new NgsiLdError('ResourceNotFound', `No entities of type ${type}`);
      const reported = (await store.attributeCounts(scope)).filter((a) => a.type === type).map((a) => a.property);
      const def = typeOf(type);
      return sendDocument(reply, rep, ctx, {
        id: `urn:ngsi-ld:EntityType:${type}`,
        type: 'EntityTypeInfo',
        typeName: compactTerm(ctx, type),
        entityCount: n,
        attributeDetails: [...always, ...reported, ...(def?.attributes.map((a) => a.name) ?? [])].map((a) => ({
          id: `urn:ngsi-ld:Attribute:${a}`,
          type: 'Attribute',
          attributeName: compactTerm(ctx, a),
          attributeTypes: [a === 'location' ? 'GeoProperty' : 'Property'],
        })),
      });
    });

    app.get('/attributes', { config: { permission: 'sensing.read' } }, async (req, reply) => {
      const rep = negotiate(req);
      const ctx = contextOfRequest(req.headers, undefined);
      const byAttr = await attributeIndex((await scopeOf(req.principal)) ?? undefined);
      if (queryParams(req).details === 'true') {
        return sendDocument(
          reply,
          rep,
          ctx,
          [...byAttr].map(([a, v]) => ({
            id: `urn:ngsi-ld:Attribute:${a}`,
            type: 'Attribute',
            attributeName: compactTerm(ctx, a),
            typeNames: [...v.types].map((t) => compactTerm(ctx, t)),
          })),
        );
      }
      return sendDocument(reply, rep, ctx, {
        id: 'urn:ngsi-ld:AttributeList:zhicheng',
        type: 'AttributeList',
        attributeList: [...byAttr.keys()].map((a) => compactTerm(ctx, a)),
      });
    });

    app.get('/attributes/:attr', { config: { permission: 'sensing.read' } }, async (req, reply) => {
      const rep = negotiate(req);
      const ctx = contextOfRequest(req.headers, undefined);
      const name = resolveTerm(ctx, (req.params as { attr: string }).attr);
      const hit = (await attributeIndex((await scopeOf(req.principal)) ?? undefined)).get(name);
      if (!hit) throw new NgsiLdError('ResourceNotFound', `No entity has attribute ${name}`);
      return sendDocument(reply, rep, ctx, {
        id: `urn:ngsi-ld:Attribute:${name}`,
        type: 'Attribute',
        attributeName: compactTerm(ctx, name),
        attributeCount: hit.count,
        attributeTypes: [name === 'location' ? 'GeoProperty' : 'Property'],
        typeNames: [...hit.types].map((t) => compactTerm(ctx, t)),
      });
    });
  };

  /** Attribute → the types having it and how many entities have it. */
  async function attributeIndex(scope: DeviceScope | undefined): Promise<Map<string, { types: Set<string>; count: number }>> {
    const out = new Map<string, { types: Set<string>; count: number }>();
    const add = (a: string, t: string, n: number) => {
      let e = out.get(a);
      if (!e) out.set(a, (e = { types: new Set(), count: 0 }));
      e.types.add(t);
      e.count += n;
    };
    for (const [t, n] of await store.typeCounts(scope)) for (const a of always) add(a, t, n);
    for (const r of await store.attributeCounts(scope)) add(r.property, r.type, r.n);
    return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}

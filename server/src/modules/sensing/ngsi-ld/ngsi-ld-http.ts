/**
 * HTTP details shared by the NGSI-LD routes: content negotiation (application/json with a
 * `Link` header, application/ld+json with `@context` in the body, application/geo+json),
 * query-string reading, and the caller's identity for the audit log.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, type Principal } from '../../../kernel/auth/index.js';
import type { DeviceScope } from '../sensing-types.js';
import { contextMember, linkHeader, type RequestContext } from './json-ld-context.js';
import { badRequest, NgsiLdError } from './ngsi-ld-errors.js';

/** The representation an answer is sent in. */
export type Representation = 'json' | 'ld' | 'geo';

/** Picks the representation from `Accept` (406 when nothing offered is acceptable). */
export function negotiate(req: FastifyRequest, allowGeo = false): Representation {
  const accept = req.headers.accept;
  if (!accept) return 'json';
  const ranges = accept
    .split(',')
    .map((r, i) => {
      const [type, ...params] = r.trim().split(';');
      const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { type: type!.trim().toLowerCase(), q: qp ? Number(qp.slice(2)) : 1, i };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranges) {
    if (r.type === 'application/ld+json') return 'ld';
    if (r.type === 'application/json' || r.type === '*/*' || r.type === 'application/*') return 'json';
    if (r.type === 'application/geo+json' && allowGeo) return 'geo';
  }
  throw new NgsiLdError(
    'InvalidRequest',
    `Cannot answer in ${accept}; accept application/json or application/ld+json${allowGeo ? ' or application/geo+json' : ''}`,
    406,
  );
}

/** Sends entities (one or a list) in the negotiated representation. */
export function sendEntities(
  reply: FastifyReply,
  rep: Representation,
  ctx: RequestContext,
  data: Record<string, unknown> | Array<Record<string, unknown>>,
  status = 200,
): FastifyReply {
  if (rep === 'geo') {
    const feature = (e: Record<string, unknown>) => {
      const { id, location, ...properties } = e;
      const geometry =
        location && typeof location === 'object' && 'value' in (location as object)
          ? (location as { value: unknown }).value
          : (location ?? null);
      return { id, type: 'Feature', geometry, properties };
    };
    const body = Array.isArray(data) ? { type: 'FeatureCollection', features: data.map(feature) } : feature(data);
    return reply.status(status).header('link', linkHeader(ctx.url)).type('application/geo+json').send(body);
  }
  if (rep === 'ld') {
    const withContext = (e: Record<string, unknown>) => ({ '@context': contextMember(ctx), ...e });
    return reply
      .status(status)
      .type('application/ld+json')
      .send(Array.isArray(data) ? data.map(withContext) : withContext(data));
  }
  return reply.status(status).header('link', linkHeader(ctx.url)).type('application/json').send(data);
}

/** Sends a non-entity document (types, attributes, subscriptions) in the negotiated representation. */
export function sendDocument(reply: FastifyReply, rep: Representation, ctx: RequestContext, data: unknown, status = 200): FastifyReply {
  if (rep === 'ld') {
    const withContext = (d: unknown) =>
      d && typeof d === 'object' && !Array.isArray(d) ? { '@context': contextMember(ctx), ...(d as object) } : d;
    return reply
      .status(status)
      .type('application/ld+json')
      .send(Array.isArray(data) ? data.map(withContext) : withContext(data));
  }
  return reply.status(status).header('link', linkHeader(ctx.url)).type('application/json').send(data);
}

/** The query string as single strings (a repeated parameter is a client error). */
export function queryParams(req: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((req.query ?? {}) as Record<string, unknown>)) {
    if (Array.isArray(v)) throw badRequest(`${k} is given more than once; join values with commas`);
    if (v !== undefined) out[k] = String(v);
  }
  return out;
}

/** A path parameter that must be a URI (entity and subscription ids). */
export function uriParam(v: string, what: string): string {
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(v)) throw badRequest(`${what} ${v} is not a URI`);
  return v;
}

/** The department scope of a caller (null: city-wide), from the device registry. */
export type ScopeOf = (principal: Principal | null) => Promise<DeviceScope | null>;

/** Who is calling, for audit records. */
export function actor(req: FastifyRequest): string {
  return actorOf(req.principal);
}

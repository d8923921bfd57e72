/**
 * What an NGSI-LD subscription is here and how a request body becomes one (CIM 009 §5.2.12):
 * entities (type with optional id / idPattern), watchedAttributes, q, notification {attributes,
 * format, endpoint {uri, accept}}, throttling, expiresAt, isActive. Attribute and type names are
 * stored as platform names; the subscriber's @context is stored beside it so answers and
 * notifications use the subscriber's terms.
 */
import { newId } from '../../../kernel/ids.js';
import type { DeviceScope } from '../sensing-types.js';
import { compactTerm, resolveTerm, type RequestContext } from './json-ld-context.js';
import { badRequest, NgsiLdError } from './ngsi-ld-errors.js';
import { parseQuery } from './query-language.js';

/** A stored subscription (platform names). */
export interface SubscriptionDef {
  id: string;
  subscriptionName?: string;
  description?: string;
  entities?: Array<{ type: string; id?: string; idPattern?: string }>;
  watchedAttributes?: string[];
  /** The query as the subscriber wrote it (parsed again with the stored context). */
  q?: string;
  notification: {
    attributes?: string[];
    format: 'normalized' | 'keyValues';
    endpoint: { uri: string; accept: 'application/json' | 'application/ld+json' };
  };
  /** Seconds that must pass between two notifications. */
  throttling?: number;
  expiresAt?: string;
  isActive: boolean;
  /** The department scope of whoever last wrote it: notifications carry only devices it may see. */
  scope?: DeviceScope;
}

/** Delivery status kept with a subscription. */
export interface SubscriptionStatus {
  timesSent: number;
  timesFailed: number;
  lastNotification: number | null;
  lastSuccess: number | null;
  lastFailure: number | null;
  lastFailureReason: string | null;
  createdAt: number;
  updatedAt: number;
}

const ALLOWED = new Set([
  'id',
  'type',
  '@context',
  'subscriptionName',
  'name',
  'description',
  'entities',
  'watchedAttributes',
  'q',
  'notification',
  'throttling',
  'expiresAt',
  'isActive',
]);

/** Reads a subscription body; `now` checks expiresAt. Throws BadRequestData naming the member. */
export function parseSubscription(body: unknown, ctx: RequestContext, now: number): SubscriptionDef {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('The subscription must be a JSON object');
  const b = body as Record<string, unknown>;
  for (const k of Object.keys(b)) {
    if (k === 'timeInterval' || k === 'geoQ' || k === 'temporalQ' || k === 'csf' || k === 'scopeQ')
      throw new NgsiLdError('OperationNotSupported', `${k} is not supported in subscriptions here`);
    if (!ALLOWED.has(k)) throw badRequest(`${k} is not a member of a subscription`);
  }
  if (b.type !== undefined && b.type !== 'Subscription') throw badRequest('type must be "Subscription"');
  let id: string;
  if (b.id === undefined) id = `urn:ngsi-ld:Subscription:${newId(now).toLowerCase()}`;
  else if (typeof b.id === 'string' && /^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(b.id) && b.id.length <= 256) id = b.id;
  else throw badRequest('id must be a URI of at most 256 characters');
  const def: SubscriptionDef = { id, notification: parseNotification(b.notification, ctx), isActive: true };
  const name = b.subscriptionName ?? b.name;
  if (name !== undefined) def.subscriptionName = str(name, 'subscriptionName', 200);
  if (b.description !== undefined) def.description = str(b.description, 'description', 2000);
  if (b.entities !== undefined) {
    if (!Array.isArray(b.entities) || b.entities.length === 0 || b.entities.length > 100)
      throw badRequest('entities must be an array of 1–100 entity selectors');
    def.entities = b.entities.map((e, i) => {
      if (!e || typeof e !== 'object') throw badRequest(`entities[${i}] must be an object`);
      const s = e as Record<string, unknown>;
      if (typeof s.type !== 'string' || s.type === '') throw badRequest(`entities[${i}].type is required`);
      const sel: { type: string; id?: string; idPattern?: string } = { type: resolveTerm(ctx, s.type) };
      if (s.id !== undefined) sel.id = str(s.id, `entities[${i}].id`, 300);
      if (s.idPattern !== undefined) {
        sel.idPattern = str(s.idPattern, `entities[${i}].idPattern`, 256);
        try {
          new RegExp(sel.idPattern);
        } catch {
          throw badRequest(`entities[${i}].idPattern is not a regular expression`);
        }
      }
      return sel;
    });
  }
  if (b.watchedAttributes !== undefined) def.watchedAttributes = names(b.watchedAttributes, 'watchedAttributes', ctx);
  if (!def.entities && !def.watchedAttributes) throw badRequest('entities or watchedAttributes is required');
  if (b.q !== undefined) {
    def.q = str(b.q, 'q', 2000);
    parseQuery(def.q, (t) => resolveTerm(ctx, t));
  }
  if (b.throttling !== undefined) {
    if (typeof b.throttling !== 'number' || !(b.throttling > 0) || b.throttling > 86_400)
      throw badRequest('throttling must be a number of seconds, >0 and ≤ 86400');
    def.throttling = b.throttling;
  }
  if (b.expiresAt !== undefined) {
    const t = typeof b.expiresAt === 'string' ? Date.parse(b.expiresAt) : NaN;
    if (Number.isNaN(t)) throw badRequest('expiresAt must be an ISO 8601 date-time');
    def.expiresAt = new Date(t).toISOString();
  }
  if (b.isActive !== undefined) {
    if (typeof b.isActive !== 'boolean') throw badRequest('isActive must be true or false');
    def.isActive = b.isActive;
  }
  return def;
}

/** The subscription as the API shows it, in the subscriber's terms, with its status. */
export function renderSubscription(
  def: SubscriptionDef,
  st: SubscriptionStatus,
  ctx: RequestContext,
  now: number,
): Record<string, unknown> {
  const expired = def.expiresAt !== undefined && Date.parse(def.expiresAt) <= now;
  const iso = (t: number | null) => (t === null ? undefined : new Date(t).toISOString());
  const out: Record<string, unknown> = { id: def.id, type: 'Subscription' };
  if (def.subscriptionName) out.subscriptionName = def.subscriptionName;
  if (def.description) out.description = def.description;
  if (def.entities) out.entities = def.entities.map((e) => ({ ...e, type: compactTerm(ctx, e.type) }));
  if (def.watchedAttributes) out.watchedAttributes = def.watchedAttributes.map((a) => compactTerm(ctx, a));
  if (def.q) out.q = def.q;
  out.notification = {
    ...(def.notification.attributes ? { attributes: def.notification.attributes.map((a) => compactTerm(ctx, a)) } : {}),
    format: def.notification.format,
    endpoint: def.notification.endpoint,
    status: st.lastFailure !== null && (st.lastSuccess === null || st.lastFailure > st.lastSuccess) ? 'failed' : 'ok',
    timesSent: st.timesSent,
    timesFailed: st.timesFailed,
    ...(st.lastNotification !== null ? { lastNotification: iso(st.lastNotification) } : {}),
    ...(st.lastSuccess !== null ? { lastSuccess: iso(st.lastSuccess) } : {}),
    ...(st.lastFailure !== null ? { lastFailure: iso(st.lastFailure) } : {}),
    ...(st.lastFailureReason ? { lastFailureReason: st.lastFailureReason } : {}),
  };
  if (def.throttling !== undefined) out.throttling = def.throttling;
  if (def.expiresAt) out.expiresAt = def.expiresAt;
  out.isActive = def.isActive && !expired;
  out.status = expired ? 'expired' : def.isActive ? 'active' : 'paused';
  return out;
}

/** The subscription as a body again (the subscriber's terms), for PATCH merging. */
export function subscriptionBody(def: SubscriptionDef, ctx: RequestContext): Record<string, unknown> {
  const r = renderSubscription(
    def,
    {
      timesSent: 0,
      timesFailed: 0,
      lastNotification: null,
      lastSuccess: null,
      lastFailure: null,
      lastFailureReason: null,
      createdAt: 0,
      updatedAt: 0,
    },
    ctx,
    0,
  );
  const n = r.notification as Record<string, unknown>;
  delete r.status;
  r.isActive = def.isActive;
  r.notification = { ...(n.attributes ? { attributes: n.attributes } : {}), format: n.format, endpoint: n.endpoint };
  return r;
}

function parseNotification(v: unknown, ctx: RequestContext): SubscriptionDef['notification'] {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw badRequest('notification is required: {endpoint: {uri}}');
  const n = v as Record<string, unknown>;
  const ep = n.endpoint as Record<string, unknown> | undefined;
  if (!ep || typeof ep !== 'object') throw badRequest('notification.endpoint is required');
  const uri = str(ep.uri, 'notification.endpoint.uri', 2000);
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    throw badRequest('notification.endpoint.uri is not a URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new NgsiLdError(
      'OperationNotSupported',
      `notification.endpoint.uri: only http and https endpoints are notified (${parsed.protocol})`,
    );
  const accept = ep.accept ?? 'application/json';
  if (accept !== 'application/json' && accept !== 'application/ld+json')
    throw badRequest('notification.endpoint.accept must be application/json or application/ld+json');
  const format = n.format ?? 'normalized';
  if (format !== 'normalized' && format !== 'keyValues' && format !== 'simplified')
    throw badRequest('notification.format must be normalized or keyValues');
  return {
    ...(n.attributes !== undefined ? { attributes: names(n.attributes, 'notification.attributes', ctx) } : {}),
    format: format === 'normalized' ? 'normalized' : 'keyValues',
    endpoint: { uri: parsed.toString(), accept },
  };
}

function names(v: unknown, what: string, ctx: RequestContext): string[] {
  if (!Array.isArray(v) || v.length === 0 || v.length > 100 || v.some((x) => typeof x !== 'string' || x === ''))
    throw badRequest(`${what} must be an array of 1–100 attribute names`);
  return (v as string[]).map((x) => resolveTerm(ctx, x));
}

function str(v: unknown, what: string, max: number): string {
  if (typeof v !== 'string' || v === '' || v.length > max) throw badRequest(`${what} must be a string of 1–${max} characters`);
  return v;
}

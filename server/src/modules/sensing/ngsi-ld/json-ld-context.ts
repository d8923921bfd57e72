/**
 * JSON-LD @context handling without a network: the NGSI-LD core context is built in and served
 * from memory (an air-gapped city cannot fetch it), a `Link` header or an inline `@context`
 * chooses the caller's terms, and terms are resolved to the platform's attribute and type names.
 *
 * The platform's names (`pm25`, `AirQualityObserved`) are the local names of their URIs: under
 * the core context they expand to `…/default-context/pm25`, under the Smart Data Models context to
 * `https://smartdatamodels.org/dataModel.Environment/pm25`. So a term resolves to the local name
 * (after the last `/` or `#`) of its expansion, and a name compacts back to whichever term of the
 * caller's context expands to a URI with that local name. Remote contexts are never fetched: a
 * `Link` to an unknown URL is echoed back and its terms are taken to be their own local names,
 * which is what the Smart Data Models contexts define.
 */
import { badRequest } from './ngsi-ld-errors.js';

/** The URL FIWARE clients send for the core context. */
export const CORE_CONTEXT_URL = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld';
/** The `rel` of a JSON-LD context `Link` header. */
export const CONTEXT_REL = 'http://www.w3.org/ns/json-ld#context';
/** Where this platform serves the core context itself. */
export const LOCAL_CORE_CONTEXT_PATH = '/ngsi-ld/v1/jsonldContexts/ngsi-ld-core-context.jsonld';

const NGSI = 'https://uri.etsi.org/ngsi-ld/';
const DEFAULT_VOCAB = `${NGSI}default-context/`;

/**
 * The core context, written from the terms CIM 009 Annex B defines that this API uses
 * (entities, properties, geometry, subscriptions, notifications, temporal and type listings).
 */
export const CORE_CONTEXT: { '@context': Record<string, unknown> } = {
  '@context': {
    'ngsi-ld': NGSI,
    geojson: 'https://purl.org/geojson/vocab#',
    id: '@id',
    type: '@type',
    '@vocab': DEFAULT_VOCAB,
    Property: 'ngsi-ld:Property',
    Relationship: 'ngsi-ld:Relationship',
    GeoProperty: 'ngsi-ld:GeoProperty',
    DateTime: 'ngsi-ld:DateTime',
    Date: 'ngsi-ld:Date',
    Time: 'ngsi-ld:Time',
    value: 'ngsi-ld:hasValue',
    values: { '@id': 'ngsi-ld:hasValues', '@container': '@list' },
    object: { '@id': 'ngsi-ld:hasObject', '@type': '@id' },
    observedAt: { '@id': 'ngsi-ld:observedAt', '@type': 'DateTime' },
    createdAt: { '@id': 'ngsi-ld:createdAt', '@type': 'DateTime' },
    modifiedAt: { '@id': 'ngsi-ld:modifiedAt', '@type': 'DateTime' },
    unitCode: 'ngsi-ld:unitCode',
    datasetId: { '@id': 'ngsi-ld:datasetId', '@type': '@id' },
    instanceId: { '@id': 'ngsi-ld:instanceId', '@type': '@id' },
    location: 'ngsi-ld:location',
    observationSpace: 'ngsi-ld:observationSpace',
    operationSpace: 'ngsi-ld:operationSpace',
    name: 'ngsi-ld:name',
    description: 'http://purl.org/dc/terms/description',
    Point: 'geojson:Point',
    LineString: 'geojson:LineString',
    Polygon: 'geojson:Polygon',
    MultiPoint: 'geojson:MultiPoint',
    MultiLineString: 'geojson:MultiLineString',
    MultiPolygon: 'geojson:MultiPolygon',
    coordinates: { '@container': '@list', '@id': 'geojson:coordinates' },
    Subscription: 'ngsi-ld:Subscription',
    Notification: 'ngsi-ld:Notification',
    entities: 'ngsi-ld:entities',
    idPattern: 'ngsi-ld:idPattern',
    watchedAttributes: { '@id': 'ngsi-ld:watchedAttributes', '@type': '@vocab' },
    q: 'ngsi-ld:q',
    notification: 'ngsi-ld:notification',
    attributes: { '@id': 'ngsi-ld:attributes', '@type': '@vocab' },
    format: 'ngsi-ld:format',
    endpoint: 'ngsi-ld:endpoint',
    uri: 'ngsi-ld:uri',
    accept: 'ngsi-ld:accept',
    throttling: 'ngsi-ld:throttling',
    expiresAt: { '@id': 'ngsi-ld:expiresAt', '@type': 'DateTime' },
    isActive: 'ngsi-ld:isActive',
    status: 'ngsi-ld:status',
    timesSent: 'ngsi-ld:timesSent',
    timesFailed: 'ngsi-ld:timesFailed',
    lastNotification: { '@id': 'ngsi-ld:lastNotification', '@type': 'DateTime' },
    lastFailure: { '@id': 'ngsi-ld:lastFailure', '@type': 'DateTime' },
    lastSuccess: { '@id': 'ngsi-ld:lastSuccess', '@type': 'DateTime' },
    notifiedAt: { '@id': 'ngsi-ld:notifiedAt', '@type': 'DateTime' },
    subscriptionId: { '@id': 'ngsi-ld:subscriptionId', '@type': '@id' },
    data: 'ngsi-ld:data',
    EntityTypeList: 'ngsi-ld:EntityTypeList',
    EntityType: 'ngsi-ld:EntityType',
    EntityTypeInfo: 'ngsi-ld:EntityTypeInfo',
    typeList: { '@id': 'ngsi-ld:typeList', '@type': '@vocab' },
    typeName: { '@id': 'ngsi-ld:typeName', '@type': '@vocab' },
    typeNames: { '@id': 'ngsi-ld:typeNames', '@type': '@vocab' },
    entityCount: 'ngsi-ld:entityCount',
    attributeNames: { '@id': 'ngsi-ld:attributeNames', '@type': '@vocab' },
    attributeDetails: 'ngsi-ld:attributeDetails',
    Attribute: 'ngsi-ld:Attribute',
    AttributeList: 'ngsi-ld:AttributeList',
    attributeList: { '@id': 'ngsi-ld:attributeList', '@type': '@vocab' },
    attributeName: { '@id': 'ngsi-ld:attributeName', '@type': '@vocab' },
    attributeCount: 'ngsi-ld:attributeCount',
    attributeTypes: { '@id': 'ngsi-ld:attributeTypes', '@type': '@vocab' },
    totalCount: 'ngsi-ld:totalCount',
    sum: 'ngsi-ld:sum',
    avg: 'ngsi-ld:avg',
    min: 'ngsi-ld:min',
    max: 'ngsi-ld:max',
  },
};

/** How a request chose its terms. */
export interface RequestContext {
  /** The URL to send back in `Link` / `@context` (the core context when the caller sent none). */
  url: string;
  /** Term → IRI definitions of inline contexts (empty for the core context and remote URLs). */
  terms: Map<string, string>;
  /** The inline context as the caller sent it (echoed in ld+json answers), when there was one. */
  inline: unknown;
}

/** The default: the core context only. */
export function coreContext(): RequestContext {
  return { url: CORE_CONTEXT_URL, terms: new Map(), inline: undefined };
}

/** Whether a URL names the core context (any version) or the copy served here. */
export function isCoreContextUrl(url: string): boolean {
  return /ngsi-ld-core-context(-v[\d.]+)?\.jsonld$/.test(url);
}

/**
 * The context of a request: the `Link` header for `application/json` (and for GET), or the
 * `@context` member of an `application/ld+json` body. CIM 009 §6.3.5 forbids both at once and
 * requires `@context` in ld+json bodies.
 */
export function contextOfRequest(headers: Record<string, string | string[] | undefined>, body: unknown): RequestContext {
  const contentType = String(headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  const link = headerValue(headers.link);
  const bodyContext = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)['@context'] : undefined;
  if (contentType === 'application/ld+json') {
    if (link)
      throw badRequest(
        'A Link header with a JSON-LD context is not allowed with Content-Type application/ld+json; put @context in the body.',
      );
    if (Array.isArray(body)) return coreContext(); // batch bodies carry @context per entity
    if (bodyContext === undefined) throw badRequest('An application/ld+json body must carry @context.');
    return parseInlineContext(bodyContext);
  }
  if (bodyContext !== undefined && contentType === 'application/json') {
    throw badRequest(
      '@context in the body needs Content-Type application/ld+json; with application/json send the context in a Link header.',
    );
  }
  return link ? contextFromLink(link) : coreContext();
}

/** The context of one entity of a batch (each may carry its own @context in ld+json). */
export function contextOfEntity(entity: unknown, fallback: RequestContext): RequestContext {
  const c = entity && typeof entity === 'object' ? (entity as Record<string, unknown>)['@context'] : undefined;
  return c === undefined ? fallback : parseInlineContext(c);
}

/** Parses `Link: <url>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`. */
export function contextFromLink(link: string): RequestContext {
  for (const part of link.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]+)>(.*)$/.exec(part);
    if (!m) continue;
    if (!/rel\s*=\s*"?http:\/\/www\.w3\.org\/ns\/json-ld#context"?/.test(m[2]!)) continue;
    const url = m[1]!.trim();
    if (!/^https?:\/\/\S+$/.test(url)) throw badRequest(`The Link header's context ${url} is not an http(s) URL.`);
    return { url, terms: new Map(), inline: undefined };
  }
  throw badRequest(`The Link header has no JSON-LD context (rel="${CONTEXT_REL}").`);
}

/** Reads an inline @context (a URL, an object of term definitions, or an array of both). */
export function parseInlineContext(value: unknown): RequestContext {
  const terms = new Map<string, string>();
  let url: string | null = null;
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) throw badRequest('@context must not be empty.');
  for (const item of items) {
    if (typeof item === 'string') {
      if (!/^https?:\/\/\S+$/.test(item)) throw badRequest(`@context entry ${item} is not an http(s) URL.`);
      if (!isCoreContextUrl(item)) url ??= item;
    } else if (item && typeof item === 'object' && !Array.isArray(item)) {
      const defs = item as Record<string, unknown>;
      for (const [term, def] of Object.entries(defs)) {
        const iri = typeof def === 'string' ? def : def && typeof def === 'object' ? (def as Record<string, unknown>)['@id'] : undefined;
        if (typeof iri === 'string') terms.set(term, iri);
      }
    } else {
      throw badRequest('@context must be a URL, an object or an array of those.');
    }
  }
  // Compact IRIs (`sdm:pm25`) expand through prefixes defined in the same context.
  for (const [term, iri] of terms) terms.set(term, expandPrefix(iri, terms));
  return { url: url ?? CORE_CONTEXT_URL, terms, inline: value };
}

/** The platform name (attribute or type) a caller's term stands for. */
export function resolveTerm(ctx: RequestContext, term: string): string {
  const iri = ctx.terms.get(term) ?? expandPrefix(term, ctx.terms);
  return localName(iri);
}

/** The caller's term for a platform name (the name itself when its context does not rename it). */
export function compactTerm(ctx: RequestContext, name: string): string {
  if (ctx.terms.size === 0) return name;
  if (ctx.terms.has(name) && localName(ctx.terms.get(name)!) === name) return name;
  for (const [term, iri] of ctx.terms) if (!term.startsWith('@') && localName(iri) === name && !iri.endsWith(':')) return term;
  return name;
}

/** The `Link` header value naming a context. */
export function linkHeader(url: string): string {
  return `<${url}>; rel="${CONTEXT_REL}"; type="application/ld+json"`;
}

/** The @context member of an ld+json answer. */
export function contextMember(ctx: RequestContext): unknown {
  if (ctx.inline !== undefined) return ctx.inline;
  return ctx.url === CORE_CONTEXT_URL ? CORE_CONTEXT_URL : [ctx.url, CORE_CONTEXT_URL];
}

function expandPrefix(iri: string, terms: Map<string, string>): string {
  const cut = iri.indexOf(':');
  if (cut <= 0 || iri.slice(cut + 1).startsWith('//')) return iri;
  const prefix = terms.get(iri.slice(0, cut));
  return prefix ? prefix + iri.slice(cut + 1) : iri;
}

function localName(iri: string): string {
  const cut = Math.max(iri.lastIndexOf('/'), iri.lastIndexOf('#'));
  return cut >= 0 && cut < iri.length - 1 ? iri.slice(cut + 1) : iri;
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(', ') : v;
}

/** A context as stored with a subscription. */
export interface StoredContext {
  url: string;
  inline?: unknown;
}

/** What to store of a request's context. */
export function storeContext(ctx: RequestContext): StoredContext {
  return ctx.inline !== undefined ? { url: ctx.url, inline: ctx.inline } : { url: ctx.url };
}

/** A stored context back as a request context. */
export function restoreContext(s: StoredContext): RequestContext {
  return s.inline !== undefined ? parseInlineContext(s.inline) : { url: s.url, terms: new Map(), inline: undefined };
}

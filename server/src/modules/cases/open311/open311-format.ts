/**
 * Open311 GeoReport v2 wire formats: the same document as JSON or as XML (the spec makes XML
 * mandatory), and the spec's error list `[{code, description}]`.
 */
import type { FastifyReply } from 'fastify';
import { XMLBuilder } from 'fast-xml-parser';

/** The two representations a path suffix selects. */
export type Open311Format = 'json' | 'xml';

/** An error in the spec's shape; `status` is the HTTP status (400, 403, 404, 429). */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'Open311Error';
  }
}

const builder = new XMLBuilder({ format: true, suppressEmptyNode: false, processEntities: true });

/**
 * XML element names per document: the root, and the element each array member becomes. Nested
 * arrays (attributes, values, endpoints, formats) follow the spec's element names.
 */
const LIST_ITEM: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
};

/** Renames arrays for XML: `{attributes: [a, b]}` → `{attributes: {attribute: [a, b]}}`. */
function toXmlTree(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    const item = key ? LIST_ITEM[key] : undefined;
    const items = value.map((v) => toXmlTree(v));
    return item ? { [item]: items } : items;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toXmlTree(v, k);
    return out;
  }
  // null becomes an empty element, as Open311 servers send absent values.
  return value === null || value === undefined ? '' : value;
}

/** Serialises `body` (a list named `root` when an array) in `format` and sends it. */
export function sendOpen311(reply: FastifyReply, format: Open311Format, root: string, body: unknown, status = 200): FastifyReply {
  reply.status(status);
  if (format === 'json') return reply.type('application/json; charset=utf-8').send(body);
  const tree = { [root]: toXmlTree(body, root) };
  const xml = `<?xml version="1.0" encoding="utf-8"?>\n${builder.build(tree) as string}`;
  return reply.type('text/xml; charset=utf-8').send(xml);
}

/** Sends the spec's error list. */
export function sendOpen311Error(reply: FastifyReply, format: Open311Format, status: number, description: string): FastifyReply {
  return sendOpen311(reply, format, 'errors', [{ code: status, description }], status);
}

/** Splits `name.json` / `name.xml`; null when the suffix is neither. */
export function splitFormat(file: string): { name: string; format: Open311Format } | null {
  const m = /^(.*)\.(json|xml)$/i.exec(file);
  if (!m) return null;
  return { name: m[1]!, format: m[2]!.toLowerCase() as Open311Format };
}

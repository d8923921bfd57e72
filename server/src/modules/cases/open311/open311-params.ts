/**
 * Request parameters of Open311: form-urlencoded bodies and query strings, read into single
 * values and `attribute[code]` / `attribute[code][]` maps. A repeated plain parameter is a 400
 * naming it, so a client never wonders which of two values counted.
 */
import { Open311Error } from './open311-format.js';

/** Parsed parameters: plain fields and the `attribute[...]` values (always arrays). */
export interface Open311Params {
  fields: Map<string, string>;
  attributes: Map<string, { values: string[]; multi: boolean }>;
}

/** Parses a form-urlencoded body (node's URLSearchParams does the decoding). */
export function parseForm(text: string): Array<[string, string]> {
  return [...new URLSearchParams(text).entries()];
}

/** Reads pairs from a body and a query string (body wins) into fields and attributes. */
export function readParams(...sources: Array<Array<[string, string]>>): Open311Params {
  const fields = new Map<string, string>();
  const attributes = new Map<string, { values: string[]; multi: boolean }>();
  for (const pairs of sources) {
    const seen = new Set<string>();
    for (const [k, v] of pairs) {
      const attr = /^attribute\[([^\]]+)\](\[\])?$/.exec(k);
      if (attr) {
        const code = attr[1]!;
        const cur = attributes.get(code) ?? { values: [], multi: false };
        cur.values.push(v);
        cur.multi ||= !!attr[2];
        attributes.set(code, cur);
        continue;
      }
      if (seen.has(k)) throw new Open311Error(400, `${k} is given more than once`);
      seen.add(k);
      if (!fields.has(k)) fields.set(k, v);
    }
  }
  return { fields, attributes };
}

/** Pairs of a Fastify query object (values may be arrays when repeated). */
export function queryPairs(query: unknown): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [k, v] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (Array.isArray(v)) for (const x of v) out.push([k, String(x)]);
    else if (v !== undefined) out.push([k, String(v)]);
  }
  return out;
}

/** Pairs of a parsed body: form pairs as they came, a JSON object's members as strings. */
export function bodyPairs(body: unknown): Array<[string, string]> {
  if (body === undefined || body === null || body === '') return [];
  if (Array.isArray(body)) return body as Array<[string, string]>;
  if (typeof body === 'object') return queryPairs(body);
  throw new Open311Error(400, 'The body must be application/x-www-form-urlencoded');
}

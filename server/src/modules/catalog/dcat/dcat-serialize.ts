/**
 * The DCAT graph as Turtle (written by n3) and as JSON-LD (flattened: one node object per
 * subject, properties keyed by compact IRIs the `@context` defines). Both come from the same
 * triples, so the two endpoints cannot drift apart.
 */
import { DataFactory, Writer } from 'n3';
import type { Term, Triple } from './dcat-graph.js';
import { NS } from './dcat-vocabulary.js';

const { namedNode, literal, quad } = DataFactory;

function toN3(o: Term) {
  if ('iri' in o) return namedNode(o.iri);
  return o.lang ? literal(o.value, o.lang) : o.datatype ? literal(o.value, namedNode(o.datatype)) : literal(o.value);
}

/** Turtle with the usual prefixes. */
export function toTurtle(triples: Triple[]): Promise<string> {
  const writer = new Writer({ prefixes: { ...NS } });
  for (const t of triples) writer.addQuad(quad(namedNode(t.s), namedNode(t.p), toN3(t.o)));
  return new Promise((resolve, reject) => writer.end((err, out) => (err ? reject(err) : resolve(out))));
}

/** The JSON-LD context: prefixes, and `@id`-typed keys for the IRI-valued properties we emit. */
export const DCAT_JSONLD_CONTEXT = { ...NS } as const;

/** Compacts an IRI with the prefixes (`http://purl.org/dc/terms/title` → `dct:title`). */
function compact(iri: string): string {
  for (const [prefix, ns] of Object.entries(NS))
    if (iri.startsWith(ns) && /^[A-Za-z_][\w-]*$/.test(iri.slice(ns.length))) return `${prefix}:${iri.slice(ns.length)}`;
  return iri;
}

/** JSON-LD: `{"@context": {...}, "@graph": [node, ...]}`. */
export function toJsonLd(triples: Triple[]): Record<string, unknown> {
  const nodes = new Map<string, Record<string, unknown>>();
  for (const t of triples) {
    let node = nodes.get(t.s);
    if (!node) {
      node = { '@id': t.s };
      nodes.set(t.s, node);
    }
    if (t.p === NS.rdf + 'type' && 'iri' in t.o) {
      node['@type'] = [...((node['@type'] as string[] | undefined) ?? []), compact(t.o.iri)];
      continue;
    }
    const key = compact(t.p);
    const value =
      'iri' in t.o
        ? { '@id': t.o.iri }
        : t.o.lang
          ? { '@value': t.o.value, '@language': t.o.lang }
          : t.o.datatype
            ? { '@value': t.o.value, '@type': compact(t.o.datatype) }
            : t.o.value;
    const prev = node[key];
    node[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return { '@context': DCAT_JSONLD_CONTEXT, '@graph': [...nodes.values()] };
}

/**
 * The DCAT-AP 3 export: `/catalog.ttl` conforms to the DCAT-AP 3.0.1 SHACL shapes and to the
 * range shapes (`/work/shared/reference/dcat-ap-3.0.1-shapes.ttl` and `dcat-ap-3.0.1-range.ttl`,
 * copied into this folder), carries the open datasets only, and `/catalog.jsonld` holds the same
 * triples as the Turtle.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { Parser, Store, type Quad } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';
import { anon, seedOpenCatalog, type OpenFixture } from './open-data-kit.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

function parse(ttl: string, base?: string): Quad[] {
  return new Parser(base ? { baseIRI: base } : {}).parse(ttl);
}

async function validate(shapesFile: string, data: Quad[]) {
  const shapes = new Store(parse(readFileSync(path.join(here, shapesFile), 'utf8'), 'http://data.europa.eu/r5r#'));
  const report = await new SHACLValidator(shapes).validate(new Store(data));
  const problems = report.results.map((r) => `${r.focusNode?.value} ${r.path?.value}: ${r.message.map((m) => m.value).join('; ')}`);
  return { conforms: report.conforms, problems };
}

/** Expands our JSON-LD (@context of prefixes, a flat @graph) back to N-Triples-like strings. */
function jsonLdTriples(doc: { '@context': Record<string, string>; '@graph': Array<Record<string, unknown>> }): Set<string> {
  const ctx = doc['@context'];
  const expand = (s: string) => {
    const m = /^([a-z]+):(.*)$/.exec(s);
    return m && ctx[m[1]!] ? ctx[m[1]!] + m[2] : s;
  };
  const out = new Set<string>();
  for (const node of doc['@graph']) {
    const s = node['@id'] as string;
    for (const [k, v] of Object.entries(node)) {
      if (k === '@id') continue;
      for (const one of Array.isArray(v) ? v : [v]) {
        if (k === '@type') out.add(`${s} ${RDF_TYPE} <${expand(one as string)}>`);
        else if (typeof one === 'string') out.add(`${s} ${expand(k)} "${one}"`);
        else if ((one as { '@id'?: string })['@id']) out.add(`${s} ${expand(k)} <${(one as { '@id': string })['@id']}>`);
        else {
          const lit = one as { '@value': string; '@language'?: string; '@type'?: string };
          out.add(
            `${s} ${expand(k)} "${lit['@value']}"${lit['@language'] ? '@' + lit['@language'] : lit['@type'] ? '^^' + expand(lit['@type']) : ''}`,
          );
        }
      }
    }
  }
  return out;
}

function quadStrings(quads: Quad[]): Set<string> {
  return new Set(
    quads.map((q) => {
      const o = q.object;
      const obj =
        o.termType === 'NamedNode'
          ? `<${o.value}>`
          : `"${o.value}"${(o as { language?: string }).language ? '@' + (o as { language: string }).language : (o as { datatype?: { value: string } }).datatype && (o as { datatype: { value: string } }).datatype.value !== 'http://www.w3.org/2001/XMLSchema#string' ? '^^' + (o as { datatype: { value: string } }).datatype.value : ''}`;
      return `${q.subject.value} ${q.predicate.value} ${obj}`;
    }),
  );
}

forEachDialect((dialect) => {
  describe(`DCAT-AP 3 export (${dialect})`, () => {
    let t: TestApp;
    let fx: OpenFixture;
    let ttl: string;
    let quads: Quad[];
    let demoTtl: string;

    before(async () => {
      t = await startTestApp({ dialect, demo: true });
      // The demo city's own open catalog first, as an installation serves it out of the box.
      demoTtl = (await anon(t, '/catalog.ttl')).raw;
      fx = await seedOpenCatalog(t);
      const res = await anon(t, '/catalog.ttl');
      assert.equal(res.status, 200, res.raw);
      assert.match(String(res.headers['content-type']), /^text\/turtle/);
      ttl = res.raw;
      quads = parse(ttl);
    });
    after(() => t?.close());

    it('conforms to the DCAT-AP 3.0.1 shapes', async () => {
      const r = await validate('dcat-ap-3.0.1-shapes.ttl', quads);
      assert.deepEqual(r.problems, []);
      assert.equal(r.conforms, true);
    });

    it('conforms to the DCAT-AP 3.0.1 range shapes', async () => {
      const r = await validate('dcat-ap-3.0.1-range.ttl', quads);
      assert.deepEqual(r.problems, []);
      assert.equal(r.conforms, true);
    });

    it("conforms with the demo city's open catalog too", async () => {
      const demo = parse(demoTtl);
      assert.ok(
        demo.some((q) => q.object.value === DCAT + 'Dataset'),
        'the demo city publishes open datasets',
      );
      for (const file of ['dcat-ap-3.0.1-shapes.ttl', 'dcat-ap-3.0.1-range.ttl']) {
        const r = await validate(file, demo);
        assert.deepEqual(r.problems, [], file);
        assert.equal(r.conforms, true, file);
      }
    });

    it('fails validation when a required property is missing (the check can fail)', async () => {
      const broken = quads.filter((q) => !(q.predicate.value === DCT + 'publisher' && q.subject.value.endsWith('/catalog')));
      const r = await validate('dcat-ap-3.0.1-shapes.ttl', broken);
      assert.equal(r.conforms, false);
      const noUrl = quads.filter((q) => q.predicate.value !== DCAT + 'accessURL');
      assert.equal((await validate('dcat-ap-3.0.1-shapes.ttl', noUrl)).conforms, false);
    });

    it('lists the open datasets only, with themes, formats, licences and records', async () => {
      const datasets = quads
        .filter((q) => q.predicate.value === RDF_TYPE && q.object.value === DCAT + 'Dataset')
        .map((q) => q.subject.value);
      assert.equal(datasets.length, 3);
      for (const id of [fx.busStops, fx.schools, fx.credit])
        assert.ok(
          datasets.some((d) => d.includes(id)),
          id,
        );
      for (const id of [fx.closed, fx.draft]) assert.ok(!ttl.includes(id), `${id} leaked`);
      assert.ok(!ttl.includes('manager_phone') && !ttl.includes('管理员电话'), 'personal field named');
      const bus = datasets.find((d) => d.includes(fx.busStops))!;
      const of = (s: string, p: string) => quads.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object.value);
      assert.deepEqual(of(bus, DCAT + 'theme'), ['http://publications.europa.eu/resource/authority/data-theme/TRAN']);
      assert.deepEqual(of(bus, DCT + 'accrualPeriodicity'), ['http://publications.europa.eu/resource/authority/frequency/MONTHLY']);
      const issued = quads.find((q) => q.subject.value === bus && q.predicate.value === DCT + 'issued')!;
      assert.equal(issued.object.value, '2026-01-15');
      assert.equal((issued.object as { datatype: { value: string } }).datatype.value, 'http://www.w3.org/2001/XMLSchema#date');
      const dists = of(bus, DCAT + 'distribution');
      assert.equal(dists.length, 3);
      const formats = dists.flatMap((d) => of(d, DCT + 'format')).sort();
      assert.deepEqual(
        formats,
        ['CSV', 'JSON', 'XLSX'].map((f) => `http://publications.europa.eu/resource/authority/file-type/${f}`),
      );
      assert.ok(dists.every((d) => of(d, DCAT + 'downloadURL')[0]!.endsWith(`/download.${d.split('#')[1]}`)));
      const records = quads.filter((q) => q.predicate.value === 'http://xmlns.com/foaf/0.1/primaryTopic').map((q) => q.object.value);
      assert.deepEqual(records.sort(), [...datasets].sort());
      const services = quads.filter((q) => q.predicate.value === DCAT + 'endpointURL').map((q) => q.object.value);
      assert.equal(services.length, 1);
      assert.match(services[0]!, /\/api\/3\/action$/);
    });

    it('serves the same graph as JSON-LD with a @context', async () => {
      const res = await anon(t, '/catalog.jsonld');
      assert.equal(res.status, 200);
      assert.match(String(res.headers['content-type']), /^application\/ld\+json/);
      assert.equal(res.body['@context'].dcat, DCAT);
      assert.deepEqual([...jsonLdTriples(res.body)].sort(), [...quadStrings(quads)].sort());
    });
  });
});

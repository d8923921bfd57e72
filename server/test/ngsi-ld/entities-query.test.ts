/**
 * NGSI-LD entity queries over devices: by type, id list, idPattern, q (numbers, booleans, names,
 * AND / OR / parentheses, ranges, lists, observedAt), georel near and within, attrs, in
 * normalized and keyValues form, with the count header and paging; and the protocol details
 * (Link header, ld+json @context, Accept, errors, auth, tenants).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forEachDialect, type TestApp } from '../helpers/test-app.js';
import { EAST, WEST } from '../sensing/sensing-test-kit.js';
import { assertProblem, createEntity, ngsi, startNgsiCity, urn } from './ngsi-test-kit.js';

const CORE = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld';
const ids = (body: Array<{ id: string }>) => body.map((e) => e.id).sort();

forEachDialect((dialect) => {
  describe(`NGSI-LD entity queries (${dialect})`, () => {
    let t: TestApp;
    const observed = '2026-11-20T08:00:00.000Z';
    before(async () => {
      t = await startNgsiCity(dialect);
      const aq = (pm25: number, extra: Record<string, unknown> = {}) => ({
        pm25: { type: 'Property', value: pm25, observedAt: observed },
        ...extra,
      });
      await createEntity(
        t,
        'AirQualityObserved',
        'aq-west',
        WEST,
        aq(35, { temperature: { type: 'Property', value: 21.5, observedAt: observed } }),
      );
      await createEntity(t, 'AirQualityObserved', 'aq-east', EAST, aq(80));
      await createEntity(t, 'AirQualityObserved', 'aq-near', [WEST[0] + 0.002, WEST[1]], aq(120));
      await createEntity(t, 'AirQualityObserved', 'aq-silent', [119.601, 29.101]);
      await createEntity(t, 'WaterLevel', 'wl-1', EAST, {
        level: { type: 'Property', value: 3.4, observedAt: observed },
        warningLevel: { type: 'Property', value: 3.2 },
      });
      await createEntity(t, 'Streetlight', 'sl-1', WEST, { on: { type: 'Property', value: true, observedAt: observed } });
      await createEntity(t, 'Streetlight', 'sl-2', EAST, { on: { type: 'Property', value: false, observedAt: observed } });
    });
    after(() => t?.close());

    it('lists the entities of a type in normalized form with units, observedAt and location', async () => {
      const res = await ngsi(t, 'GET', '/entities?type=AirQualityObserved');
      assert.equal(res.status, 200, res.raw);
      assert.deepEqual(
        ids(res.body),
        ['aq-east', 'aq-near', 'aq-silent', 'aq-west'].map((i) => urn('AirQualityObserved', i)),
      );
      const west = res.body.find((e: { id: string }) => e.id === urn('AirQualityObserved', 'aq-west'));
      assert.deepEqual(west.pm25, { type: 'Property', value: 35, observedAt: observed, unitCode: 'GQ' });
      assert.deepEqual(west.temperature.unitCode, 'CEL');
      assert.deepEqual(west.location, { type: 'GeoProperty', value: { type: 'Point', coordinates: WEST } });
      assert.deepEqual(west.name, { type: 'Property', value: 'aq-west 站' });
      assert.deepEqual(west.dateObserved, { type: 'Property', value: { '@type': 'DateTime', '@value': observed } });
      assert.equal(west.type, 'AirQualityObserved');
      assert.match(String(res.headers.link), new RegExp(`<${CORE}>; rel="http://www.w3.org/ns/json-ld#context"`));
      assert.match(String(res.headers['content-type']), /^application\/json/);
    });

    it('answers in keyValues (and simplified) form with plain values', async () => {
      for (const opt of ['options=keyValues', 'options=simplified', 'format=keyValues']) {
        const res = await ngsi(t, 'GET', `/entities?type=WaterLevel&${opt}`);
        assert.equal(res.status, 200, res.raw);
        assert.deepEqual(res.body, [
          {
            id: urn('WaterLevel', 'wl-1'),
            type: 'WaterLevel',
            name: 'wl-1 站',
            location: { type: 'Point', coordinates: EAST },
            level: 3.4,
            dateObserved: observed,
            warningLevel: 3.2,
          },
        ]);
      }
    });

    it('filters by an id list and by idPattern', async () => {
      const list = await ngsi(
        t,
        'GET',
        `/entities?id=${urn('Streetlight', 'sl-1')},${urn('WaterLevel', 'wl-1')},${urn('Streetlight', 'wl-1')},urn:x:y`,
      );
      assert.deepEqual(ids(list.body), [urn('Streetlight', 'sl-1'), urn('WaterLevel', 'wl-1')]);
      const pattern = await ngsi(t, 'GET', `/entities?idPattern=${encodeURIComponent('^urn:ngsi-ld:AirQualityObserved:aq-(west|east)$')}`);
      assert.deepEqual(ids(pattern.body), [urn('AirQualityObserved', 'aq-east'), urn('AirQualityObserved', 'aq-west')]);
      const both = await ngsi(t, 'GET', `/entities?type=Streetlight&idPattern=.*-2$`);
      assert.deepEqual(ids(both.body), [urn('Streetlight', 'sl-2')]);
    });

    it('filters with q: comparisons, booleans, AND, OR, parentheses, ranges, lists, names and observedAt', async () => {
      const q = async (expr: string, extra = '') => {
        const res = await ngsi(t, 'GET', `/entities?q=${encodeURIComponent(expr)}${extra}`);
        assert.equal(res.status, 200, `${expr}: ${res.raw}`);
        return ids(res.body).map((i) => i.split(':').pop());
      };
      assert.deepEqual(await q('pm25>75'), ['aq-east', 'aq-near']);
      assert.deepEqual(await q('pm25>=80'), ['aq-east', 'aq-near']);
      assert.deepEqual(await q('pm25<80'), ['aq-west']);
      assert.deepEqual(await q('pm25!=80'), ['aq-near', 'aq-west']);
      assert.deepEqual(await q('pm25==30..90'), ['aq-east', 'aq-west']);
      assert.deepEqual(await q('pm25==35,120'), ['aq-near', 'aq-west']);
      assert.deepEqual(await q('pm25>50;pm25<100'), ['aq-east']);
      assert.deepEqual(await q('pm25>100|level>3'), ['aq-near', 'wl-1']);
      assert.deepEqual(await q('(pm25<50|pm25>100);temperature'), ['aq-west']);
      assert.deepEqual(await q('on==true'), ['sl-1']);
      assert.deepEqual(await q('on==false', '&type=Streetlight'), ['sl-2']);
      assert.deepEqual(await q('name=="sl-2 站"'), ['sl-2']);
      assert.deepEqual(await q('temperature'), ['aq-west']);
      assert.deepEqual(await q('pm25.observedAt>=2026-11-20T08:00:00Z'), ['aq-east', 'aq-near', 'aq-west']);
      assert.deepEqual(await q('pm25.observedAt<2026-11-20T08:00:00Z'), []);
      assert.deepEqual(await q('level.unitCode=="MTR"'), ['wl-1']);
      assert.deepEqual(await q('pm25>75', '&type=WaterLevel'), []);
    });

    it('finds entities near a point and within a polygon', async () => {
      const near = await ngsi(
        t,
        'GET',
        `/entities?georel=near;maxDistance==500&geometry=Point&coordinates=${encodeURIComponent(JSON.stringify(WEST))}&type=AirQualityObserved`,
      );
      assert.equal(near.status, 200, near.raw);
      // Sorted by distance: aq-west sits on the point, aq-near 194 m east.
      assert.deepEqual(
        near.body.map((e: { id: string }) => e.id),
        [urn('AirQualityObserved', 'aq-west'), urn('AirQualityObserved', 'aq-near')],
      );
      const far = await ngsi(
        t,
        'GET',
        `/entities?georel=near;minDistance==900&geometry=Point&coordinates=[${WEST}]&type=AirQualityObserved`,
      );
      assert.deepEqual(ids(far.body), [urn('AirQualityObserved', 'aq-east')]);
      const eastHalf = [
        [
          [119.61, 29.1],
          [119.62, 29.1],
          [119.62, 29.11],
          [119.61, 29.11],
          [119.61, 29.1],
        ],
      ];
      const within = await ngsi(
        t,
        'GET',
        `/entities?georel=within&geometry=Polygon&coordinates=${encodeURIComponent(JSON.stringify(eastHalf))}`,
      );
      assert.deepEqual(ids(within.body), [urn('AirQualityObserved', 'aq-east'), urn('Streetlight', 'sl-2'), urn('WaterLevel', 'wl-1')]);
      const disjoint = await ngsi(
        t,
        'GET',
        `/entities?type=Streetlight&georel=disjoint&geometry=Polygon&coordinates=${encodeURIComponent(JSON.stringify(eastHalf))}`,
      );
      assert.deepEqual(ids(disjoint.body), [urn('Streetlight', 'sl-1')]);
      const withQ = await ngsi(
        t,
        'GET',
        `/entities?q=pm25>50&georel=within&geometry=Polygon&coordinates=${encodeURIComponent(JSON.stringify(eastHalf))}&options=keyValues`,
      );
      assert.deepEqual(
        withQ.body.map((e: { pm25: number }) => e.pm25),
        [80],
      );
    });

    it('projects attrs and selects entities having one of them', async () => {
      const res = await ngsi(t, 'GET', '/entities?attrs=temperature,level&options=keyValues');
      assert.deepEqual(
        res.body.sort((a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1)),
        [
          { id: urn('AirQualityObserved', 'aq-west'), type: 'AirQualityObserved', temperature: 21.5 },
          { id: urn('WaterLevel', 'wl-1'), type: 'WaterLevel', level: 3.4 },
        ],
      );
    });

    it('pages with limit and offset and counts in NGSILD-Results-Count', async () => {
      const p1 = await ngsi(t, 'GET', '/entities?type=AirQualityObserved,Streetlight&limit=4&count=true');
      assert.equal(p1.headers['ngsild-results-count'], '6');
      assert.equal(p1.body.length, 4);
      const p2 = await ngsi(t, 'GET', '/entities?type=AirQualityObserved,Streetlight&limit=4&offset=4');
      assert.equal(p2.headers['ngsild-results-count'], undefined);
      assert.deepEqual(
        [...p1.body, ...p2.body].map((e: { id: string }) => e.id),
        ids([...p1.body, ...p2.body]),
      );
      assert.equal(new Set([...p1.body, ...p2.body].map((e: { id: string }) => e.id)).size, 6);
      const onlyCount = await ngsi(t, 'GET', '/entities?type=Streetlight&limit=0&count=true');
      assert.deepEqual(onlyCount.body, []);
      assert.equal(onlyCount.headers['ngsild-results-count'], '2');
      const geoCount = await ngsi(
        t,
        'GET',
        `/entities?georel=near;maxDistance==500&geometry=Point&coordinates=[${WEST}]&limit=1&offset=1&options=count`,
      );
      assert.equal(geoCount.headers['ngsild-results-count'], '3'); // aq-west, sl-1 (0 m), aq-near (194 m); aq-silent is 591 m away
      assert.equal(geoCount.body.length, 1);
    });

    it('reads one entity, with attrs and keyValues', async () => {
      const res = await ngsi(t, 'GET', `/entities/${urn('Streetlight', 'sl-1')}?attrs=on&options=keyValues`);
      assert.deepEqual(res.body, { id: urn('Streetlight', 'sl-1'), type: 'Streetlight', on: true });
      assertProblem(await ngsi(t, 'GET', `/entities/${urn('Streetlight', 'nope')}`), 404, 'ResourceNotFound');
      assertProblem(await ngsi(t, 'GET', `/entities/${urn('WaterLevel', 'sl-1')}`), 404, 'ResourceNotFound');
      assertProblem(await ngsi(t, 'GET', '/entities/not-a-uri'), 400, 'BadRequestData');
    });

    it('answers application/ld+json with @context in the body and honours a user context on the way in and out', async () => {
      const ld = await ngsi(t, 'GET', `/entities/${urn('WaterLevel', 'wl-1')}`, { headers: { accept: 'application/ld+json' } });
      assert.match(String(ld.headers['content-type']), /^application\/ld\+json/);
      assert.equal(ld.body['@context'], CORE);
      assert.equal(ld.headers.link, undefined);
      const list = await ngsi(t, 'GET', '/entities?type=Streetlight', { headers: { accept: 'application/ld+json' } });
      assert.ok(list.body.every((e: Record<string, unknown>) => e['@context'] === CORE));
      // A Smart Data Models context: terms resolve by their IRIs' local names, nothing is fetched.
      const sdm = 'https://smartdatamodels.org/context.jsonld';
      const viaLink = await ngsi(
        t,
        'GET',
        `/entities?type=${encodeURIComponent('https://smartdatamodels.org/dataModel.Environment/WaterLevel')}&q=level>3`,
        {
          headers: { link: `<${sdm}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"` },
        },
      );
      assert.deepEqual(ids(viaLink.body), [urn('WaterLevel', 'wl-1')]);
      assert.match(String(viaLink.headers.link), new RegExp(`<${sdm}>`));
    });

    it('answers application/geo+json as a FeatureCollection', async () => {
      const res = await ngsi(t, 'GET', '/entities?type=WaterLevel&options=keyValues', { headers: { accept: 'application/geo+json' } });
      assert.equal(res.status, 200, res.raw);
      assert.match(String(res.headers['content-type']), /^application\/geo\+json/);
      assert.equal(res.body.type, 'FeatureCollection');
      assert.deepEqual(res.body.features[0].geometry, { type: 'Point', coordinates: EAST });
      assert.equal(res.body.features[0].id, urn('WaterLevel', 'wl-1'));
      assert.equal(res.body.features[0].properties.level, 3.4);
    });

    it('refuses requests it cannot answer with NGSI-LD errors', async () => {
      assertProblem(await ngsi(t, 'GET', '/entities'), 400, 'BadRequestData', /type, attrs, q, georel/);
      assertProblem(await ngsi(t, 'GET', '/entities?q=pm25>>3'), 400, 'BadRequestData', /q:/);
      assertProblem(await ngsi(t, 'GET', '/entities?q=(pm25>3'), 400, 'BadRequestData', /missing "\)"/);
      assertProblem(await ngsi(t, 'GET', '/entities?q=pm25>abc'), 400, 'BadRequestData', /abc/);
      assertProblem(await ngsi(t, 'GET', '/entities?q=name~=".*"'), 422, 'OperationNotSupported');
      assertProblem(await ngsi(t, 'GET', '/entities?q=warningLevel>3'), 422, 'OperationNotSupported');
      assertProblem(await ngsi(t, 'GET', '/entities?idPattern=(unclosed'), 400, 'BadRequestData', /idPattern/);
      assertProblem(await ngsi(t, 'GET', '/entities?type=Streetlight&limit=5000'), 400, 'BadRequestData', /limit/);
      assertProblem(await ngsi(t, 'GET', '/entities?type=Streetlight&limit=0'), 400, 'BadRequestData', /count=true/);
      assertProblem(await ngsi(t, 'GET', '/entities?type=Streetlight&options=bogus'), 400, 'BadRequestData', /options/);
      assertProblem(
        await ngsi(t, 'GET', '/entities?georel=near&geometry=Point&coordinates=[119.6,29.1]'),
        400,
        'BadRequestData',
        /maxDistance/,
      );
      assertProblem(
        await ngsi(t, 'GET', '/entities?georel=within&geometry=Polygon&coordinates=[[[1,1],[2,2]]]'),
        400,
        'BadRequestData',
        /ring/,
      );
      assertProblem(
        await ngsi(t, 'GET', '/entities?georel=within&geometry=Polygon&coordinates=nope'),
        400,
        'BadRequestData',
        /coordinates/,
      );
      assertProblem(await ngsi(t, 'GET', '/entities?georel=within&geometry=Blob&coordinates=[1,2]'), 400, 'BadRequestData', /geometry/);
      assertProblem(await ngsi(t, 'GET', '/entities?georel=within&coordinates=[1,2]'), 400, 'BadRequestData', /geometry/);
      assertProblem(
        await ngsi(t, 'GET', '/entities?type=Streetlight', { headers: { link: '<nonsense>; rel="http://www.w3.org/ns/json-ld#context"' } }),
        400,
        'BadRequestData',
        /Link/,
      );
      assertProblem(
        await ngsi(t, 'GET', '/entities?type=Streetlight', { headers: { 'ngsild-tenant': 'city2' } }),
        501,
        'NoMultiTenantSupport',
      );
      assertProblem(await ngsi(t, 'GET', '/entities?type=Streetlight', { headers: { accept: 'text/html' } }), 406, 'InvalidRequest');
      assertProblem(await ngsi(t, 'GET', '/nothing-here'), 404, 'ResourceNotFound');
    });

    it('needs credentials: no auth is 401, a read-only key cannot write', async () => {
      const anon = await ngsi(t, 'GET', '/entities?type=Streetlight', { auth: false });
      assert.equal(anon.status, 401);
      const key = await t.inject({
        method: 'POST',
        url: '/api/v1/org/api-keys',
        as: 'admin',
        payload: { name: 'reader', permissions: ['sensing.read'] },
      });
      const reader = { authorization: `Bearer ${key.json().key}` };
      assert.equal((await ngsi(t, 'GET', '/entities?type=Streetlight', { auth: false, headers: reader })).status, 200);
      const write = await ngsi(t, 'DELETE', `/entities/${urn('Streetlight', 'sl-1')}`, { auth: false, headers: reader });
      assert.equal(write.status, 403);
      const bad = await ngsi(t, 'GET', '/entities?type=Streetlight', { auth: false, headers: { authorization: 'Bearer zk_bogus' } });
      assert.equal(bad.status, 401);
    });

    it('applies department scoping: a user without a department sees no entity', async () => {
      const created = await t.inject({
        method: 'POST',
        url: '/api/v1/org/users',
        as: 'admin',
        payload: { username: 'scoped9', displayName: '周九', roles: ['inspector'], password: 'Scoped-Pass-2026!' },
      });
      assert.equal(created.statusCode, 201, created.body);
      const { cookie, csrfToken } = await t.login('scoped9', 'Scoped-Pass-2026!');
      const as = { cookie, 'x-csrf-token': csrfToken };
      const list = await ngsi(t, 'GET', '/entities?type=Streetlight&count=true', { auth: false, headers: as });
      assert.equal(list.status, 200, list.raw);
      assert.deepEqual(list.body, []);
      assert.equal(list.headers['ngsild-results-count'], '0');
      assertProblem(await ngsi(t, 'GET', `/entities/${urn('Streetlight', 'sl-1')}`, { auth: false, headers: as }), 404, 'ResourceNotFound');
      assertProblem(
        await ngsi(t, 'GET', `/temporal/entities/${urn('Streetlight', 'sl-1')}`, { auth: false, headers: as }),
        404,
        'ResourceNotFound',
      );
      assert.deepEqual((await ngsi(t, 'GET', '/types', { auth: false, headers: as })).body.typeList, []);
      const near = await ngsi(t, 'GET', `/entities?georel=near;maxDistance==5000&geometry=Point&coordinates=[${WEST}]`, {
        auth: false,
        headers: as,
      });
      assert.deepEqual(near.body, []);
    });

    it('serves the core context from memory, without auth', async () => {
      const res = await ngsi(t, 'GET', '/jsonldContexts/ngsi-ld-core-context.jsonld', { auth: false });
      assert.equal(res.status, 200);
      assert.equal(res.body['@context'].Property, 'ngsi-ld:Property');
    });

    it('lists types and attributes', async () => {
      const types = await ngsi(t, 'GET', '/types');
      assert.deepEqual(types.body.typeList, ['AirQualityObserved', 'Streetlight', 'WaterLevel']);
      const info = await ngsi(t, 'GET', '/types/AirQualityObserved');
      assert.equal(info.body.entityCount, 4);
      assert.ok(info.body.attributeDetails.some((a: { attributeName: string }) => a.attributeName === 'pm25'));
      const attrs = await ngsi(t, 'GET', '/attributes');
      assert.ok(attrs.body.attributeList.includes('level'));
      const pm25 = await ngsi(t, 'GET', '/attributes/pm25');
      assert.equal(pm25.body.attributeCount, 3);
      assertProblem(await ngsi(t, 'GET', '/types/Nope'), 404, 'ResourceNotFound');
    });
  });
});

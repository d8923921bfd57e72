/**
 * Writing through NGSI-LD: creating an entity registers a device (201 + Location, 409 when it
 * exists), attribute updates are readings through the ingestion path (visible in the platform's
 * `latest`, observedAt → reading time, bad values 400 naming the attribute, nothing stored),
 * name / location / static attributes change the device, deletion, batch operations with 207,
 * and inline ld+json contexts mapping Smart Data Models IRIs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forEachDialect, type TestApp } from '../helpers/test-app.js';
import { call, EAST, OUTSIDE, WEST } from '../sensing/sensing-test-kit.js';
import { assertProblem, createEntity, ngsi, startNgsiCity, urn } from './ngsi-test-kit.js';

const AQ = 'AirQualityObserved';

forEachDialect((dialect) => {
  describe(`NGSI-LD entity writes (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startNgsiCity(dialect);
    });
    after(() => t?.close());

    it('creates a device from an entity: 201 with Location, visible in the platform API, no token exposed', async () => {
      const res = await createEntity(t, AQ, 'nl-1', WEST, { pm25: { type: 'Property', value: 42 } });
      assert.equal(res.headers.location, `/ngsi-ld/v1/entities/${encodeURIComponent(urn(AQ, 'nl-1'))}`);
      assert.equal(res.raw, '');
      const device = await call(t, 'GET', '/sensing/devices/nl-1');
      assert.equal(device.status, 200);
      assert.equal(device.body.type, AQ);
      assert.equal(device.body.name, 'nl-1 站');
      assert.equal(device.body.grid.code, '330791001001001');
      const latest = await call(t, 'GET', '/sensing/devices/nl-1/latest');
      assert.equal(latest.body.values.pm25.value, 42);
    });

    it('refuses a duplicate (409 AlreadyExists) and bad entities (400 BadRequestData naming the problem)', async () => {
      const dup = await ngsi(t, 'POST', '/entities', {
        body: { id: urn(AQ, 'nl-1'), type: AQ, location: { type: 'GeoProperty', value: { type: 'Point', coordinates: WEST } } },
      });
      assertProblem(dup, 409, 'AlreadyExists');
      const loc = { type: 'GeoProperty', value: { type: 'Point', coordinates: WEST } };
      assertProblem(
        await ngsi(t, 'POST', '/entities', { body: { id: urn(AQ, 'x1'), type: AQ } }),
        400,
        'BadRequestData',
        /location is required/,
      );
      assertProblem(
        await ngsi(t, 'POST', '/entities', { body: { id: urn(AQ, 'x1'), type: 'Spaceship', location: loc } }),
        400,
        'BadRequestData',
        /id .* names type AirQualityObserved/,
      );
      assertProblem(
        await ngsi(t, 'POST', '/entities', { body: { id: urn('Spaceship', 'x1'), type: 'Spaceship', location: loc } }),
        400,
        'BadRequestData',
        /not a device type/,
      );
      assertProblem(
        await ngsi(t, 'POST', '/entities', { body: { id: 'urn:x:1', type: AQ, location: loc } }),
        400,
        'BadRequestData',
        /urn:ngsi-ld:<type>:<deviceId>/,
      );
      assertProblem(await ngsi(t, 'POST', '/entities', { body: { type: AQ, location: loc } }), 400, 'BadRequestData', /id is required/);
      assertProblem(
        await ngsi(t, 'POST', '/entities', {
          body: { id: urn(AQ, 'x1'), type: AQ, location: { type: 'GeoProperty', value: { type: 'Point', coordinates: OUTSIDE } } },
        }),
        400,
        'BadRequestData',
        /outside every grid/,
      );
      assertProblem(
        await ngsi(t, 'POST', '/entities', { body: { id: urn(AQ, 'x1'), type: AQ, location: loc, pm25: { type: 'Property', value: -3 } } }),
        400,
        'BadRequestData',
        /pm25: .*below the minimum 0/,
      );
      assertProblem(
        await ngsi(t, 'POST', '/entities', { body: { id: urn(AQ, 'x1'), type: AQ, location: loc, colour: 'red' } }),
        400,
        'BadRequestData',
        /colour: is not an attribute/,
      );
      assertProblem(await ngsi(t, 'POST', '/entities', { body: '{"id":' }), 400, 'InvalidRequest');
      assertProblem(await ngsi(t, 'POST', '/entities', { body: [] }), 400, 'BadRequestData');
      assertProblem(
        await ngsi(t, 'POST', '/entities', { body: { id: urn(AQ, 'x1'), type: AQ, location: loc }, contentType: 'application/ld+json' }),
        400,
        'BadRequestData',
        /must carry @context/,
      );
      assertProblem(
        await ngsi(t, 'POST', '/entities', { body: { '@context': [], id: urn(AQ, 'x1'), type: AQ, location: loc } }),
        400,
        'BadRequestData',
        /application\/ld\+json/,
      );
      assert.equal((await call(t, 'GET', '/sensing/devices/x1')).status, 404, 'nothing was created by the refused requests');
    });

    it('stores PATCHed attributes as readings: observedAt becomes the reading time, visible in latest', async () => {
      // The entity was created with pm25 42 stamped "now"; these observations are a moment later.
      const observedAt = new Date(Date.now() + 1000).toISOString();
      const res = await ngsi(t, 'PATCH', `/entities/${urn(AQ, 'nl-1')}/attrs`, {
        body: { pm25: { type: 'Property', value: 77.5, observedAt }, humidity: { type: 'Property', value: 60 } },
      });
      assert.equal(res.status, 204, res.raw);
      const latest = await call(t, 'GET', '/sensing/devices/nl-1/latest');
      assert.deepEqual(latest.body.values.pm25, { value: 77.5, ts: observedAt });
      assert.equal(latest.body.values.humidity.value, 60);
      const later = new Date(Date.now() + 2000).toISOString();
      const single = await ngsi(t, 'PATCH', `/entities/${urn(AQ, 'nl-1')}/attrs/pm25`, {
        body: { type: 'Property', value: 12, observedAt: later },
      });
      assert.equal(single.status, 204, single.raw);
      assert.deepEqual((await call(t, 'GET', '/sensing/devices/nl-1/latest')).body.values.pm25, { value: 12, ts: later });
      // An older observation is placed in time and does not replace the latest value.
      const older = new Date(Date.now() - 60_000).toISOString();
      assert.equal(
        (await ngsi(t, 'PATCH', `/entities/${urn(AQ, 'nl-1')}/attrs/pm25`, { body: { type: 'Property', value: 3, observedAt: older } }))
          .status,
        204,
      );
      const range = `from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 3_600_000).toISOString()}`;
      const series = await call(t, 'GET', `/sensing/devices/nl-1/telemetry?property=pm25&${range}`);
      assert.deepEqual(
        series.body.points.map((p: { value: number }) => p.value),
        [3, 42, 77.5, 12],
      );
      assert.equal((await call(t, 'GET', '/sensing/devices/nl-1/latest')).body.values.pm25.value, 12);
    });

    it('refuses a bad value with 400 naming the attribute and stores nothing of that request', async () => {
      const res = await ngsi(t, 'PATCH', `/entities/${urn(AQ, 'nl-1')}/attrs`, {
        body: { humidity: { type: 'Property', value: 61 }, pm25: { type: 'Property', value: 'lots' } },
      });
      assertProblem(res, 400, 'BadRequestData', /pm25: must be a number/);
      assert.equal((await call(t, 'GET', '/sensing/devices/nl-1/latest')).body.values.humidity.value, 60);
      assertProblem(
        await ngsi(t, 'PATCH', `/entities/${urn(AQ, 'nl-1')}/attrs/pm25`, { body: { type: 'Property', value: 5000 } }),
        400,
        'BadRequestData',
        /pm25/,
      );
      assertProblem(
        await ngsi(t, 'PATCH', `/entities/${urn(AQ, 'nl-1')}/attrs/pm25`, {
          body: { type: 'Property', value: 5, observedAt: 'yesterday' },
        }),
        400,
        'BadRequestData',
        /observedAt/,
      );
      assertProblem(
        await ngsi(t, 'PATCH', `/entities/${urn(AQ, 'nl-1')}/attrs/radon`, { body: { type: 'Property', value: 5 } }),
        404,
        'ResourceNotFound',
      );
      assertProblem(await ngsi(t, 'PATCH', `/entities/${urn(AQ, 'nobody')}/attrs`, { body: { pm25: 1 } }), 404, 'ResourceNotFound');
    });

    it('reports attributes the entity cannot have as not updated (207) and keeps the rest', async () => {
      const res = await ngsi(t, 'PATCH', `/entities/${urn(AQ, 'nl-1')}/attrs`, {
        body: { no2: { type: 'Property', value: 33 }, radon: { type: 'Property', value: 1 } },
      });
      assert.equal(res.status, 207, res.raw);
      assert.deepEqual(res.body.updated, ['no2']);
      assert.equal(res.body.notUpdated[0].attributeName, 'radon');
      assert.match(res.body.notUpdated[0].reason, /not an attribute of AirQualityObserved/);
      assert.equal((await call(t, 'GET', '/sensing/devices/nl-1/latest')).body.values.no2.value, 33);
    });

    it('changes name, location and static attributes of the device', async () => {
      await createEntity(t, 'WaterLevel', 'gauge-1', WEST);
      const res = await ngsi(t, 'PATCH', `/entities/${urn('WaterLevel', 'gauge-1')}/attrs`, {
        body: {
          name: { type: 'Property', value: '一号闸' },
          location: { type: 'GeoProperty', value: { type: 'Point', coordinates: EAST } },
          warningLevel: { type: 'Property', value: 3.2 },
        },
      });
      assert.equal(res.status, 204, res.raw);
      const d = await call(t, 'GET', '/sensing/devices/gauge-1');
      assert.equal(d.body.name, '一号闸');
      assert.deepEqual(d.body.location, { lon: EAST[0], lat: EAST[1] });
      assert.equal(d.body.grid.code, '330791001001002');
      assert.equal(d.body.metadata.warningLevel, 3.2);
      const kv = await ngsi(t, 'GET', `/entities/${urn('WaterLevel', 'gauge-1')}?options=keyValues`);
      assert.equal(kv.body.warningLevel, 3.2);
      assertProblem(
        await ngsi(t, 'PATCH', `/entities/${urn('WaterLevel', 'gauge-1')}/attrs/location`, {
          body: { type: 'GeoProperty', value: { type: 'Point', coordinates: OUTSIDE } },
        }),
        400,
        'BadRequestData',
        /outside/,
      );
    });

    it('appends attributes, leaving existing ones with options=noOverwrite', async () => {
      const res = await ngsi(t, 'POST', `/entities/${urn(AQ, 'nl-1')}/attrs?options=noOverwrite`, {
        body: { pm25: { type: 'Property', value: 99 }, so2: { type: 'Property', value: 7 } },
      });
      assert.equal(res.status, 207, res.raw);
      assert.deepEqual(res.body.updated, ['so2']);
      assert.deepEqual(
        res.body.notUpdated.map((n: { attributeName: string }) => n.attributeName),
        ['pm25'],
      );
      const latest = (await call(t, 'GET', '/sensing/devices/nl-1/latest')).body.values;
      assert.equal(latest.pm25.value, 12);
      assert.equal(latest.so2.value, 7);
      const plain = await ngsi(t, 'POST', `/entities/${urn(AQ, 'nl-1')}/attrs`, { body: { o3: { type: 'Property', value: 50 } } });
      assert.equal(plain.status, 204, plain.raw);
    });

    it('resolves terms of an inline ld+json context to the platform names', async () => {
      const context = [
        { sdm: 'https://smartdatamodels.org/dataModel.Environment/', PM2_5: 'sdm:pm25', Station: 'sdm:AirQualityObserved' },
        'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld',
      ];
      const created = await ngsi(t, 'POST', '/entities', {
        contentType: 'application/ld+json',
        body: {
          '@context': context,
          id: urn(AQ, 'ld-1'),
          type: 'Station',
          location: { type: 'GeoProperty', value: { type: 'Point', coordinates: EAST } },
          PM2_5: { type: 'Property', value: 18 },
        },
      });
      assert.equal(created.status, 201, created.raw);
      assert.equal((await call(t, 'GET', '/sensing/devices/ld-1/latest')).body.values.pm25.value, 18);
      const patched = await ngsi(t, 'PATCH', `/entities/${urn(AQ, 'ld-1')}/attrs`, {
        contentType: 'application/ld+json',
        body: { '@context': context, PM2_5: { type: 'Property', value: 19 } },
      });
      assert.equal(patched.status, 204, patched.raw);
      assert.equal((await call(t, 'GET', '/sensing/devices/ld-1/latest')).body.values.pm25.value, 19);
    });

    it('deletes an entity: 204, then 404', async () => {
      await createEntity(t, 'Streetlight', 'gone-1', WEST);
      assert.equal((await ngsi(t, 'DELETE', `/entities/${urn('Streetlight', 'gone-1')}`)).status, 204);
      assertProblem(await ngsi(t, 'GET', `/entities/${urn('Streetlight', 'gone-1')}`), 404, 'ResourceNotFound');
      assertProblem(await ngsi(t, 'DELETE', `/entities/${urn('Streetlight', 'gone-1')}`), 404, 'ResourceNotFound');
      assert.equal((await call(t, 'GET', '/sensing/devices/gone-1')).status, 404);
      assertProblem(await ngsi(t, 'DELETE', `/entities/${urn(AQ, 'nl-1')}/attrs/pm25`), 422, 'OperationNotSupported');
    });

    it('runs batch create, upsert, update and delete with 201 / 204 / 207', async () => {
      const ent = (id: string, pm25: unknown, coords: [number, number] = WEST) => ({
        id: urn(AQ, id),
        type: AQ,
        location: { type: 'GeoProperty', value: { type: 'Point', coordinates: coords } },
        pm25: { type: 'Property', value: pm25 },
      });
      const ok = await ngsi(t, 'POST', '/entityOperations/create', { body: [ent('b-1', 10), ent('b-2', 20)] });
      assert.equal(ok.status, 201, ok.raw);
      assert.deepEqual(ok.body, [urn(AQ, 'b-1'), urn(AQ, 'b-2')]);
      const mixed = await ngsi(t, 'POST', '/entityOperations/create', {
        body: [ent('b-3', 30), ent('b-1', 10), ent('b-4', -1), ent('b-5', 5, OUTSIDE)],
      });
      assert.equal(mixed.status, 207, mixed.raw);
      assert.deepEqual(mixed.body.success, [urn(AQ, 'b-3')]);
      assert.deepEqual(
        mixed.body.errors.map((e: { entityId: string; error: { type: string } }) => [e.entityId, e.error.type.split('/').pop()]),
        [
          [urn(AQ, 'b-1'), 'AlreadyExists'],
          [urn(AQ, 'b-4'), 'BadRequestData'],
          [urn(AQ, 'b-5'), 'BadRequestData'],
        ],
      );
      const upsert = await ngsi(t, 'POST', '/entityOperations/upsert', { body: [ent('b-1', 11), ent('b-6', 60)] });
      assert.equal(upsert.status, 201, upsert.raw);
      assert.deepEqual(upsert.body, [urn(AQ, 'b-6')]);
      assert.equal((await call(t, 'GET', '/sensing/devices/b-1/latest')).body.values.pm25.value, 11);
      const upsertOnly = await ngsi(t, 'POST', '/entityOperations/upsert', { body: [ent('b-1', 12)] });
      assert.equal(upsertOnly.status, 204, upsertOnly.raw);
      const update = await ngsi(t, 'POST', '/entityOperations/update', {
        body: [
          { id: urn(AQ, 'b-2'), type: AQ, pm25: { type: 'Property', value: 21 } },
          { id: urn(AQ, 'zz'), type: AQ, pm25: 1 },
        ],
      });
      assert.equal(update.status, 207, update.raw);
      assert.equal(update.body.errors[0].error.type, 'https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound');
      assert.equal((await call(t, 'GET', '/sensing/devices/b-2/latest')).body.values.pm25.value, 21);
      const del = await ngsi(t, 'POST', '/entityOperations/delete', { body: [urn(AQ, 'b-1'), urn(AQ, 'b-2'), urn(AQ, 'nope')] });
      assert.equal(del.status, 207, del.raw);
      assert.deepEqual(del.body.success, [urn(AQ, 'b-1'), urn(AQ, 'b-2')]);
      const delAll = await ngsi(t, 'POST', '/entityOperations/delete', { body: [urn(AQ, 'b-3')] });
      assert.equal(delAll.status, 204);
      assertProblem(await ngsi(t, 'POST', '/entityOperations/create', { body: {} }), 400, 'BadRequestData', /array/);
      const q = await ngsi(t, 'POST', '/entityOperations/query?count=true', {
        body: { type: 'Query', entities: [{ type: AQ }], q: 'pm25>=60', attrs: ['pm25'] },
      });
      assert.equal(q.status, 200, q.raw);
      assert.deepEqual(
        q.body.map((e: { id: string }) => e.id),
        [urn(AQ, 'b-6')],
      );
      assert.equal(q.headers['ngsild-results-count'], '1');
    });
  });
});

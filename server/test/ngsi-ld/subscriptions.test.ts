/**
 * NGSI-LD subscriptions: CRUD with validation, and HTTP notifications to a local receiver when
 * readings arrive over the platform's ingestion (watchedAttributes, q, entity type and id,
 * notification attributes and format, ld+json, throttling, pause), with delivery status, and a
 * dead endpoint never slowing ingestion.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { forEachDialect, type TestApp } from '../helpers/test-app.js';
import { createDevice, EAST, postReadings, WEST } from '../sensing/sensing-test-kit.js';
import { assertProblem, ngsi, startNgsiCity, urn } from './ngsi-test-kit.js';

const AQ = 'AirQualityObserved';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
}

/** A local HTTP receiver (port 0): `/ok/*` answers 204, `/fail/*` 500, `/hang/*` never. */
async function startReceiver(): Promise<{ server: Server; url: string; got: Received[] }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      got.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(data) });
      if (req.url?.startsWith('/hang')) return;
      res.statusCode = req.url?.startsWith('/fail') ? 500 : 204;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got };
}

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

forEachDialect((dialect) => {
  describe(`NGSI-LD subscriptions (${dialect})`, () => {
    let t: TestApp;
    let rx: Awaited<ReturnType<typeof startReceiver>>;
    let a1: { id: string; token: string };
    let a2: { id: string; token: string };
    const at = (path: string) => rx.got.filter((g) => g.path === path);
    before(async () => {
      t = await startNgsiCity(dialect);
      rx = await startReceiver();
      a1 = await createDevice(t, { id: 'sub-aq-1', lonLat: WEST });
      a2 = await createDevice(t, { id: 'sub-aq-2', lonLat: EAST });
    });
    after(async () => {
      rx?.server.closeAllConnections();
      rx?.server.close();
      await t?.close();
    });

    it('notifies a local receiver when a matching reading arrives, with q, watched attributes and projection', async () => {
      const res = await ngsi(t, 'POST', '/subscriptions', {
        body: {
          id: 'urn:ngsi-ld:Subscription:pm-high',
          type: 'Subscription',
          entities: [{ type: AQ }],
          watchedAttributes: ['pm25'],
          q: 'pm25>50',
          notification: { attributes: ['pm25'], format: 'keyValues', endpoint: { uri: `${rx.url}/ok/pm`, accept: 'application/json' } },
        },
      });
      assert.equal(res.status, 201, res.raw);
      assert.equal(res.headers.location, '/ngsi-ld/v1/subscriptions/urn%3Angsi-ld%3ASubscription%3Apm-high');

      assert.equal((await postReadings(t, a1.id, a1.token, { values: { pm25: 80 } })).status, 200);
      await until(() => at('/ok/pm').length === 1, 'the first notification');
      const n = at('/ok/pm')[0]!;
      assert.equal(n.body.type, 'Notification');
      assert.equal(n.body.subscriptionId, 'urn:ngsi-ld:Subscription:pm-high');
      assert.match(n.body.id, /^urn:ngsi-ld:Notification:/);
      assert.ok(!Number.isNaN(Date.parse(n.body.notifiedAt)));
      assert.deepEqual(n.body.data, [{ id: urn(AQ, 'sub-aq-1'), type: AQ, pm25: 80 }]);
      assert.match(String(n.headers['content-type']), /^application\/json/);
      assert.match(String(n.headers.link), /ngsi-ld-core-context\.jsonld>; rel="http:\/\/www\.w3\.org\/ns\/json-ld#context"/);

      // Not matching q, then an unwatched attribute: nothing; then a match again: exactly one more.
      await postReadings(t, a1.id, a1.token, { values: { pm25: 20 } });
      await postReadings(t, a2.id, a2.token, { values: { humidity: 40 } });
      await postReadings(t, a2.id, a2.token, { values: { pm25: 95 } });
      await until(() => at('/ok/pm').length >= 2, 'the second notification');
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(
        at('/ok/pm').map((g) => g.body.data[0].pm25),
        [80, 95],
      );
      assert.equal(at('/ok/pm')[1]!.body.data[0].id, urn(AQ, 'sub-aq-2'));

      const st = await ngsi(t, 'GET', '/subscriptions/urn:ngsi-ld:Subscription:pm-high');
      assert.equal(st.status, 200, st.raw);
      assert.equal(st.body.notification.timesSent, 2);
      assert.equal(st.body.notification.status, 'ok');
      assert.ok(st.body.notification.lastSuccess);
      assert.equal(st.body.status, 'active');
      assert.equal(st.body.q, 'pm25>50');
    });

    it('notifies only the entities selected by id, in normalized ld+json with the subscriber context', async () => {
      const context = [
        { PM2_5: 'https://smartdatamodels.org/dataModel.Environment/pm25' },
        'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld',
      ];
      const res = await ngsi(t, 'POST', '/subscriptions', {
        contentType: 'application/ld+json',
        body: {
          '@context': context,
          type: 'Subscription',
          entities: [{ type: AQ, id: urn(AQ, 'sub-aq-2') }],
          notification: { endpoint: { uri: `${rx.url}/ok/ld`, accept: 'application/ld+json' } },
        },
      });
      assert.equal(res.status, 201, res.raw);
      await postReadings(t, a1.id, a1.token, { values: { pm25: 61 } });
      await postReadings(t, a2.id, a2.token, { values: { pm25: 62 } });
      await until(() => at('/ok/ld').length === 1, 'the ld+json notification');
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(at('/ok/ld').length, 1);
      const n = at('/ok/ld')[0]!;
      assert.match(String(n.headers['content-type']), /^application\/ld\+json/);
      assert.deepEqual(n.body['@context'], context);
      const e = n.body.data[0];
      assert.equal(e.id, urn(AQ, 'sub-aq-2'));
      assert.equal(e.PM2_5.value, 62);
      assert.equal(e.PM2_5.type, 'Property');
      assert.equal(e.pm25, undefined);
    });

    it('records failed deliveries, pauses with isActive false, and throttles', async () => {
      const failing = await ngsi(t, 'POST', '/subscriptions', {
        body: {
          id: 'urn:ngsi-ld:Subscription:failing',
          entities: [{ type: AQ, id: urn(AQ, 'sub-aq-1') }],
          notification: { endpoint: { uri: `${rx.url}/fail/x` } },
        },
      });
      assert.equal(failing.status, 201, failing.raw);
      await postReadings(t, a1.id, a1.token, { values: { co: 1.2 } });
      await until(() => at('/fail/x').length === 1, 'the failing delivery');
      let st: any;
      const end = Date.now() + 10_000;
      do {
        // Sleep between polls: in-process requests alone would starve the notifier's socket I/O.
        await new Promise((r) => setTimeout(r, 20));
        st = (await ngsi(t, 'GET', '/subscriptions/urn:ngsi-ld:Subscription:failing')).body;
      } while (st.notification.timesFailed !== 1 && Date.now() < end);
      assert.equal(st.notification.timesFailed, 1, JSON.stringify(st) + JSON.stringify(at('/fail/x').map((g) => g.body)));
      assert.equal(st.notification.status, 'failed');
      assert.match(st.notification.lastFailureReason, /500/);

      assert.equal((await ngsi(t, 'PATCH', '/subscriptions/urn:ngsi-ld:Subscription:failing', { body: { isActive: false } })).status, 204);
      const paused = await ngsi(t, 'GET', '/subscriptions/urn:ngsi-ld:Subscription:failing');
      assert.equal(paused.body.status, 'paused');
      assert.equal(paused.body.notification.endpoint.uri, `${rx.url}/fail/x`, 'PATCH keeps what it does not change');
      await postReadings(t, a1.id, a1.token, { values: { co: 1.3 } });

      const throttled = await ngsi(t, 'POST', '/subscriptions', {
        body: {
          entities: [{ type: AQ, id: urn(AQ, 'sub-aq-1') }],
          throttling: 3600,
          notification: { endpoint: { uri: `${rx.url}/ok/throttled` } },
        },
      });
      assert.equal(throttled.status, 201, throttled.raw);
      await postReadings(t, a1.id, a1.token, { values: { no2: 10 } });
      await until(() => at('/ok/throttled').length === 1, 'the first throttled notification');
      await postReadings(t, a1.id, a1.token, { values: { no2: 11 } });
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(at('/ok/throttled').length, 1, 'a second notification within the throttling period is not sent');
      assert.equal(at('/fail/x').length, 1, 'a paused subscription is not notified');
    });

    it('does not slow ingestion when the endpoint never answers', async () => {
      const res = await ngsi(t, 'POST', '/subscriptions', {
        body: { watchedAttributes: ['o3'], notification: { endpoint: { uri: `${rx.url}/hang/x` } } },
      });
      assert.equal(res.status, 201, res.raw);
      // Were ingestion to wait for the notification, each reading would take the 10 s delivery timeout.
      let slowest = 0;
      for (let i = 0; i < 20; i++) {
        const started = Date.now();
        assert.equal((await postReadings(t, a2.id, a2.token, { ts: Date.now() - 1000 + i, values: { o3: 40 + i } })).status, 200);
        slowest = Math.max(slowest, Date.now() - started);
      }
      assert.ok(slowest < 5000, `the slowest reading took ${slowest} ms`);
      await until(() => at('/hang/x').length >= 1, 'the hanging delivery to start');
    });

    it('lists, reads, updates and deletes subscriptions, refusing bad ones', async () => {
      const list = await ngsi(t, 'GET', '/subscriptions?count=true&limit=2');
      assert.equal(list.status, 200);
      assert.equal(list.headers['ngsild-results-count'], '5');
      assert.equal(list.body.length, 2);
      assert.equal((await ngsi(t, 'PATCH', '/subscriptions/urn:ngsi-ld:Subscription:pm-high', { body: { q: 'pm25>70' } })).status, 204);
      assert.equal((await ngsi(t, 'GET', '/subscriptions/urn:ngsi-ld:Subscription:pm-high')).body.q, 'pm25>70');
      assertProblem(
        await ngsi(t, 'PATCH', '/subscriptions/urn:ngsi-ld:Subscription:pm-high', { body: { q: 'pm25>>' } }),
        400,
        'BadRequestData',
        /q:/,
      );
      const again = await ngsi(t, 'POST', '/subscriptions', {
        body: {
          id: 'urn:ngsi-ld:Subscription:pm-high',
          watchedAttributes: ['pm25'],
          notification: { endpoint: { uri: `${rx.url}/ok/x` } },
        },
      });
      assertProblem(again, 409, 'AlreadyExists');
      const bad = async (body: unknown, detail: RegExp, type = 'BadRequestData', status = 400) =>
        assertProblem(await ngsi(t, 'POST', '/subscriptions', { body }), status, type, detail);
      await bad({ watchedAttributes: ['pm25'] }, /notification is required/);
      await bad({ notification: { endpoint: { uri: `${rx.url}/ok/x` } } }, /entities or watchedAttributes/);
      await bad({ watchedAttributes: ['pm25'], notification: { endpoint: { uri: 'not a url' } } }, /not a URL/);
      await bad(
        { watchedAttributes: ['pm25'], notification: { endpoint: { uri: 'mqtt://broker/x' } } },
        /only http/,
        'OperationNotSupported',
        422,
      );
      await bad({ watchedAttributes: ['pm25'], throttling: -1, notification: { endpoint: { uri: `${rx.url}/ok/x` } } }, /throttling/);
      await bad({ entities: [{ id: 'urn:x' }], notification: { endpoint: { uri: `${rx.url}/ok/x` } } }, /entities\[0\]\.type/);
      await bad({ watchedAttributes: ['pm25'], colour: 1, notification: { endpoint: { uri: `${rx.url}/ok/x` } } }, /colour/);
      await bad(
        { watchedAttributes: ['pm25'], timeInterval: 10, notification: { endpoint: { uri: `${rx.url}/ok/x` } } },
        /timeInterval/,
        'OperationNotSupported',
        422,
      );
      assert.equal((await ngsi(t, 'DELETE', '/subscriptions/urn:ngsi-ld:Subscription:pm-high')).status, 204);
      assertProblem(await ngsi(t, 'GET', '/subscriptions/urn:ngsi-ld:Subscription:pm-high'), 404, 'ResourceNotFound');
      assertProblem(await ngsi(t, 'DELETE', '/subscriptions/urn:ngsi-ld:Subscription:pm-high'), 404, 'ResourceNotFound');
      assert.equal((await ngsi(t, 'GET', '/subscriptions', { auth: false })).status, 401);
    });
  });
});

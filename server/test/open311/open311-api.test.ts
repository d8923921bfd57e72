import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import type { LightMyRequestResponse } from 'fastify';
import { forEachDialect, startTestApp, type TestApp } from '../helpers/test-app.js';
import { departmentCode, gridPoints, type GridPoint } from '../cases/cases-test-kit.js';

const xml = new XMLParser({
  parseTagValue: false,
  isArray: (name) => ['service', 'request', 'error', 'attribute', 'value', 'endpoint', 'format'].includes(name),
});
const PHONE = '13912345678';
const EMAIL = 'reporter@example.org';

function form(fields: Record<string, string | string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return p.toString();
}

/** The body of an Open311 error answer (JSON), asserting the status and the spec's shape. */
function open311Error(res: LightMyRequestResponse, status: number): string {
  assert.equal(res.statusCode, status, res.body);
  const body = res.json() as Array<{ code: number; description: string }>;
  assert.ok(Array.isArray(body) && body.length === 1, res.body);
  assert.equal(body[0]!.code, status);
  assert.ok(body[0]!.description.length > 0);
  return body[0]!.description;
}

forEachDialect((dialect) => {
  describe(`open311 GeoReport v2 (${dialect})`, () => {
    let t: TestApp;
    let key: string;
    let readOnlyKey: string;
    let places: GridPoint[];
    const post = (fields: Record<string, string | string[]>, fmt = 'json', headers: Record<string, string> = {}) =>
      t.inject({
        method: 'POST',
        url: `/open311/v2/requests.${fmt}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: form(fields),
      });

    before(async () => {
      t = await startTestApp({ dialect, demo: true });
      places = await gridPoints(t, 3, { skip: 40 });
      const mk = async (permissions: string[]) => {
        const res = await t.inject({
          as: 'admin',
          method: 'POST',
          url: '/api/v1/org/api-keys',
          payload: { name: `open311 ${permissions[0]}`, permissions },
        });
        assert.equal(res.statusCode, 201, res.body);
        return res.json().key as string;
      };
      key = await mk(['cases.create']);
      readOnlyKey = await mk(['cases.read']);
    });
    after(() => t.close());

    it('discovery, services and a service definition in JSON and XML', async () => {
      let res = await t.inject('/open311/v2/discovery.json?jurisdiction_id=330799');
      assert.equal(res.statusCode, 200, res.body);
      const d = res.json();
      assert.equal(d.endpoints[0].specification, 'http://wiki.open311.org/GeoReport_v2');
      assert.match(d.endpoints[0].url, /\/open311\/v2\/$/);
      assert.deepEqual(d.endpoints[0].formats, ['text/xml', 'application/json']);
      res = await t.inject('/open311/v2/discovery.xml');
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /text\/xml/);
      const dx = xml.parse(res.body).discovery;
      assert.equal(dx.endpoints.endpoint[0].specification, 'http://wiki.open311.org/GeoReport_v2');
      assert.deepEqual(dx.endpoints.endpoint[0].formats.format, ['text/xml', 'application/json']);

      res = await t.inject('/open311/v2/services.json');
      assert.equal(res.statusCode, 200, res.body);
      const services = res.json() as Array<Record<string, unknown>>;
      const guard = services.find((s) => s.service_code === '0203');
      assert.ok(guard, 'a 小类 is a service');
      assert.equal(guard.service_name, '道路护栏');
      assert.equal(guard.group, '道路交通');
      assert.equal(guard.type, 'realtime');
      assert.equal(guard.metadata, true);
      assert.match(String(guard.keywords), /道路交通/);
      assert.ok(!services.some((s) => s.service_code === '02'), '大类 are groups, not services');
      const categories = t.platform.services.cases.categories.list();
      const hotline = categories.find((c) => c.kind === 'hotline' && c.parentCode);
      assert.ok(hotline && !services.some((s) => s.service_code === hotline.code), 'hotline topics are not Open311 services');
      res = await t.inject('/open311/v2/services.xml');
      const sx = xml.parse(res.body).services.service as Array<Record<string, string>>;
      assert.equal(sx.length, services.length);
      const gx = sx.find((s) => s.service_code === '0203')!;
      assert.equal(gx.service_name, '道路护栏');
      assert.equal(gx.group, '道路交通');
      assert.equal(gx.metadata, 'true');

      res = await t.inject('/open311/v2/services/0203.json');
      assert.equal(res.statusCode, 200, res.body);
      const def = res.json();
      assert.equal(def.service_code, '0203');
      const note = def.attributes.find((a: { code: string }) => a.code === 'required_location');
      assert.ok(note && note.variable === false, 'the required location is described');
      const conf = def.attributes.find((a: { code: string }) => a.code === 'confidential');
      assert.equal(conf.datatype, 'singlevaluelist');
      assert.deepEqual(
        conf.values.map((v: { key: string }) => v.key),
        ['false', 'true'],
      );
      res = await t.inject('/open311/v2/services/0203.xml');
      const defx = xml.parse(res.body).service_definition;
      assert.equal(defx.service_code, '0203');
      const confx = (defx.attributes.attribute as Array<Record<string, any>>).find((a) => a.code === 'confidential')!;
      assert.equal(confx.datatype, 'singlevaluelist');
      assert.deepEqual(
        confx.values.value.map((v: { key: string }) => v.key),
        ['false', 'true'],
      );
      assert.deepEqual(
        (defx.attributes.attribute as Array<{ order: string }>).map((a) => Number(a.order)),
        def.attributes.map((a: { order: number }) => a.order),
      );

      open311Error(await t.inject('/open311/v2/services/9999.json'), 404);
      open311Error(await t.inject('/open311/v2/services/02.json'), 404);
      res = await t.inject('/open311/v2/services/0203.xml'.replace('0203', '9999'));
      assert.equal(res.statusCode, 404);
      assert.equal(xml.parse(res.body).errors.error[0].code, '404');
      res = await t.inject('/open311/v2/services/0203.html');
      assert.equal(res.statusCode, 404, 'an unknown suffix is unknown');
      assert.equal(xml.parse(res.body).errors.error[0].code, '404', 'answered in XML, the required format');
      open311Error(await t.inject('/open311/v2/nothing.json'), 404);
    });

    it('POST with lat/long files a case routed to the grid and department; contact stays private', async () => {
      const p = places[0]!;
      // A grid rule beats the category's default: Open311 gets the same routing as the hotline.
      const housing = await departmentCode(t, '市住房和城乡建设局');
      const patch = await t.inject({
        as: 'admin',
        method: 'PATCH',
        url: '/api/v1/cases/categories/0204',
        payload: { routingRules: [{ areaCode: p.gridCode, departmentCode: housing }] },
      });
      assert.equal(patch.statusCode, 200, patch.body);
      const res = await post({
        api_key: key,
        jurisdiction_id: '330799',
        service_code: '0204',
        lat: String(p.lat),
        long: String(p.lon),
        description: `公交站亭玻璃碎了，请联系我 ${PHONE}`,
        first_name: '小明',
        last_name: '王',
        phone: PHONE,
        email: EMAIL,
        account_id: 'acct-42',
        media_url: 'https://img.example.org/p/1.jpg',
        'attribute[confidential]': 'false',
      });
      assert.equal(res.statusCode, 201, res.body);
      const [created] = res.json();
      assert.match(created.service_request_id, /^ZC\d{13}$/);
      assert.equal(created.account_id, 'acct-42');
      assert.ok(created.token);
      assert.match(created.service_notice, /市住房和城乡建设局/);

      const list = await t.inject({ as: 'admin', url: `/api/v1/cases?q=${created.service_request_id}` });
      assert.equal(list.statusCode, 200, list.body);
      const item = list.json().items.find((c: { number: string }) => c.number === created.service_request_id);
      assert.ok(item, 'visible via /api/v1/cases');
      assert.equal(item.channel, 'open311');
      assert.equal(item.grid.code, p.gridCode);
      assert.equal(item.department.code, housing);
      assert.equal(item.categoryCode, '0204');
      const detail = (await t.inject({ as: 'admin', url: `/api/v1/cases/${item.id}` })).json();
      assert.equal(detail.caller.phone, PHONE, 'the centre can call the reporter back');
      assert.equal(detail.caller.name, '王小明');

      const tok = await t.inject(`/open311/v2/tokens/${created.token}.json`);
      assert.equal(tok.statusCode, 200, tok.body);
      assert.deepEqual(tok.json(), [{ service_request_id: created.service_request_id, token: created.token }]);
      open311Error(await t.inject('/open311/v2/tokens/nope.json'), 404);

      const one = await t.inject(`/open311/v2/requests/${created.service_request_id}.json`);
      assert.equal(one.statusCode, 200, one.body);
      const [r] = one.json();
      assert.equal(r.service_request_id, created.service_request_id);
      assert.equal(r.status, 'open');
      assert.equal(r.status_notes, '已受理');
      assert.equal(r.service_code, '0204');
      assert.equal(r.service_name, '公交站亭');
      assert.equal(r.agency_responsible, '市住房和城乡建设局');
      assert.equal(r.media_url, 'https://img.example.org/p/1.jpg');
      assert.equal(r.lat, p.lat);
      assert.equal(r.long, p.lon);
      assert.equal(r.expected_datetime, detail.deadline);
      assert.match(r.description, /139\*\*\*\*5678/);
      const ox = xml.parse((await t.inject(`/open311/v2/requests/${created.service_request_id}.xml`)).body);
      assert.equal(ox.service_requests.request[0].service_request_id, created.service_request_id);
      assert.equal(ox.service_requests.request[0].agency_responsible, '市住房和城乡建设局');
      for (const body of [
        one.body,
        res.body,
        tok.body,
        (await t.inject('/open311/v2/requests.json')).body,
        (await t.inject('/open311/v2/requests.xml')).body,
      ]) {
        assert.ok(!body.includes(PHONE), 'no reporter phone in any answer');
        assert.ok(!body.includes(EMAIL), 'no reporter email in any answer');
        assert.ok(!body.includes('小明'), 'no reporter name in any answer');
      }

      // Confidential: the department handler never sees the contact, masked or not.
      const secret = await post(
        { api_key: key, service_code: '0204', lat: String(p.lat), long: String(p.lon), phone: PHONE, 'attribute[confidential]': 'true' },
        'xml',
      );
      assert.equal(secret.statusCode, 201, secret.body);
      const sid = xml.parse(secret.body).service_requests.request[0].service_request_id as string;
      const sc = (await t.inject({ as: 'admin', url: `/api/v1/cases?q=${sid}` })).json().items[0];
      assert.equal(sc.confidential, true);
      assert.equal(sc.description, '公交站亭', 'without description the service name describes the case');
      open311Error(await t.inject(`/open311/v2/requests/${sid}.json`), 404);
    });

    it('address_string is geocoded; api_key and input errors in the spec format', async () => {
      const addr = (await t.platform.services.geo.addresses({ limit: 1 })).items[0]!;
      const res = await post({ service_code: '0205', address_string: addr.fullAddress, description: '路面塌陷' }, 'json', {
        authorization: `Bearer ${key}`,
      });
      assert.equal(res.statusCode, 201, res.body);
      const [c] = res.json();
      const [r] = (await t.inject(`/open311/v2/requests/${c.service_request_id}.json`)).json();
      assert.equal(r.address, addr.fullAddress);
      const loc = t.platform.services.geo.locate(r.long, r.lat);
      assert.equal(loc?.grid?.code, addr.gridCode, 'geocoded into the address grid');

      const p = places[1]!;
      const ok = { api_key: key, service_code: '0203', lat: String(p.lat), long: String(p.lon) };
      assert.match(open311Error(await post({ ...ok, api_key: '' }), 403), /api_key/);
      const { api_key: _drop, ...noKey } = ok;
      open311Error(await post(noKey), 403);
      open311Error(await post({ ...ok, api_key: 'zk_aaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' }), 403);
      open311Error(await post({ ...ok, api_key: readOnlyKey }), 403);
      const xmlErr = await post({ ...ok, api_key: 'nope' }, 'xml');
      assert.equal(xmlErr.statusCode, 403);
      assert.equal(xml.parse(xmlErr.body).errors.error[0].code, '403');

      open311Error(await post({ ...ok, service_code: '9999' }), 404);
      assert.match(open311Error(await post({ ...ok, service_code: '' }), 400), /service_code/);
      const { lat: _a, long: _b, ...noPlace } = ok;
      assert.match(open311Error(await post(noPlace), 400), /location/);
      assert.match(open311Error(await post({ ...ok, description: '井'.repeat(4001) }), 400), /description/);
      assert.match(open311Error(await post({ ...ok, lat: 'north' }), 400), /lat/);
      assert.match(open311Error(await post({ ...ok, lat: '10', long: '10' }), 400), /outside/);
      assert.match(open311Error(await post({ ...ok, media_url: 'javascript:alert(1)' }), 400), /media_url/);
      assert.match(open311Error(await post({ ...ok, phone: 'call me' }), 400), /phone/);
      assert.match(open311Error(await post({ ...ok, 'attribute[colour]': 'red' }), 400), /colour/);
      assert.match(open311Error(await post({ ...ok, 'attribute[confidential][]': ['true', 'false'] }), 400), /confidential/);
      assert.match(open311Error(await post({ ...ok, 'attribute[confidential]': 'maybe' }), 400), /confidential/);
      assert.match(open311Error(await post({ ...noPlace, address_string: '火星基地999号' }), 400), /address_string/);
      assert.match(open311Error(await post({ ...noPlace, address_id: 'A000001' }), 400), /address_id/);
      const twice = await t.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `${form(ok)}&service_code=0204`,
      });
      assert.match(open311Error(twice, 400), /more than once/);
    });

    it('POST is rate-limited per api_key', async () => {
      const res0 = await t.inject({
        as: 'admin',
        method: 'POST',
        url: '/api/v1/org/api-keys',
        payload: { name: 'open311 burst', permissions: ['cases.create'] },
      });
      const burst = res0.json().key as string;
      const p = places[1]!;
      for (let i = 0; i < 30; i++)
        open311Error(await post({ api_key: burst, service_code: '9999', lat: String(p.lat), long: String(p.lon) }), 404);
      assert.match(
        open311Error(await post({ api_key: burst, service_code: '0203', lat: String(p.lat), long: String(p.lon) }), 429),
        /per minute/,
      );
      // Another key is not affected.
      assert.equal((await post({ api_key: key, service_code: '0203', lat: String(p.lat), long: String(p.lon) })).statusCode, 201);
    });

    it('GET requests filters: ids, service codes, status, 90-day window', async () => {
      const p = places[2]!;
      const filed: string[] = [];
      for (const code of ['0101', '0104', '0104']) {
        const res = await post({ api_key: key, service_code: code, lat: String(p.lat), long: String(p.lon), description: `测试 ${code}` });
        assert.equal(res.statusCode, 201, res.body);
        filed.push(res.json()[0].service_request_id);
      }
      // Close the first one, not fixed: Open311 shows it closed and says so.
      const first = (await t.inject({ as: 'admin', url: `/api/v1/cases?q=${filed[0]}` })).json().items[0];
      for (const body of [
        { action: 'register' },
        { action: 'dispatch' },
        { action: 'accept' },
        { action: 'handle', comment: '已更换' },
        { action: 'verify' },
        { action: 'close_unfixed', reason: '需整体改造' },
      ]) {
        const r = await t.inject({ as: 'admin', method: 'POST', url: `/api/v1/cases/${first.id}/transitions`, payload: body });
        assert.equal(r.statusCode, 200, `${body.action}: ${r.body}`);
      }
      let res = await t.inject(`/open311/v2/requests.json?service_request_id=${filed.join(',')}&status=open&service_code=0203`);
      assert.equal(res.statusCode, 200, res.body);
      const byId = res.json() as Array<{
        service_request_id: string;
        status: string;
        status_notes: string;
        expected_datetime: string | null;
      }>;
      assert.deepEqual(byId.map((r) => r.service_request_id).sort(), [...filed].sort(), 'ids override the other filters');
      const closed = byId.find((r) => r.service_request_id === filed[0])!;
      assert.equal(closed.status, 'closed');
      assert.equal(closed.status_notes, '已结案：问题未解决（需整体改造）');
      assert.equal(closed.expected_datetime, null);

      res = await t.inject('/open311/v2/requests.json?service_code=0101,0104');
      const codes = res.json() as Array<{ service_request_id: string; service_code: string }>;
      assert.ok(codes.length >= 3);
      assert.ok(codes.every((r) => ['0101', '0104'].includes(r.service_code)));
      for (const id of filed) assert.ok(codes.some((r) => r.service_request_id === id));
      res = await t.inject('/open311/v2/requests.json?service_code=0101,0104&status=closed');
      assert.ok(res.json().some((r: { service_request_id: string }) => r.service_request_id === filed[0]));
      assert.ok(res.json().every((r: { status: string }) => r.status === 'closed'));
      res = await t.inject('/open311/v2/requests.json?service_code=0104&status=open');
      assert.ok(res.json().every((r: { status: string; service_code: string }) => r.status === 'open' && r.service_code === '0104'));
      assert.equal(res.json().filter((r: { service_request_id: string }) => filed.includes(r.service_request_id)).length, 2);

      const now = Date.now();
      const iso = (ms: number) => new Date(ms).toISOString();
      res = await t.inject(`/open311/v2/requests.json?service_code=0104&start_date=${iso(now - 3600_000)}&end_date=${iso(now + 3600_000)}`);
      assert.equal(res.json().filter((r: { service_request_id: string }) => filed.includes(r.service_request_id)).length, 2);
      res = await t.inject(`/open311/v2/requests.json?service_code=0104&start_date=${iso(now + 3600_000)}`);
      assert.equal(
        res.json().filter((r: { service_request_id: string }) => filed.includes(r.service_request_id)).length,
        0,
        'after the start date only',
      );
      res = await t.inject(`/open311/v2/requests.json?end_date=${iso(now - 91 * 86_400_000)}&service_code=0104`);
      assert.equal(
        res.json().filter((r: { service_request_id: string }) => filed.includes(r.service_request_id)).length,
        0,
        'default window ends at end_date',
      );
      res = await t.inject('/open311/v2/requests.json');
      assert.ok(res.json().length <= 1000);

      assert.match(
        open311Error(await t.inject(`/open311/v2/requests.json?start_date=${iso(now - 91 * 86_400_000)}&end_date=${iso(now)}`), 400),
        /90 days/,
      );
      assert.match(open311Error(await t.inject('/open311/v2/requests.json?start_date=yesterday'), 400), /start_date/);
      assert.match(
        open311Error(await t.inject(`/open311/v2/requests.json?start_date=${iso(now)}&end_date=${iso(now - 1000)}`), 400),
        /end_date/,
      );
      assert.match(open311Error(await t.inject('/open311/v2/requests.json?status=fixed'), 400), /status/);
      assert.match(open311Error(await t.inject('/open311/v2/requests.json?service_code=9999'), 400), /service_code/);
      assert.match(open311Error(await t.inject('/open311/v2/requests.json?service_request_id=DROP%20TABLE'), 400), /service_request_id/);
      const rx = await t.inject('/open311/v2/requests.xml?status=bogus');
      assert.equal(rx.statusCode, 400);
      assert.equal(xml.parse(rx.body).errors.error[0].code, '400');
      open311Error(await t.inject('/open311/v2/requests/ZC2099010100001.json'), 404);
      open311Error(await t.inject('/open311/v2/requests/nonsense.json'), 404);
    });
  });
});

/**
 * Fixtures of the open-data tests: a small open catalog on a demo platform — two unconditionally
 * open datasets (bus stops with coordinates and a personal phone field; schools), one 有条件开放
 * dataset, one 不予开放 dataset and one open draft (the last two must never be visible).
 */
import assert from 'node:assert/strict';
import type { TestApp } from '../helpers/test-app.js';
import { call, deptCode, peopleCsv, personResource } from '../catalog/catalog-test-kit.js';

export interface OpenFixture {
  busStops: string;
  schools: string;
  credit: string;
  closed: string;
  draft: string;
  transport: string;
  education: string;
  bureau: string;
}

/** A CKAN action call: GET with a query string, or POST with a JSON body. */
export async function ckan(
  t: TestApp,
  action: string,
  params: Record<string, unknown> = {},
  opts: { post?: boolean; headers?: Record<string, string> } = {},
) {
  const res = opts.post
    ? await t.platform.app.inject({
        method: 'POST',
        url: `/api/3/action/${action}`,
        payload: JSON.stringify(params),
        headers: { 'content-type': 'application/json', ...opts.headers },
      })
    : await t.platform.app.inject({
        method: 'GET',
        url: `/api/3/action/${action}?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString()}`,
        headers: opts.headers,
      });
  return { status: res.statusCode, body: JSON.parse(res.body), raw: res.body };
}

/** An anonymous request (no cookie, no key). */
export async function anon(t: TestApp, url: string) {
  const res = await t.platform.app.inject({ method: 'GET', url });
  let body: any = null;
  try {
    body = JSON.parse(res.body);
  } catch {
    body = null;
  }
  return { status: res.statusCode, body, raw: res.body, rawPayload: res.rawPayload, headers: res.headers };
}

function busStopsCsv(n: number): string {
  const lines = ['stop_id,name,district,lon,lat,lines,manager_phone'];
  const districts = ['东城区', '西城区', '南湖区'];
  for (let i = 1; i <= n; i++) {
    lines.push(
      `BS${String(i).padStart(3, '0')},${i % 2 ? '人民路' : '解放路'}${i}号站,${districts[i % 3]},${(119.6 + i / 1000).toFixed(4)},${(29.1 + i / 1000).toFixed(4)},${(i % 5) + 1},1390000${String(i).padStart(4, '0')}`,
    );
  }
  return lines.join('\n') + '\n';
}

async function create(t: TestApp, body: Record<string, unknown>, csv?: string): Promise<string> {
  const r = await call(t, 'POST', '/catalog/resources', body);
  assert.equal(r.status, 201, r.raw);
  if (csv) {
    const l = await call(t, 'POST', `/catalog/resources/${r.body.id}/loads`, csv);
    assert.equal(l.status, 200, l.raw);
    assert.equal(l.body.rejected.length, 0, l.raw);
  }
  return r.body.id as string;
}

/** Retires every published resource (the demo city's catalog), so a suite can count exactly what it registers. */
export async function retireAllResources(t: TestApp): Promise<void> {
  const list = await call(t, 'GET', '/catalog/resources?limit=1000');
  assert.equal(list.status, 200, list.raw);
  for (const r of list.body.items as Array<{ id: string; status: string }>) {
    if (r.status !== 'published') continue;
    const res = await call(t, 'POST', `/catalog/resources/${r.id}/status`, { status: 'retired' });
    assert.equal(res.status, 200, res.raw);
  }
}

/**
 * Registers and loads the fixture datasets (as admin). With `only` (the default), the demo
 * city's own catalog is retired first so the open catalog holds exactly the fixture.
 */
export async function seedOpenCatalog(t: TestApp, opts: { only?: boolean } = {}): Promise<OpenFixture> {
  if (opts.only !== false) await retireAllResources(t);
  const transport = await deptCode(t, '市交通运输局');
  const education = await deptCode(t, '市教育局');
  const bureau = await deptCode(t, '市大数据发展管理局');
  const busStops = await create(
    t,
    {
      name: '公交站点',
      providerDepartmentCode: transport,
      summary: '全市公交站点位置与线路数',
      classCode: '201001',
      fields: [
        { name: 'stop_id', title: '站点编号', type: 'string', key: true },
        { name: 'name', title: '站点名称', type: 'string', required: true },
        { name: 'district', title: '所在区', type: 'string' },
        { name: 'lon', title: '经度', type: 'number' },
        { name: 'lat', title: '纬度', type: 'number' },
        { name: 'lines', title: '线路数', type: 'integer' },
        { name: 'manager_phone', title: '管理员电话', type: 'string', personal: 'phone' },
      ],
      shareType: 'unconditional',
      openType: 'unconditional',
      grade: 'general',
      updateCycle: 'monthly',
      themes: ['交通'],
      keywords: ['公交', '站点'],
      status: 'published',
      publishDate: '2026-01-15',
    },
    busStopsCsv(30),
  );
  const schools = await create(
    t,
    {
      name: '中小学校名录',
      providerDepartmentCode: education,
      summary: '全市中小学校名称、学段与地址',
      classCode: '201002',
      fields: [
        { name: 'school_id', title: '学校编号', type: 'string', key: true },
        { name: 'name', title: '学校名称', type: 'string' },
        { name: 'stage', title: '学段', type: 'string' },
        { name: 'students', title: '在校生数', type: 'integer' },
      ],
      shareType: 'unconditional',
      openType: 'unconditional',
      grade: 'general',
      updateCycle: 'yearly',
      themes: ['教育'],
      keywords: ['学校'],
      status: 'published',
    },
    'school_id,name,stage,students\nS1,第一中学,高中,1800\nS2,实验小学,小学,1200\nS3,城东小学,小学,900\nS4,第二中学,初中,1500\n',
  );
  const credit = await create(
    t,
    {
      name: '企业信用评价结果',
      providerDepartmentCode: bureau,
      summary: '企业公共信用综合评价等级',
      classCode: '104001',
      fields: [
        { name: 'uscc', title: '统一社会信用代码', type: 'string', key: true },
        { name: 'company', title: '企业名称', type: 'string' },
        { name: 'level', title: '信用等级', type: 'string' },
      ],
      shareType: 'conditional',
      openType: 'conditional',
      openConditions: '用于学术研究或信用服务，需签署数据使用协议',
      grade: 'important',
      updateCycle: 'quarterly',
      themes: ['信用'],
      keywords: ['企业', '信用'],
      status: 'published',
    },
    'uscc,company,level\n91330700A1,示范科技有限公司,A\n91330700B2,示范物流有限公司,B\n',
  );
  const closed = await create(
    t,
    personResource(bureau, { name: '不开放人口信息', shareType: 'unconditional', openType: 'none' }),
    peopleCsv(3),
  );
  const draft = await create(
    t,
    { ...personResource(bureau), name: '草稿开放数据', openType: 'unconditional', status: 'draft' },
    peopleCsv(2),
  );
  return { busStops, schools, credit, closed, draft, transport, education, bureau };
}

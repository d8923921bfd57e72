/**
 * Helpers of the catalog API tests: JSON and raw requests as a user, a second steward in
 * another department, and a resource with personal fields.
 */
import assert from 'node:assert/strict';
import { TEST_ADMIN_PASSWORD, type TestApp } from '../helpers/test-app.js';

export interface Res {
  status: number;
  body: any;
  raw: string;
  headers: Record<string, unknown>;
}

/** A JSON request (or raw body with a content type) as `as` (default admin). */
export async function call(
  t: TestApp,
  method: string,
  url: string,
  body?: unknown,
  opts: { as?: string; contentType?: string; headers?: Record<string, string> } = {},
): Promise<Res> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  let payload: string | Buffer | undefined;
  if (body !== undefined) {
    if (typeof body === 'string' || Buffer.isBuffer(body)) {
      payload = body;
      headers['content-type'] = opts.contentType ?? 'text/csv';
    } else {
      payload = JSON.stringify(body);
      headers['content-type'] = opts.contentType ?? 'application/json';
    }
  }
  const as = opts.as === undefined ? 'admin' : opts.as;
  const res = await t.inject({ method: method as 'GET', url: `/api/v1${url}`, payload, headers, ...(as ? { as } : {}) });
  let parsed: unknown = null;
  try {
    parsed = res.body ? JSON.parse(res.body) : null;
  } catch {
    parsed = null;
  }
  return { status: res.statusCode, body: parsed, raw: res.body, headers: res.headers as Record<string, unknown> };
}

/** The code of the demo department with this exact name. */
export async function deptCode(t: TestApp, name: string): Promise<string> {
  const d = (await t.platform.services.org.listDepartments()).find((x) => x.name === name);
  assert.ok(d, `no department ${name}`);
  return d.code;
}

/** Creates an active user with a role in a department (password = the test admin password). */
export async function addUser(t: TestApp, username: string, role: string, departmentCode: string): Promise<void> {
  await t.platform.services.org.users.create(null, {
    username,
    displayName: username,
    password: TEST_ADMIN_PASSWORD,
    roles: [role],
    departmentCode,
    mustChangePassword: false,
  });
}

/** A population-style resource with personal fields and a key. */
export function personResource(departmentCode: string, extra: Record<string, unknown> = {}) {
  return {
    name: '测试人口基础信息',
    providerDepartmentCode: departmentCode,
    summary: '测试用人口基础信息，含身份证号、姓名、电话、住址',
    classCode: '101001',
    fields: [
      { name: 'id_no', title: '身份证号', type: 'string', personal: 'id_number', key: true },
      { name: 'name', title: '姓名', type: 'string', personal: 'name', required: true },
      { name: 'phone', title: '联系电话', type: 'string', personal: 'phone' },
      { name: 'address', title: '住址', type: 'string', personal: 'address' },
      { name: 'age', title: '年龄', type: 'integer' },
      { name: 'community', title: '社区', type: 'string', length: 20 },
      { name: 'registered', title: '登记日期', type: 'date' },
    ],
    shareType: 'conditional',
    openType: 'none',
    grade: 'important',
    updateCycle: 'monthly',
    themes: ['人口'],
    keywords: ['户籍', '常住人口'],
    status: 'published',
    ...extra,
  };
}

/** CSV of n people (deterministic). */
export function peopleCsv(n: number, start = 1): string {
  const lines = ['id_no,name,phone,address,age,community,registered'];
  for (let i = start; i < start + n; i++) {
    const id = `330791199001${String(i).padStart(6, '0')}`;
    lines.push(
      `${id},张${'三四五六七'[i % 5]}${i},1381234${String(i).padStart(4, '0')},示范市东城区城东街道八一路${i}号,${20 + (i % 50)},社区${i % 3},2026-0${1 + (i % 9)}-1${i % 9}`,
    );
  }
  return lines.join('\n') + '\n';
}

/** Bad input on `/org/departments` and `/org/api-keys`: 400 naming the field. */
import { long, runBadInputSuite, type BadCase } from './bad-input-runner.js';

const validDept = { code: 'N01', name: '新部门', kind: 'bureau', orgUnitCode: '330799' };

const CASES: BadCase[] = [
  // GET /org/departments
  { name: 'departments with an unknown kind', method: 'GET', url: '/api/v1/org/departments?kind=ministry', path: '/query/kind' },
  { name: 'departments with an unknown status', method: 'GET', url: '/api/v1/org/departments?status=gone', path: '/query/status' },
  {
    name: 'departments with a non-numeric orgUnitCode',
    method: 'GET',
    url: '/api/v1/org/departments?orgUnitCode=abc',
    path: '/query/orgUnitCode',
  },
  { name: 'departments with limit 0', method: 'GET', url: '/api/v1/org/departments?limit=0', path: '/query/limit' },
  { name: 'departments with a forged cursor', method: 'GET', url: '/api/v1/org/departments?cursor=%7B%7D', path: '/query/cursor' },
  // GET /org/departments/{code}
  { name: 'department with a too long code', method: 'GET', url: `/api/v1/org/departments/${long(33)}`, path: '/params/code' },
  { name: 'department with a malformed code', method: 'GET', url: '/api/v1/org/departments/a.b', path: '/params/code' },
  // POST /org/departments
  {
    name: 'create department without code',
    method: 'POST',
    url: '/api/v1/org/departments',
    payload: { name: 'x', kind: 'bureau', orgUnitCode: '330799' },
    path: '/body/code',
  },
  {
    name: 'create department without name',
    method: 'POST',
    url: '/api/v1/org/departments',
    payload: { code: 'N1', kind: 'bureau', orgUnitCode: '330799' },
    path: '/body/name',
  },
  {
    name: 'create department without kind',
    method: 'POST',
    url: '/api/v1/org/departments',
    payload: { code: 'N1', name: 'x', orgUnitCode: '330799' },
    path: '/body/kind',
  },
  {
    name: 'create department without orgUnitCode',
    method: 'POST',
    url: '/api/v1/org/departments',
    payload: { code: 'N1', name: 'x', kind: 'bureau' },
    path: '/body/orgUnitCode',
  },
  {
    name: 'create department with an unknown kind',
    method: 'POST',
    url: '/api/v1/org/departments',
    payload: { ...validDept, kind: 'ministry' },
    path: '/body/kind',
  },
  {
    name: 'create department with a too long code',
    method: 'POST',
    url: '/api/v1/org/departments',
    payload: { ...validDept, code: long(33) },
    path: '/body/code',
  },
  {
    name: 'create department with a too long name',
    method: 'POST',
    url: '/api/v1/org/departments',
    payload: { ...validDept, name: long(101) },
    path: '/body/name',
  },
  {
    name: 'create department with an object name',
    method: 'POST',
    url: '/api/v1/org/departments',
    payload: { ...validDept, name: {} },
    path: '/body/name',
  },
  {
    name: 'create department in an unknown unit',
    method: 'POST',
    url: '/api/v1/org/departments',
    payload: { ...validDept, orgUnitCode: '330798' },
    path: '/body/orgUnitCode',
  },
  {
    name: 'create department under an unknown parent',
    method: 'POST',
    url: '/api/v1/org/departments',
    payload: { ...validDept, parentCode: 'P404' },
    path: '/body/parentCode',
  },
  {
    name: 'create department with a bad phone',
    method: 'POST',
    url: '/api/v1/org/departments',
    payload: { ...validDept, phone: 'hotline' },
    path: '/body/phone',
  },
  {
    name: 'create department with an unknown field',
    method: 'POST',
    url: '/api/v1/org/departments',
    payload: { ...validDept, head: 'x' },
    path: '/body/head',
  },
  // PATCH /org/departments/{code}
  { name: 'patch department with an empty body', method: 'PATCH', url: '/api/v1/org/departments/D01', payload: {}, path: '/body' },
  {
    name: 'patch department with an unknown kind',
    method: 'PATCH',
    url: '/api/v1/org/departments/D01',
    payload: { kind: 'ministry' },
    path: '/body/kind',
  },
  {
    name: 'patch department into an unknown unit',
    method: 'PATCH',
    url: '/api/v1/org/departments/D01',
    payload: { orgUnitCode: '330798' },
    path: '/body/orgUnitCode',
  },
  {
    name: 'patch department under an unknown parent',
    method: 'PATCH',
    url: '/api/v1/org/departments/D01',
    payload: { parentCode: 'P404' },
    path: '/body/parentCode',
  },
  {
    name: 'patch department with an unknown status',
    method: 'PATCH',
    url: '/api/v1/org/departments/D01',
    payload: { status: 'closed' },
    path: '/body/status',
  },
  {
    name: 'patch department with a too long name',
    method: 'PATCH',
    url: '/api/v1/org/departments/D01',
    payload: { name: long(101) },
    path: '/body/name',
  },
  // POST /org/api-keys
  {
    name: 'create key without name',
    method: 'POST',
    url: '/api/v1/org/api-keys',
    payload: { permissions: ['geo.read'] },
    path: '/body/name',
  },
  {
    name: 'create key without permissions',
    method: 'POST',
    url: '/api/v1/org/api-keys',
    payload: { name: 'k' },
    path: '/body/permissions',
  },
  {
    name: 'create key with no permissions',
    method: 'POST',
    url: '/api/v1/org/api-keys',
    payload: { name: 'k', permissions: [] },
    path: '/body/permissions',
  },
  {
    name: 'create key with an unknown permission',
    method: 'POST',
    url: '/api/v1/org/api-keys',
    payload: { name: 'k', permissions: ['geo.read', 'geo.destroy'] },
    path: '/body/permissions/1',
  },
  {
    name: 'create key with the * wildcard',
    method: 'POST',
    url: '/api/v1/org/api-keys',
    payload: { name: 'k', permissions: ['*'] },
    path: '/body/permissions/0',
  },
  {
    name: 'create key with permissions as an object',
    method: 'POST',
    url: '/api/v1/org/api-keys',
    payload: { name: 'k', permissions: {} },
    path: '/body/permissions',
  },
  {
    name: 'create key with a too long name',
    method: 'POST',
    url: '/api/v1/org/api-keys',
    payload: { name: long(101), permissions: ['geo.read'] },
    path: '/body/name',
  },
  {
    name: 'create key with an unknown field',
    method: 'POST',
    url: '/api/v1/org/api-keys',
    payload: { name: 'k', permissions: ['geo.read'], expires: 1 },
    path: '/body/expires',
  },
  // DELETE /org/api-keys/{id}
  { name: 'revoke key with a too long id', method: 'DELETE', url: `/api/v1/org/api-keys/${long(65)}`, path: '/params/id' },
];

runBadInputSuite('org departments and API keys bad input', CASES);

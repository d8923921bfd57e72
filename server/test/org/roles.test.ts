import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPermissionCode, isRoleCode, PERMISSIONS, permissionsOfRoles, ROLE_CODES, ROLES } from '../../src/modules/org/roles.js';

describe('roles and permission catalogue', () => {
  it('defines exactly the eight role codes of the API, in order', () => {
    assert.deepEqual(
      ROLES.map((r) => r.code),
      [...ROLE_CODES],
    );
    assert.deepEqual([...ROLE_CODES], ['admin', 'operator', 'dispatcher', 'handler', 'inspector', 'data_steward', 'commander', 'analyst']);
  });

  it('grants only catalogued permissions (admin alone holds *)', () => {
    for (const r of ROLES) {
      for (const p of r.permissions) {
        if (r.code === 'admin') assert.equal(p, '*');
        else assert.ok(isPermissionCode(p), `${r.code}: ${p}`);
      }
    }
  });

  it('has unique permission codes, each with zh and en names, grouped by module prefix', () => {
    const codes = PERMISSIONS.map((p) => p.code);
    assert.equal(new Set(codes).size, codes.length);
    for (const p of PERMISSIONS) {
      assert.match(p.code, /^(org|audit|geo|sensing|cases|catalog|operations)\.[a-z.]+$/);
      assert.ok(/\p{Script=Han}/u.test(p.name), p.code);
      assert.ok(p.nameEn.length > 0);
    }
  });

  it('gives every staff role the org chart and the map, and keeps user management to admin', () => {
    for (const r of ROLES.filter((x) => x.code !== 'admin')) {
      assert.ok(r.permissions.includes('org.read') && r.permissions.includes('geo.read'), r.code);
      assert.ok(!r.permissions.includes('org.users.write'), r.code);
    }
  });

  it('unions the permissions of several roles, ignoring unknown ones', () => {
    const p = permissionsOfRoles(['handler', 'inspector', 'nobody']);
    assert.ok(p.includes('cases.handle') && p.includes('cases.verify'));
    assert.deepEqual(p, [...new Set(p)].sort());
    assert.deepEqual(permissionsOfRoles(['admin']), ['*']);
    assert.equal(isRoleCode('boss'), false);
  });
});

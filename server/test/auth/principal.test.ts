import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actorOf, hasPermission, type Principal } from '../../src/kernel/auth/principal.js';

function principal(permissions: string[]): Principal {
  return { kind: 'user', id: 'u1', roles: [], permissions, departmentCode: null };
}

describe('hasPermission', () => {
  it('grants exactly the listed permissions', () => {
    const p = principal(['geo.read', 'org.read']);
    assert.equal(hasPermission(p, 'geo.read'), true);
    assert.equal(hasPermission(p, 'geo.write'), false);
  });

  it('treats * as every permission', () => {
    assert.equal(hasPermission(principal(['*']), 'cases.config.write'), true);
  });

  it('treats module.* as every permission of that module, at any depth', () => {
    const p = principal(['cases.*']);
    assert.equal(hasPermission(p, 'cases.read'), true);
    assert.equal(hasPermission(p, 'cases.config.write'), true);
    assert.equal(hasPermission(p, 'catalog.read'), false);
    assert.equal(hasPermission(principal(['case.*']), 'cases.read'), false, 'prefix must end at a dot');
  });

  it('denies a missing principal and an empty permission list', () => {
    assert.equal(hasPermission(null, 'geo.read'), false);
    assert.equal(hasPermission(principal([]), 'geo.read'), false);
  });

  it('names the actor by kind and id', () => {
    assert.equal(actorOf(principal([])), 'u1');
    assert.equal(actorOf({ kind: 'apikey', id: 'k1' }), 'apikey:k1');
    assert.equal(actorOf(null), 'system');
  });
});

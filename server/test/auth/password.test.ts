import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkPasswordComplexity,
  generatePassword,
  hashPassword,
  verifyAgainstDummy,
  verifyPassword,
} from '../../src/kernel/auth/password.js';

// Cheap parameters keep the suite fast; the format and comparison are what is under test.
const FAST = { N: 1024, r: 8, p: 1 };

describe('password hashing', () => {
  it('verifies the password it hashed and rejects another one', async () => {
    const stored = await hashPassword('Correct-Horse-9', FAST);
    assert.equal(await verifyPassword('Correct-Horse-9', stored), true);
    assert.equal(await verifyPassword('correct-horse-9', stored), false);
  });

  it('stores the scrypt parameters and a per-password salt in the hash string', async () => {
    const a = await hashPassword('Same-Password-1', FAST);
    const b = await hashPassword('Same-Password-1', FAST);
    assert.match(a, /^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    assert.notEqual(a, b, 'two hashes of one password differ by their salt');
    assert.equal(await verifyPassword('Same-Password-1', b), true);
  });

  it('uses the default (strong) parameters when none are given', async () => {
    const stored = await hashPassword('Default-Params-1');
    assert.match(stored, /^scrypt\$32768\$8\$1\$/);
    assert.equal(await verifyPassword('Default-Params-1', stored), true);
  });

  it('never matches a malformed stored value', async () => {
    for (const bad of ['', 'plain', 'scrypt$x$8$1$AA==$AA==', 'bcrypt$1$2$3$4$5', 'scrypt$1024$8$1$AA==$']) {
      assert.equal(await verifyPassword('whatever', bad), false, bad);
    }
  });

  it('refuses over-long passwords without hashing them', async () => {
    const stored = await hashPassword('A'.repeat(10) + 'a1!', FAST);
    assert.equal(await verifyPassword('A'.repeat(200), stored), false);
  });

  it('dummy verification always fails', async () => {
    assert.equal(await verifyAgainstDummy('anything'), false);
  });
});

describe('password complexity rule', () => {
  it('accepts 10+ characters with 3 of the 4 classes', () => {
    assert.equal(checkPasswordComplexity('Abcdefgh12'), null); // upper, lower, digit
    assert.equal(checkPasswordComplexity('abcdefgh1!'), null); // lower, digit, symbol
    assert.equal(checkPasswordComplexity('城市运行中心abc1!'), null); // CJK counts as a symbol
  });

  it('refuses passwords shorter than 10 characters and says so', () => {
    const msg = checkPasswordComplexity('Ab1!');
    assert.ok(msg);
    assert.match(msg, /at least 10 characters/);
  });

  it('refuses passwords with only two classes and names what is missing', () => {
    const msg = checkPasswordComplexity('abcdefghij12');
    assert.ok(msg);
    assert.match(msg, /missing uppercase letters, symbols/);
  });

  it('refuses passwords over 128 characters', () => {
    assert.match(checkPasswordComplexity('Aa1!'.repeat(40)) ?? '', /at most 128/);
  });
});

describe('password generator', () => {
  it('always produces passwords that meet the rule', () => {
    for (let i = 0; i < 500; i++) {
      const p = generatePassword();
      assert.equal(p.length, 16);
      assert.equal(checkPasswordComplexity(p), null, p);
      assert.match(p, /[A-Z]/);
      assert.match(p, /[a-z]/);
      assert.match(p, /[0-9]/);
      assert.match(p, /[^A-Za-z0-9]/);
    }
  });

  it('does not repeat itself', () => {
    const seen = new Set(Array.from({ length: 200 }, () => generatePassword()));
    assert.equal(seen.size, 200);
  });

  it('never goes below the minimum length', () => {
    assert.equal(generatePassword(4).length, 10);
  });
});

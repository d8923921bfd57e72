import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiKeyMatches, generateApiKey, hashApiKey, parseApiKey } from '../../src/kernel/auth/api-key.js';

describe('API key format', () => {
  it('generates zk_<8-char prefix>_<32-char secret> keys', () => {
    const { key, prefix } = generateApiKey();
    assert.match(key, /^zk_[a-z0-9]{8}_[A-Za-z0-9]{32}$/);
    assert.equal(key.slice(3, 11), prefix);
  });

  it('stores only a SHA-256 hash that matches the key and nothing else', () => {
    const g = generateApiKey();
    assert.match(g.hash, /^[0-9a-f]{64}$/);
    assert.equal(g.hash, hashApiKey(g.key));
    assert.ok(!g.hash.includes(g.key.slice(12)));
    assert.equal(apiKeyMatches(g.key, g.hash), true);
    assert.equal(apiKeyMatches(generateApiKey().key, g.hash), false);
  });

  it('parses the prefix of a well-formed key and rejects malformed ones', () => {
    const g = generateApiKey();
    assert.deepEqual(parseApiKey(g.key), { prefix: g.prefix });
    for (const bad of ['', 'zk_', 'zk_short_abc', `zk_${g.prefix}_${'a'.repeat(31)}`, g.key + 'x', g.key.replace('zk_', 'zx_')]) {
      assert.equal(parseApiKey(bad), null, bad);
    }
  });

  it('never generates the same key twice', () => {
    const keys = new Set(Array.from({ length: 500 }, () => generateApiKey().key));
    assert.equal(keys.size, 500);
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { migrationSources } from '../../src/main.js';

/**
 * Installed databases have run the landed migrations; Kysely refuses to start when a new
 * migration sorts before one already executed, and a renamed one would run twice. This guards
 * both before a release does.
 */
const landed = readFileSync(new URL('../../src/kernel/db/landed-migrations.txt', import.meta.url), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

describe('migration names', () => {
  const names = migrationSources().flatMap((s) => Object.keys(s.migrations));

  it('keeps every landed migration under its name', () => {
    for (const n of landed) assert.ok(names.includes(n), `landed migration ${n} was renamed or removed`);
  });

  it('sorts every new migration after the last landed one', () => {
    const last = [...landed].sort().at(-1)!;
    const early = names.filter((n) => !landed.includes(n) && n <= last);
    assert.deepEqual(early, [], `these new migrations sort before ${last}; rename them to come after it`);
  });

  it('has no duplicate names across modules', () => {
    assert.equal(new Set(names).size, names.length);
  });
});

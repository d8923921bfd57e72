import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { forEachDialect } from '../helpers/dialects.js';
import { openTestDatabase, type TestDatabase } from '../helpers/test-db.js';

forEachDialect((dialect) => {
  describe(`dialect helper JSON columns (${dialect})`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await openTestDatabase(dialect);
      await t.db.kysely.schema
        .createTable('kernel_json_probe')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('v', dialect === 'postgres' ? 'jsonb' : 'text', (c) => c.notNull())
        .execute();
    });
    after(() => t.close());

    it('stores arrays and objects as JSON values that read back unchanged', async () => {
      const values = [['a', 'b.*'], { k: 1, nested: { s: '引号"' } }, [], { list: [1, 'x', null] }];
      for (const [i, v] of values.entries()) {
        await t.db.kysely
          .insertInto('kernel_json_probe')
          .values({ id: i, v: t.db.sql.writeJson(v) })
          .execute();
      }
      const rows = await t.db.kysely.selectFrom('kernel_json_probe').selectAll().orderBy('id').execute();
      assert.deepEqual(
        rows.map((r) => t.db.sql.readJson(r.v)),
        values,
      );
      if (dialect === 'postgres') {
        const types = await sql<{ t: string }>`select jsonb_typeof(v) as t from kernel.json_probe order by id`.execute(t.db.kysely);
        assert.deepEqual(
          types.rows.map((r) => r.t),
          ['array', 'object', 'array', 'object'],
          'a database-side JSON query sees arrays and objects, not strings',
        );
      }
    });
  });
});

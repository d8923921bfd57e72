import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { AuditLog } from '../../src/kernel/audit/audit-log.js';
import { forEachDialect } from '../helpers/dialects.js';
import { openTestDatabase, type TestDatabase } from '../helpers/test-db.js';

forEachDialect((dialect) => {
  describe(`audit log (${dialect})`, () => {
    let t: TestDatabase;
    let audit: AuditLog;
    before(async () => {
      t = await openTestDatabase(dialect);
      audit = new AuditLog(t.db);
      for (let i = 0; i < 5; i++) {
        await t.db.kysely.transaction().execute((trx) =>
          audit.record(trx, {
            actor: 'user:u1',
            action: 'org.user.created',
            target: `user:${i}`,
            detail: { i, name: '张三', z: 1, a: 2 },
          }),
        );
      }
    });
    after(() => t.close());

    it('verifies an untouched chain', async () => {
      const v = await audit.verify();
      assert.deepEqual(v, { ok: true, records: 5 });
    });

    it('lists newest first with filters', async () => {
      const items = await audit.list({ limit: 2 });
      assert.deepEqual(
        items.map((r) => r.seq),
        [5, 4],
      );
      const one = await audit.list({ limit: 10, target: 'user:2' });
      assert.equal(one.length, 1);
      assert.equal(one[0]!.detail.name, '张三');
    });

    it('refuses updates and deletes through the database itself', async () => {
      await assert.rejects(t.db.kysely.updateTable('kernel_audit').set({ actor: 'x' }).where('seq', '=', 1).execute(), /append-only/);
      await assert.rejects(t.db.kysely.deleteFrom('kernel_audit').where('seq', '=', 5).execute(), /append-only/);
    });

    it('rolls back the record with the failed change', async () => {
      await assert.rejects(
        t.db.kysely.transaction().execute(async (trx) => {
          await audit.record(trx, { actor: 'system', action: 'x', target: 'y' });
          throw new Error('change failed');
        }),
      );
      assert.deepEqual(await audit.verify(), { ok: true, records: 5 });
    });

    it('detects an edited record once the guard is bypassed', async () => {
      await dropGuards(t, dialect);
      await t.db.kysely.updateTable('kernel_audit').set({ detail: '{"i":9}' }).where('seq', '=', 3).execute();
      const v = await audit.verify();
      assert.equal(v.ok, false);
      assert.equal(v.brokenAt, 3);
      assert.match(v.reason!, /altered/);
    });

    it('detects a deleted record at the end (head mismatch)', async () => {
      const fresh = await openTestDatabase(dialect);
      try {
        const a = new AuditLog(fresh.db);
        for (let i = 0; i < 3; i++) await a.recordNow({ actor: 'system', action: 'a', target: String(i) });
        await dropGuards(fresh, dialect);
        await fresh.db.kysely.deleteFrom('kernel_audit').where('seq', '=', 3).execute();
        const v = await a.verify();
        assert.equal(v.ok, false);
        assert.match(v.reason!, /deleted|head/);
        await fresh.db.kysely.deleteFrom('kernel_audit').where('seq', '=', 1).execute();
        const v2 = await a.verify();
        assert.equal(v2.ok, false);
        assert.equal(v2.brokenAt, 1);
      } finally {
        await fresh.close();
      }
    });
  });
});

async function dropGuards(t: TestDatabase, dialect: string): Promise<void> {
  if (dialect === 'postgres') await sql`drop trigger audit_append_only on kernel.audit`.execute(t.db.kysely);
  else {
    await sql`drop trigger kernel_audit_no_update`.execute(t.db.kysely);
    await sql`drop trigger kernel_audit_no_delete`.execute(t.db.kysely);
  }
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { EventBus, type StoredEvent } from '../../src/kernel/events/event-bus.js';
import { LeaseStore } from '../../src/kernel/jobs/lease-store.js';
import { forEachDialect } from '../helpers/dialects.js';
import { openTestDatabase, type TestDatabase } from '../helpers/test-db.js';

const logger = pino({ level: 'silent' });

forEachDialect((dialect) => {
  describe(`event bus (${dialect})`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await openTestDatabase(dialect);
    });
    after(() => t.close());

    it('delivers only committed events, in order, to the subscribers that want them', async () => {
      const bus = new EventBus(t.db, new LeaseStore(t.db, 'node-a'), logger);
      const got: string[] = [];
      bus.subscribe('test.a', ['thing.created.v1'], async (e) => {
        got.push((e.payload as { n: string }).n);
      });
      await bus.start();
      await t.db.kysely.transaction().execute(async (trx) => {
        await bus.publish(trx, 'thing.created.v1', { n: 'one' });
        await bus.publish(trx, 'other.v1', { n: 'ignored' });
      });
      await assert.rejects(
        t.db.kysely.transaction().execute(async (trx) => {
          await bus.publish(trx, 'thing.created.v1', { n: 'rolled back' });
          throw new Error('boom');
        }),
      );
      await t.db.kysely.transaction().execute((trx) => bus.publish(trx, 'thing.created.v1', { n: 'two' }));
      await bus.drain();
      await bus.stop();
      assert.deepEqual(got, ['one', 'two']);
    });

    it('resumes from the stored offset after a restart (at-least-once, no loss)', async () => {
      const first = new EventBus(t.db, new LeaseStore(t.db, 'node-b'), logger);
      const seen: number[] = [];
      first.subscribe('test.resume', ['tick.v1'], async (e) => {
        seen.push((e.payload as { i: number }).i);
      });
      await first.start();
      for (let i = 1; i <= 3; i++) await t.db.kysely.transaction().execute((trx) => first.publish(trx, 'tick.v1', { i }));
      await first.drain();
      await first.stop();
      // published while nobody listens
      for (let i = 4; i <= 6; i++) await t.db.kysely.transaction().execute((trx) => first.publish(trx, 'tick.v1', { i }));
      const db2 = await t.reopen();
      const second = new EventBus(db2, new LeaseStore(db2, 'node-b2'), logger);
      second.subscribe('test.resume', ['tick.v1'], async (e) => {
        seen.push((e.payload as { i: number }).i);
      });
      await second.start();
      await second.drain();
      await second.stop();
      assert.deepEqual(seen, [1, 2, 3, 4, 5, 6]);
    });

    it('retries a failing handler and parks the event after repeated failures', async () => {
      const bus = new EventBus(t.db, new LeaseStore(t.db, 'node-c'), logger);
      const attempts: number[] = [];
      const after: StoredEvent[] = [];
      bus.subscribe('test.poison', ['p.v1'], async (e) => {
        const p = e.payload as { bad: boolean };
        if (p.bad) {
          attempts.push(e.id);
          throw new Error('cannot handle');
        }
        after.push(e);
      });
      await bus.start();
      await t.db.kysely.transaction().execute(async (trx) => {
        await bus.publish(trx, 'p.v1', { bad: true });
        await bus.publish(trx, 'p.v1', { bad: false });
      });
      for (let i = 0; i < 6; i++) await bus.drain();
      await bus.stop();
      assert.equal(attempts.length, 5);
      assert.equal(after.length, 1);
      const parked = await t.db.kysely.selectFrom('kernel_event_failures').selectAll().where('subscriber', '=', 'test.poison').execute();
      assert.equal(parked.length, 1);
      assert.match(parked[0]!.error, /cannot handle/);
    });
  });

  describe(`leases (${dialect})`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await openTestDatabase(dialect);
    });
    after(() => t.close());

    it('gives a lease to one holder until it expires or is released', async () => {
      let now = 1_000_000;
      const a = new LeaseStore(t.db, 'a', () => now);
      const b = new LeaseStore(t.db, 'b', () => now);
      assert.equal(await a.acquire('job:x', 10_000), true);
      assert.equal(await b.acquire('job:x', 10_000), false);
      assert.equal(await a.acquire('job:x', 10_000), true, 'the holder renews');
      now += 10_001;
      assert.equal(await b.acquire('job:x', 10_000), true, 'taken over after expiry');
      assert.equal(await a.acquire('job:x', 10_000), false);
      await b.release('job:x');
      assert.equal(await a.acquire('job:x', 10_000), true, 'free at once after release');
    });
  });
});

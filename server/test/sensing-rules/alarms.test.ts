import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isDomainError } from '../../src/kernel/errors.js';
import { forEachDialect } from '../helpers/dialects.js';
import { dutyOfficer, openRulesKit, type RulesKit } from './rules-test-kit.js';

forEachDialect((dialect) => {
  describe(`alarms from readings (${dialect})`, () => {
    let k: RulesKit;
    before(async () => {
      k = await openRulesKit(dialect);
    });
    after(() => k.close());

    it('raises, counts repeats, is acknowledged with a comment, and clears itself below the low-water mark', async () => {
      const rule = await k.service.create(dutyOfficer, {
        name: '水位超警戒',
        deviceId: 'wl-001',
        property: 'level',
        operator: '>',
        threshold: 3.2,
        clearHysteresis: 0.2,
        severity: 'orange',
      });

      const raised = await k.service.handleReadings([k.reading('wl-001', 'level', 3.5)]);
      assert.equal(raised.raised, 1);
      let page = await k.service.alarms.list({ ruleId: rule.id });
      assert.equal(page.total, 1);
      const alarm = page.items[0]!;
      assert.equal(alarm.status, 'active');
      assert.equal(alarm.acknowledged, false);
      assert.equal(alarm.count, 1);
      assert.equal(alarm.severity, 'orange');
      assert.equal(alarm.perceivedSeverity, 'major');
      assert.equal(alarm.lastValue, 3.5);
      assert.equal(alarm.condition, 'level > 3.2');
      assert.deepEqual(alarm.location, { lon: 119.65, lat: 29.08 });

      k.advance(60);
      await k.service.handleReadings([k.reading('wl-001', 'level', 3.6)]);
      const repeated = await k.service.alarms.get(alarm.id);
      assert.equal(repeated.count, 2);
      assert.equal(repeated.lastValue, 3.6);
      assert.equal(repeated.lastSeenAt, new Date(k.clock.now).toISOString());

      k.advance(30);
      const acked = await k.service.alarms.acknowledge(dutyOfficer, alarm.id, '已通知排水公司到场处置');
      assert.equal(acked.status, 'acknowledged');
      assert.equal(acked.acknowledgedBy, 'u-duty-01');
      assert.equal(acked.ackComment, '已通知排水公司到场处置');

      k.advance(60);
      await k.service.handleReadings([k.reading('wl-001', 'level', 3.1)]);
      assert.equal((await k.service.alarms.get(alarm.id)).status, 'acknowledged', 'hysteresis holds it at 3.1');

      k.advance(60);
      const cleared = await k.service.handleReadings([k.reading('wl-001', 'level', 2.95)]);
      assert.equal(cleared.cleared, 1);
      const done = await k.service.alarms.get(alarm.id);
      assert.equal(done.status, 'cleared');
      assert.equal(done.acknowledged, true);
      assert.equal(done.clearReason, 'recovered');
      assert.equal(done.clearedAt, new Date(k.clock.now).toISOString());
      assert.deepEqual(
        done.history.map((h) => `${h.action}:${h.by}`),
        ['raised:system', 'repeated:system', 'acknowledged:u-duty-01', 'cleared:system'],
      );
      assert.equal(done.history[2]!.comment, '已通知排水公司到场处置');

      await assert.rejects(k.service.alarms.acknowledge(dutyOfficer, alarm.id, 'again'), (e) => isDomainError(e, 'conflict'));

      page = await k.service.alarms.list({ ruleId: rule.id, status: 'open' });
      assert.equal(page.total, 0);
    });

    it('puts raised and cleared events in the outbox with the alarm, rule, device and place', async () => {
      const rule = await k.service.create(dutyOfficer, {
        name: '积水深度超限',
        deviceType: 'WaterLevel',
        property: 'depth',
        operator: '>=',
        threshold: 0.15,
        severity: 'red',
      });
      const before = (await k.outbox('sensing.alarm.')).length;
      const raisedAt = new Date(k.clock.now).toISOString();
      await k.service.handleReadings([k.reading('wl-002', 'depth', 0.2)]);
      k.advance(120);
      await k.service.handleReadings([k.reading('wl-002', 'depth', 0.05)]);
      const events = (await k.outbox('sensing.alarm.')).slice(before);
      assert.deepEqual(
        events.map((e) => e.name),
        ['sensing.alarm.raised.v1', 'sensing.alarm.cleared.v1'],
      );
      const [raised, cleared] = events.map((e) => e.payload);
      assert.equal(typeof raised.alarmId, 'string');
      assert.deepEqual(
        { ...raised, alarmId: undefined },
        {
          alarmId: undefined,
          ruleId: rule.id,
          ruleName: '积水深度超限',
          deviceId: 'wl-002',
          deviceType: 'WaterLevel',
          property: 'depth',
          severity: 'red',
          perceivedSeverity: 'critical',
          location: { lon: 119.71, lat: 29.12 },
          gridCode: '330792004001001',
          raisedAt,
          value: 0.2,
          condition: 'depth >= 0.15',
        },
      );
      assert.equal(cleared.alarmId, raised.alarmId);
      assert.equal(cleared.value, 0.05);
      assert.equal(cleared.reason, 'recovered');
      assert.equal(cleared.acknowledged, false);
      assert.equal(cleared.raisedAt, raisedAt);
      assert.equal(cleared.clearedAt, new Date(k.clock.now).toISOString());

      const unacked = await k.service.alarms.get(raised.alarmId);
      assert.deepEqual([unacked.status, unacked.acknowledged], ['cleared', false], 'auto-cleared, visibly unacknowledged');
      const late = await k.service.alarms.acknowledge(dutyOfficer, raised.alarmId, '事后核实：施工排水');
      assert.deepEqual([late.status, late.acknowledged], ['cleared', true]);
      const ackEvent = (await k.outbox('sensing.alarm.acknowledged')).at(-1)!.payload;
      assert.equal(ackEvent.open, false);
      assert.equal(ackEvent.acknowledgedBy, 'u-duty-01');
    });

    it('keeps one active alarm per rule × device, across batches and concurrent batches (two nodes on PostgreSQL)', async () => {
      const rule = await k.service.create(dutyOfficer, {
        name: 'PM2.5 超标',
        deviceType: 'AirQualityObserved',
        property: 'pm25',
        operator: '>',
        threshold: 75,
        severity: 'yellow',
      });
      // SQLite is one node by design (one writer process); PostgreSQL serves several.
      const other = dialect === 'postgres' ? await k.secondNode() : k.service;
      await other.refreshIfChanged();
      k.advance(1);
      const first = k.reading('aq-001', 'pm25', 120);
      k.advance(1);
      const second = k.reading('aq-001', 'pm25', 130);
      await Promise.all([k.service.handleReadings([first]), other.handleReadings([second])]);
      for (let i = 0; i < 3; i++) {
        k.advance(60);
        await k.service.handleReadings([k.reading('aq-001', 'pm25', 100 + i)]);
      }
      const open = await k.service.alarms.list({ ruleId: rule.id });
      assert.equal(open.total, 1);
      // 5, or 4 when the later reading's node committed first and the earlier one then arrived late.
      assert.ok([4, 5].includes(open.items[0]!.count), String(open.items[0]!.count));

      // The database refuses a second open alarm for the pair even if the code ever tried.
      const row = await k.t.db.kysely
        .selectFrom('sensing_alarms')
        .selectAll()
        .where('id', '=', open.items[0]!.id)
        .executeTakeFirstOrThrow();
      await assert.rejects(
        k.t.db.kysely
          .insertInto('sensing_alarms')
          .values({ ...row, id: 'DUPLICATE' })
          .execute(),
      );
    });

    it('ignores readings older than the last one evaluated, across batches', async () => {
      const rule = await k.service.create(dutyOfficer, {
        name: '低水位',
        deviceId: 'wl-001',
        property: 'reservoir',
        operator: '<',
        threshold: 1,
        severity: 'blue',
      });
      const now = k.clock.now;
      await k.service.handleReadings([k.reading('wl-001', 'reservoir', 0.5)]);
      const late = await k.service.handleReadings([{ ...k.reading('wl-001', 'reservoir', 5), ts: new Date(now - 60_000) }]);
      assert.equal(late.ignored, 1);
      const page = await k.service.alarms.list({ ruleId: rule.id, status: 'active' });
      assert.equal(page.total, 1, 'the late high reading did not clear it');
    });

    it('waits for a sustained condition across batches and restarts the wait after a dip', async () => {
      const rule = await k.service.create(dutyOfficer, {
        name: '持续高水位',
        deviceId: 'wl-002',
        property: 'level',
        operator: '>',
        threshold: 3.2,
        durationSeconds: 600,
        severity: 'orange',
      });
      const run = async (seconds: number, value: number) => {
        k.advance(seconds);
        return k.service.handleReadings([k.reading('wl-002', 'level', value)]);
      };
      await run(0, 3.5);
      assert.equal((await run(300, 3.6)).raised, 0);
      await run(100, 3.0); // dip at 400 s
      await run(100, 3.5); // breaching again from 500 s
      assert.equal((await run(500, 3.5)).raised, 0, 'only 500 s since the dip');
      assert.equal((await run(100, 3.5)).raised, 1, '600 s since the dip');
      assert.equal((await k.service.alarms.list({ ruleId: rule.id })).total, 1);
    });

    it('does no work and writes nothing when no rule watches the readings', async () => {
      const lookups = k.devices.lookups;
      const stateRows = async () =>
        Number(
          (
            await k.t.db.kysely
              .selectFrom('sensing_rule_state')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirst()
          )?.n,
        );
      const rows = await stateRows();
      const r = await k.service.handleReadings([k.reading('aq-001', 'no2', 40), k.reading('wl-001', 'battery', 3.7)]);
      assert.deepEqual(r, { pairs: 0, raised: 0, repeated: 0, cleared: 0, ignored: 0 });
      assert.equal(k.devices.lookups, lookups, 'not even a device lookup');
      assert.equal(await stateRows(), rows);
    });

    it('writes an audit record for every rule change, raise, acknowledgement and clear, and the chain verifies', async () => {
      const records = await k.audit.list({ action: 'sensing.*', limit: 1000 });
      const actions = new Set(records.map((r) => r.action));
      for (const a of ['sensing.rule.created', 'sensing.alarm.raised', 'sensing.alarm.acknowledged', 'sensing.alarm.cleared']) {
        assert.ok(actions.has(a), a);
      }
      const ack = records.find((r) => r.action === 'sensing.alarm.acknowledged')!;
      assert.equal(ack.actor, 'u-duty-01');
      assert.match(ack.target, /^alarm:/);
      assert.equal(records.find((r) => r.action === 'sensing.alarm.raised')!.actor, 'system');
      assert.ok(!actions.has('sensing.alarm.repeated'), 'repeats are counted on the alarm, not audited');
      assert.deepEqual(await k.audit.verify(), { ok: true, records: (await k.audit.list({ limit: 10_000 })).length });
    });

    it('lists alarms newest first with filters and an opaque cursor', async () => {
      const all = await k.service.alarms.list({});
      assert.ok(all.total >= 4);
      const first = await k.service.alarms.list({ limit: 2 });
      assert.equal(first.items.length, 2);
      assert.ok(first.items[0]!.id > first.items[1]!.id);
      const second = await k.service.alarms.list({ limit: 2, cursor: first.next! });
      assert.ok(second.items[0]!.id < first.items[1]!.id);
      const red = await k.service.alarms.list({ severity: 'red' });
      assert.ok(red.items.every((a) => a.severity === 'red'));
      const device = await k.service.alarms.list({ deviceId: 'aq-001', status: 'active' });
      assert.deepEqual(
        device.items.map((a) => a.deviceId),
        ['aq-001'],
      );
      await assert.rejects(k.service.alarms.list({ cursor: 'garbage' }), (e) => isDomainError(e, 'invalid'));
      await assert.rejects(k.service.alarms.get('NOPE'), (e) => isDomainError(e, 'not_found'));
      await assert.rejects(k.service.alarms.acknowledge(dutyOfficer, 'NOPE', 'x'), (e) => isDomainError(e, 'not_found'));
      await assert.rejects(
        k.service.alarms.acknowledge(dutyOfficer, all.items[0]!.id, 'x'.repeat(501)),
        (e) => isDomainError(e, 'invalid') && e.errors[0]?.path === '/body/comment',
      );
    });
  });
});

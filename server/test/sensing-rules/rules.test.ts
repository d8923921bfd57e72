import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isDomainError } from '../../src/kernel/errors.js';
import { NODATA_JOB, type RuleInput } from '../../src/modules/sensing/rules/index.js';
import { forEachDialect } from '../helpers/dialects.js';
import { GRID_A, dutyOfficer, openRulesKit, type RulesKit } from './rules-test-kit.js';

/** The paths a DomainError('invalid') names. */
async function badFields(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (e) {
    if (isDomainError(e, 'invalid')) return e.errors.map((x) => x.path);
    throw e;
  }
  assert.fail('expected the rule to be refused');
}

forEachDialect((dialect) => {
  describe(`alarm rules (${dialect})`, () => {
    let k: RulesKit;
    before(async () => {
      k = await openRulesKit(dialect);
    });
    after(() => k.close());

    it('creates, reads, lists, changes and deletes a rule, auditing and eventing each change', async () => {
      const created = await k.service.create(dutyOfficer, {
        name: ' 水位超警戒 ',
        deviceType: 'WaterLevel',
        property: 'level',
        operator: '>',
        threshold: 3.2,
        severity: 'orange',
      });
      assert.equal(created.name, '水位超警戒');
      assert.equal(created.perceivedSeverity, 'major');
      assert.equal(created.createdBy, 'u-duty-01');
      assert.deepEqual(await k.service.get(created.id), created);
      const listed = await k.service.list({ deviceType: 'WaterLevel' });
      assert.deepEqual(
        listed.items.map((r) => r.id),
        [created.id],
      );

      const changed = await k.service.update(dutyOfficer, created.id, { severity: 'red', description: '汛期' });
      assert.equal(changed.severity, 'red');
      assert.equal(changed.revision, 2);
      const unchanged = await k.service.update(dutyOfficer, created.id, { severity: 'red' });
      assert.equal(unchanged.revision, 2, 'a change that changes nothing writes nothing');

      await k.service.delete(dutyOfficer, created.id);
      await assert.rejects(k.service.get(created.id), (e) => isDomainError(e, 'not_found'));
      await assert.rejects(k.service.delete(dutyOfficer, created.id), (e) => isDomainError(e, 'not_found'));

      const audit = await k.audit.list({ target: `rule:${created.id}`, limit: 10 });
      assert.deepEqual(
        audit.map((r) => r.action),
        ['sensing.rule.deleted', 'sensing.rule.updated', 'sensing.rule.created'],
      );
      const events = (await k.outbox('sensing.rule.changed')).map((e) => e.payload.change);
      assert.deepEqual(events, ['created', 'updated', 'deleted']);
    });

    it('refuses invalid rules naming the field', async () => {
      const base: RuleInput = { name: 'x', deviceType: 'WaterLevel', property: 'level', operator: '>', threshold: 1, severity: 'blue' };
      const { threshold: _t, ...noThreshold } = base;
      assert.deepEqual(await badFields(k.service.create(dutyOfficer, { ...noThreshold, operator: 'between' })), ['/body/range']);
      assert.deepEqual(await badFields(k.service.create(dutyOfficer, noThreshold)), ['/body/threshold']);
      assert.deepEqual(await badFields(k.service.create(dutyOfficer, { ...base, areaCode: '330791' })), [
        '/body/deviceType',
        '/body/areaCode',
      ]);
      const { deviceType: _d, ...noTarget } = base;
      assert.deepEqual(await badFields(k.service.create(dutyOfficer, { ...noTarget, deviceId: 'no-such-device' })), ['/body/deviceId']);
      const rule = await k.service.create(dutyOfficer, base);
      assert.deepEqual(await badFields(k.service.update(dutyOfficer, rule.id, { operator: 'outside' })), ['/body/range']);
      assert.equal((await k.service.list({})).total, 1, 'nothing half-written');
      await k.service.delete(dutyOfficer, rule.id);
    });

    it('clears the open alarms of a rule whose condition changes, is disabled or deleted; the alarms stay', async () => {
      const rule = await k.service.create(dutyOfficer, {
        name: '水位',
        deviceType: 'WaterLevel',
        property: 'level',
        operator: '>',
        threshold: 3,
        severity: 'orange',
      });
      const breach = async () => {
        k.advance(60);
        await k.service.handleReadings([k.reading('wl-001', 'level', 3.5), k.reading('wl-002', 'level', 3.6)]);
      };
      await breach();
      assert.equal((await k.service.alarms.list({ ruleId: rule.id, status: 'open' })).total, 2);

      await k.service.update(dutyOfficer, rule.id, { name: '水位（改名）' });
      assert.equal((await k.service.alarms.list({ ruleId: rule.id, status: 'open' })).total, 2, 'a rename keeps them');

      await k.service.update(dutyOfficer, rule.id, { threshold: 3.4 });
      let cleared = await k.service.alarms.list({ ruleId: rule.id, status: 'cleared' });
      assert.deepEqual(
        cleared.items.map((a) => a.clearReason),
        ['rule_changed', 'rule_changed'],
      );

      await breach();
      await k.service.update(dutyOfficer, rule.id, { enabled: false });
      cleared = await k.service.alarms.list({ ruleId: rule.id, status: 'cleared' });
      assert.equal(cleared.items.filter((a) => a.clearReason === 'rule_disabled').length, 2);
      await breach();
      assert.equal((await k.service.alarms.list({ ruleId: rule.id, status: 'open' })).total, 0, 'a disabled rule watches nothing');

      await k.service.update(dutyOfficer, rule.id, { enabled: true });
      await breach();
      await k.service.delete(dutyOfficer, rule.id);
      const after = await k.service.alarms.list({ ruleId: rule.id });
      assert.equal(after.total, 6);
      assert.equal(after.items.filter((a) => a.clearReason === 'rule_deleted').length, 2);
      const gone = await k.service.alarms.get(after.items[0]!.id);
      assert.equal(gone.ruleName, '水位（改名）', 'an alarm keeps its rule name after the rule is deleted');
    });

    it('area rules match by grid-code prefix', async () => {
      const rule = await k.service.create(dutyOfficer, {
        name: '一街道水位',
        areaCode: GRID_A.streetCode,
        property: 'level',
        operator: '>',
        threshold: 3,
        severity: 'yellow',
      });
      k.advance(60);
      await k.service.handleReadings([k.reading('wl-001', 'level', 4), k.reading('wl-002', 'level', 4)]);
      const open = await k.service.alarms.list({ ruleId: rule.id, status: 'open' });
      assert.deepEqual(
        open.items.map((a) => [a.deviceId, a.gridCode]),
        [['wl-001', GRID_A.gridCode]],
      );
      await k.service.delete(dutyOfficer, rule.id);
    });

    it('nodata raises on the leased tick and clears on the next reading', async () => {
      k.devices.add({ id: 'wl-003', type: 'WaterLevel', ...GRID_A, createdAt: new Date(k.clock.now) });
      const rule = await k.service.create(dutyOfficer, {
        name: '水位计失联',
        deviceId: 'wl-003',
        property: 'level',
        operator: 'nodata',
        durationSeconds: 900,
        severity: 'blue',
      });
      k.advance(60);
      await k.service.handleReadings([k.reading('wl-003', 'level', 1.2)]);
      k.advance(890);
      assert.equal(await k.jobs.runNow(NODATA_JOB), true, 'this node holds the job lease');
      assert.equal((await k.service.alarms.list({ ruleId: rule.id })).total, 0, '890 s of silence is not enough');

      k.advance(10);
      await k.jobs.runNow(NODATA_JOB);
      let page = await k.service.alarms.list({ ruleId: rule.id, status: 'active' });
      assert.equal(page.total, 1);
      assert.equal(page.items[0]!.lastValue, null);
      assert.equal(page.items[0]!.condition, 'no level for 900 s');

      k.advance(15);
      await k.jobs.runNow(NODATA_JOB);
      assert.equal((await k.service.alarms.get(page.items[0]!.id)).count, 1, 'the silence going on is not a repeat');

      k.advance(5);
      const back = await k.service.handleReadings([k.reading('wl-003', 'level', 1.3)]);
      assert.equal(back.cleared, 1);
      page = await k.service.alarms.list({ ruleId: rule.id });
      assert.deepEqual([page.items[0]!.status, page.items[0]!.clearReason, page.items[0]!.lastValue], ['cleared', 'recovered', 1.3]);
    });

    it('nodata watches devices that never reported, and clears when a device is disabled', async () => {
      const rule = await k.service.create(dutyOfficer, {
        name: '空气站失联',
        deviceType: 'AirQualityObserved',
        property: 'aqi',
        operator: 'nodata',
        durationSeconds: 3600,
        severity: 'blue',
      });
      k.advance(3599);
      await k.service.runNodataTick();
      assert.equal((await k.service.alarms.list({ ruleId: rule.id })).total, 0);
      k.advance(1);
      const tick = await k.service.runNodataTick();
      assert.equal(tick.raised, 1);
      const [alarm] = (await k.service.alarms.list({ ruleId: rule.id })).items;
      assert.equal(alarm!.deviceId, 'aq-001');
      assert.deepEqual(alarm!.location, { lon: 119.66, lat: 29.09 });

      k.devices.devices.get('aq-001')!.enabled = false;
      k.advance(15);
      await k.service.runNodataTick();
      const done = await k.service.alarms.get(alarm!.id);
      assert.deepEqual([done.status, done.clearReason], ['cleared', 'device_disabled']);
      k.devices.devices.get('aq-001')!.enabled = true;
      await k.service.delete(dutyOfficer, rule.id);
    });

    it('another node sees a new rule after its cache sync, and evaluation uses the current definition', async () => {
      const other = await k.secondNode();
      // Without start(): no timers, no job; the cache loads on demand below.
      await other.refreshIfChanged();
      const rule = await k.service.create(dutyOfficer, {
        name: '电量低',
        deviceId: 'wl-001',
        property: 'battery',
        operator: '<',
        threshold: 3.3,
        severity: 'blue',
      });
      k.advance(60);
      assert.equal((await other.handleReadings([k.reading('wl-001', 'battery', 3.1)])).pairs, 0, 'not synced yet');
      assert.equal(await other.refreshIfChanged(), true);
      assert.equal(await other.refreshIfChanged(), false);
      await k.service.update(dutyOfficer, rule.id, { threshold: 3.0 });
      k.advance(60);
      const r = await other.handleReadings([k.reading('wl-001', 'battery', 3.1)]);
      assert.deepEqual([r.pairs, r.raised], [1, 0], 'the stale cache found the rule, the stored definition (< 3.0) judged it');
    });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RuleIndex, areaCovers, ruleCoversDevice, type DevicePlace } from './rule-index.js';
import type { Rule, RuleTarget } from './rule-types.js';

let seq = 0;
function rule(target: RuleTarget, property = 'level', extra: Partial<Rule> = {}): Rule {
  const at = new Date('2026-07-01T00:00:00Z');
  return {
    id: `r${++seq}`,
    name: 'test',
    description: null,
    target,
    property,
    operator: '>',
    threshold: 3.2,
    range: null,
    durationSeconds: 0,
    clearHysteresis: 0,
    severity: 'orange',
    enabled: true,
    revision: 1,
    armedAt: at,
    createdBy: 'system',
    createdAt: at,
    updatedAt: at,
    ...extra,
  };
}

const gauge: DevicePlace = {
  id: 'wl-001',
  type: 'WaterLevel',
  gridCode: '330791001002003',
  communityCode: '330791001002',
  streetCode: '330791001',
  districtCode: '330791',
};

describe('rule matching', () => {
  it('area rules match by grid-code prefix: district, street, community and grid codes', () => {
    for (const code of ['330791', '330791001', '330791001002', '330791001002003']) assert.ok(areaCovers(code, gauge), code);
    for (const code of ['330792', '330791002', '330791001003', '330791001002004']) assert.ok(!areaCovers(code, gauge), code);
  });

  it('places a device outside every grid by its coarser codes', () => {
    const outside = { ...gauge, gridCode: null, communityCode: null, streetCode: '330791001' };
    assert.ok(areaCovers('330791', outside));
    assert.ok(areaCovers('330791001', outside));
    assert.ok(!areaCovers('330791001002', outside));
  });

  it('matches device, type and area targets', () => {
    assert.ok(ruleCoversDevice(rule({ kind: 'device', deviceId: 'wl-001' }), gauge));
    assert.ok(!ruleCoversDevice(rule({ kind: 'device', deviceId: 'wl-002' }), gauge));
    assert.ok(ruleCoversDevice(rule({ kind: 'type', deviceType: 'WaterLevel' }), gauge));
    assert.ok(!ruleCoversDevice(rule({ kind: 'type', deviceType: 'AirQualityObserved' }), gauge));
    assert.ok(ruleCoversDevice(rule({ kind: 'area', areaCode: '330791001' }), gauge));
  });
});

describe('RuleIndex', () => {
  const byDevice = rule({ kind: 'device', deviceId: 'wl-001' });
  const byType = rule({ kind: 'type', deviceType: 'WaterLevel' });
  const byArea = rule({ kind: 'area', areaCode: '330791' });
  const otherProperty = rule({ kind: 'type', deviceType: 'WaterLevel' }, 'battery');
  const disabled = rule({ kind: 'type', deviceType: 'WaterLevel' }, 'level', { enabled: false });
  const silent = rule({ kind: 'type', deviceType: 'WaterLevel' }, 'level', { operator: 'nodata', threshold: null, durationSeconds: 900 });
  const index = new RuleIndex([byDevice, byType, byArea, otherProperty, disabled, silent]);

  it('finds the rules of a reading by device, type and property, and area rules separately', () => {
    const c = index.forReading('wl-001', 'WaterLevel', 'level');
    assert.deepEqual(c.rules.map((r) => r.id).sort(), [byDevice.id, byType.id, silent.id].sort());
    assert.deepEqual(
      c.areaRules.map((r) => r.id),
      [byArea.id],
    );
  });

  it('finds nothing for a property no rule watches (the cheap path)', () => {
    const c = index.forReading('aq-001', 'AirQualityObserved', 'pm25');
    assert.equal(c.rules.length + c.areaRules.length, 0);
  });

  it('leaves disabled rules out and lists nodata rules for the tick', () => {
    assert.equal(index.size, 5);
    assert.equal(index.get(disabled.id), undefined);
    assert.deepEqual(
      index.nodataRules().map((r) => r.id),
      [silent.id],
    );
  });
});

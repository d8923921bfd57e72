import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDomainError } from '../../../kernel/errors.js';
import { mergeRulePatch, validateRuleInput, type RuleInput } from './rule-validation.js';
import type { Rule } from './rule-types.js';

const base: RuleInput = {
  name: '水位超警戒',
  deviceType: 'WaterLevel',
  property: 'level',
  operator: '>',
  threshold: 3.2,
  severity: 'orange',
};

/** The paths of the fields a call complains about. */
function badFields(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (isDomainError(e, 'invalid')) return e.errors.map((x) => x.path);
    throw e;
  }
  assert.fail('expected the input to be refused');
}

describe('validateRuleInput', () => {
  it('accepts the CONTRACT example shape and fills the defaults', () => {
    const d = validateRuleInput(base);
    assert.deepEqual(d, {
      name: '水位超警戒',
      description: null,
      target: { kind: 'type', deviceType: 'WaterLevel' },
      property: 'level',
      operator: '>',
      threshold: 3.2,
      range: null,
      durationSeconds: 0,
      clearHysteresis: 0,
      severity: 'orange',
      enabled: true,
    });
  });

  it('requires exactly one target, naming the target fields', () => {
    const { deviceType: _t, ...none } = base;
    assert.deepEqual(
      badFields(() => validateRuleInput(none)),
      ['/body/deviceId', '/body/deviceType', '/body/areaCode'],
    );
    assert.deepEqual(
      badFields(() => validateRuleInput({ ...base, deviceId: 'wl-001' })),
      ['/body/deviceId', '/body/deviceType'],
    );
  });

  it('requires threshold for comparisons and rate, and refuses a range with them', () => {
    const { threshold: _t, ...noThreshold } = base;
    assert.deepEqual(
      badFields(() => validateRuleInput(noThreshold)),
      ['/body/threshold'],
    );
    assert.deepEqual(
      badFields(() => validateRuleInput({ ...base, range: [1, 2] })),
      ['/body/range'],
    );
    assert.deepEqual(
      badFields(() => validateRuleInput({ ...noThreshold, operator: 'rate' })),
      ['/body/threshold'],
    );
  });

  it('requires range [low, high] with low < high for between and outside', () => {
    const { threshold: _t, ...noThreshold } = base;
    assert.deepEqual(
      badFields(() => validateRuleInput({ ...noThreshold, operator: 'between' })),
      ['/body/range'],
    );
    assert.deepEqual(
      badFields(() => validateRuleInput({ ...noThreshold, operator: 'outside', range: [9, 6] })),
      ['/body/range'],
    );
    assert.deepEqual(
      badFields(() => validateRuleInput({ ...noThreshold, operator: 'outside', range: [6] })),
      ['/body/range'],
    );
    assert.deepEqual(
      badFields(() => validateRuleInput({ ...base, operator: 'between', range: [1, 2] })),
      ['/body/threshold'],
    );
    assert.deepEqual(validateRuleInput({ ...noThreshold, operator: 'outside', range: [6, 9] }).range, [6, 9]);
  });

  it('requires a positive duration for nodata and refuses operands it does not use', () => {
    const { threshold: _t, ...noThreshold } = base;
    assert.deepEqual(
      badFields(() => validateRuleInput({ ...noThreshold, operator: 'nodata' })),
      ['/body/durationSeconds'],
    );
    assert.deepEqual(
      badFields(() => validateRuleInput({ ...base, operator: 'nodata', durationSeconds: 900 })),
      ['/body/threshold'],
    );
    assert.equal(validateRuleInput({ ...noThreshold, operator: 'nodata', durationSeconds: 900 }).durationSeconds, 900);
  });

  it('refuses a hysteresis that would never let the alarm clear', () => {
    const { threshold: _t, ...noThreshold } = base;
    assert.deepEqual(
      badFields(() => validateRuleInput({ ...noThreshold, operator: 'outside', range: [6, 9], clearHysteresis: 1.5 })),
      ['/body/clearHysteresis'],
    );
    assert.deepEqual(
      badFields(() => validateRuleInput({ ...base, operator: 'rate', threshold: 0.05, clearHysteresis: 0.1 })),
      ['/body/clearHysteresis'],
    );
    assert.deepEqual(
      badFields(() => validateRuleInput({ ...base, clearHysteresis: -1 })),
      ['/body/clearHysteresis'],
    );
  });

  it('names every bad field at once', () => {
    const bad = { name: ' ', areaCode: '33', property: 'a b', operator: '>', severity: 'purple' } as unknown as RuleInput;
    assert.deepEqual(badFields(() => validateRuleInput(bad)).sort(), [
      '/body/areaCode',
      '/body/name',
      '/body/property',
      '/body/severity',
      '/body/threshold',
    ]);
  });

  it('refuses a duration beyond 30 days or not whole', () => {
    assert.deepEqual(
      badFields(() => validateRuleInput({ ...base, durationSeconds: 1.5 })),
      ['/body/durationSeconds'],
    );
    assert.deepEqual(
      badFields(() => validateRuleInput({ ...base, durationSeconds: 31 * 86400 })),
      ['/body/durationSeconds'],
    );
  });
});

describe('mergeRulePatch', () => {
  const at = new Date('2026-07-01T00:00:00Z');
  const current: Rule = {
    id: 'r1',
    ...validateRuleInput(base),
    revision: 1,
    armedAt: at,
    createdBy: 'u1',
    createdAt: at,
    updatedAt: at,
  };

  it('keeps what the patch does not touch', () => {
    const d = mergeRulePatch(current, { severity: 'red' });
    assert.equal(d.severity, 'red');
    assert.equal(d.threshold, 3.2);
    assert.deepEqual(d.target, { kind: 'type', deviceType: 'WaterLevel' });
  });

  it('replaces the target when the patch names another one', () => {
    assert.deepEqual(mergeRulePatch(current, { areaCode: '330791' }).target, { kind: 'area', areaCode: '330791' });
    assert.deepEqual(
      badFields(() => mergeRulePatch(current, { deviceType: null })),
      ['/body/deviceId', '/body/deviceType', '/body/areaCode'],
    );
  });

  it('drops a carried-over threshold when the operator changes to a range, but refuses one the patch sends', () => {
    const d = mergeRulePatch(current, { operator: 'between', range: [1, 2] });
    assert.equal(d.threshold, null);
    assert.deepEqual(d.range, [1, 2]);
    assert.deepEqual(
      badFields(() => mergeRulePatch(current, { operator: 'between' })),
      ['/body/range'],
    );
    assert.deepEqual(
      badFields(() => mergeRulePatch(current, { operator: 'between', range: [1, 2], threshold: 3 })),
      ['/body/threshold'],
    );
  });

  it('lets a patch switch to nodata with a duration', () => {
    const d = mergeRulePatch(current, { operator: 'nodata', durationSeconds: 600 });
    assert.equal(d.operator, 'nodata');
    assert.equal(d.threshold, null);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  INITIAL_RULE_STATE,
  TRANSITIONS,
  evaluateReading,
  evaluateReadings,
  evaluateTick,
  type EngineReading,
  type Phase,
  type ReadingClass,
  type RuleState,
} from './rule-engine.js';
import type { RuleCondition } from './rule-types.js';

const T0 = Date.parse('2026-07-01T08:00:00+08:00');
const s = (seconds: number) => T0 + seconds * 1000;
const at = (seconds: number, value: number | string | boolean): EngineReading => ({ ts: s(seconds), value });

function cond(c: Partial<RuleCondition> & Pick<RuleCondition, 'operator'>): RuleCondition {
  return { threshold: null, range: null, durationSeconds: 0, clearHysteresis: 0, ...c };
}

/** Runs readings one by one and returns the decision kinds in order ('-' for none). */
function kinds(c: RuleCondition, readings: EngineReading[], state: RuleState = INITIAL_RULE_STATE): { trail: string[]; state: RuleState } {
  const trail: string[] = [];
  let st = state;
  for (const r of readings) {
    const step = evaluateReading(c, st, r, r.ts);
    st = step.state;
    trail.push(step.decision?.kind ?? step.ignored ?? '-');
  }
  return { trail, state: st };
}

describe('rule engine: thresholds', () => {
  const waterHigh = cond({ operator: '>', threshold: 3.2 });

  it('raises on the first breaching reading when no duration is set', () => {
    const r = evaluateReading(waterHigh, INITIAL_RULE_STATE, at(0, 3.5), s(0));
    assert.deepEqual(r.decision, { kind: 'raise', ts: s(0), value: 3.5 });
    assert.equal(r.state.active, true);
  });

  it('does not raise on a reading at the threshold of a strict > rule, but does for >=', () => {
    assert.equal(evaluateReading(waterHigh, INITIAL_RULE_STATE, at(0, 3.2), s(0)).decision, null);
    const ge = cond({ operator: '>=', threshold: 3.2 });
    assert.equal(evaluateReading(ge, INITIAL_RULE_STATE, at(0, 3.2), s(0)).decision?.kind, 'raise');
  });

  it('raises below the threshold for < and <=', () => {
    const low = cond({ operator: '<', threshold: 10 });
    assert.deepEqual(kinds(low, [at(0, 10), at(60, 9.9)]).trail, ['-', 'raise']);
    const le = cond({ operator: '<=', threshold: 10 });
    assert.deepEqual(kinds(le, [at(0, 10.1), at(60, 10)]).trail, ['-', 'raise']);
  });

  it('repeats bump the counter without a second alarm: breaching while active gives repeat, never raise', () => {
    const { trail } = kinds(waterHigh, [at(0, 3.3), at(60, 3.4), at(120, 3.9), at(180, 3.3)]);
    assert.deepEqual(trail, ['raise', 'repeat', 'repeat', 'repeat']);
  });

  it('clears when the value falls back to the threshold (no hysteresis)', () => {
    assert.deepEqual(kinds(waterHigh, [at(0, 3.3), at(60, 3.2)]).trail, ['raise', 'clear']);
  });

  it('treats booleans as 1 / 0 and ignores text values', () => {
    const tilted = cond({ operator: '>=', threshold: 1 });
    assert.deepEqual(kinds(tilted, [at(0, false), at(60, true), at(120, 'n/a'), at(180, false)]).trail, [
      '-',
      'raise',
      'not_numeric',
      'clear',
    ]);
  });
});

describe('rule engine: sustained conditions (durationSeconds)', () => {
  const sustained = cond({ operator: '>', threshold: 75, durationSeconds: 600 });

  it('raises after the duration holds, not before', () => {
    const { trail } = kinds(sustained, [at(0, 80), at(300, 90), at(599, 85), at(600, 82)]);
    assert.deepEqual(trail, ['-', '-', '-', 'raise']);
  });

  it('counts the duration from the first breaching reading, across readings', () => {
    const first = evaluateReading(sustained, INITIAL_RULE_STATE, at(120, 80), s(120));
    assert.equal(first.state.pendingSince, s(120));
    const later = evaluateReading(sustained, first.state, at(500, 80), s(500));
    assert.equal(later.state.pendingSince, s(120), 'a breach while pending keeps the original start');
  });

  it('a dip resets the pending timer', () => {
    const { trail, state } = kinds(sustained, [at(0, 80), at(300, 70), at(400, 80), at(700, 80), at(1000, 80)]);
    assert.deepEqual(trail, ['-', '-', '-', '-', 'raise'], 'the hold restarts at 400 s and completes at 1000 s');
    assert.equal(state.active, true);
  });

  it('a dip into the hysteresis band also resets the timer (the condition did not hold)', () => {
    const c = cond({ operator: '>', threshold: 75, durationSeconds: 600, clearHysteresis: 10 });
    const { trail } = kinds(c, [at(0, 80), at(300, 74), at(650, 80)]);
    assert.deepEqual(trail, ['-', '-', '-']);
  });
});

describe('rule engine: hysteresis on clear', () => {
  const c = cond({ operator: '>', threshold: 3.2, clearHysteresis: 0.2 });

  it('hysteresis holds the alarm until below low-water', () => {
    const { trail, state } = kinds(c, [at(0, 3.5), at(60, 3.1), at(120, 3.05), at(180, 3.3), at(240, 3.0)]);
    assert.deepEqual(trail, ['raise', '-', '-', 'repeat', 'clear'], 'clears only at 3.2 − 0.2 = 3.0');
    assert.equal(state.active, false);
  });

  it('clears exactly at the low-water mark despite binary rounding (3.2 − 0.1 = 3.1)', () => {
    const c2 = cond({ operator: '>', threshold: 3.2, clearHysteresis: 0.1 });
    assert.deepEqual(kinds(c2, [at(0, 3.5), at(60, 3.1)]).trail, ['raise', 'clear']);
  });

  it('works upwards for < rules', () => {
    const oxygen = cond({ operator: '<', threshold: 2, clearHysteresis: 0.5 });
    assert.deepEqual(kinds(oxygen, [at(0, 1.5), at(60, 2.2), at(120, 2.5)]).trail, ['raise', '-', 'clear']);
  });
});

describe('rule engine: out-of-order readings', () => {
  const c = cond({ operator: '>', threshold: 3.2 });

  it('out-of-order readings ignored: an older reading neither raises nor clears', () => {
    const raised = evaluateReading(c, INITIAL_RULE_STATE, at(600, 3.5), s(600));
    const late = evaluateReading(c, raised.state, at(300, 1.0), s(610));
    assert.equal(late.decision, null);
    assert.equal(late.ignored, 'out_of_order');
    assert.deepEqual(late.state, raised.state);
  });

  it('ignores a redelivered reading with the same timestamp', () => {
    const { trail } = kinds(c, [at(0, 3.5), at(0, 3.5)]);
    assert.deepEqual(trail, ['raise', 'out_of_order']);
  });

  it('evaluates a batch in timestamp order, whatever order it came in', () => {
    const ev = evaluateReadings(c, INITIAL_RULE_STATE, [at(120, 3.0), at(0, 3.5), at(60, 3.6)], s(130));
    assert.deepEqual(
      ev.decisions.map((d) => `${d.kind}@${(d.ts - T0) / 1000}`),
      ['raise@0', 'repeat@60', 'clear@120'],
    );
    assert.equal(ev.ignored, 0);
    assert.equal(ev.state.lastTs, s(120));
  });
});

describe('rule engine: rate of change', () => {
  const rising = cond({ operator: 'rate', threshold: 0.05 }); // metres per minute

  it('rate of change: raises when |Δvalue/Δminutes| exceeds the threshold, the first reading is only a baseline', () => {
    const { trail } = kinds(rising, [at(0, 2.0), at(60, 2.03), at(120, 2.1), at(180, 2.12)]);
    // 0.03/min, then 0.07/min (raise), then 0.02/min (clear)
    assert.deepEqual(trail, ['-', '-', 'raise', 'clear']);
  });

  it('counts falls as well as rises (absolute rate)', () => {
    assert.deepEqual(kinds(rising, [at(0, 3.0), at(30, 2.9)]).trail, ['-', 'raise'], '−0.1 in half a minute = 0.2/min');
  });

  it('uses the time between readings, not their count', () => {
    assert.deepEqual(kinds(rising, [at(0, 2.0), at(600, 2.4)]).trail, ['-', '-'], '0.4 over 10 min = 0.04/min');
  });

  it('holds with hysteresis until the rate falls to threshold − hysteresis', () => {
    const c = cond({ operator: 'rate', threshold: 0.05, clearHysteresis: 0.03 });
    assert.deepEqual(kinds(c, [at(0, 2.0), at(60, 2.1), at(120, 2.13), at(180, 2.14)]).trail, ['-', 'raise', '-', 'clear']);
  });
});

describe('rule engine: ranges', () => {
  it('between raises inside [low, high], bounds included', () => {
    const c = cond({ operator: 'between', range: [35, 75] });
    assert.deepEqual(kinds(c, [at(0, 20), at(60, 35), at(120, 75), at(180, 76)]).trail, ['-', 'raise', 'repeat', 'clear']);
  });

  it('outside raises beyond either bound and clears back inside', () => {
    const ph = cond({ operator: 'outside', range: [6, 9] });
    assert.deepEqual(kinds(ph, [at(0, 7), at(60, 9.5), at(120, 8), at(180, 5.5), at(240, 6)]).trail, [
      '-',
      'raise',
      'clear',
      'raise',
      'clear',
    ]);
  });

  it('outside with hysteresis clears only inside [low + h, high − h]', () => {
    const ph = cond({ operator: 'outside', range: [6, 9], clearHysteresis: 0.3 });
    assert.deepEqual(kinds(ph, [at(0, 9.5), at(60, 8.9), at(120, 8.7)]).trail, ['raise', '-', 'clear']);
  });

  it('between with hysteresis clears only beyond [low − h, high + h]', () => {
    const c = cond({ operator: 'between', range: [35, 75], clearHysteresis: 5 });
    assert.deepEqual(kinds(c, [at(0, 50), at(60, 78), at(120, 81)]).trail, ['raise', '-', 'clear']);
  });
});

describe('rule engine: nodata', () => {
  const silent = cond({ operator: 'nodata', durationSeconds: 900 });

  it('nodata raises on tick and clears on the next reading', () => {
    const heard = evaluateReading(silent, INITIAL_RULE_STATE, at(0, 3.1), s(0));
    assert.equal(heard.decision, null);
    assert.equal(evaluateTick(silent, heard.state, s(899), s(-3600)).decision, null, 'not silent long enough yet');
    const tick = evaluateTick(silent, heard.state, s(900), s(-3600));
    assert.deepEqual(tick.decision, { kind: 'raise', ts: s(900), value: null });
    const back = evaluateReading(silent, tick.state, at(1000, 3.0), s(1001));
    assert.equal(back.decision?.kind, 'clear');
    assert.equal(back.state.active, false);
  });

  it('does not bump the counter on every tick while the silence goes on', () => {
    const raised = evaluateTick(silent, INITIAL_RULE_STATE, s(2000), s(0));
    assert.equal(raised.decision?.kind, 'raise');
    assert.equal(evaluateTick(silent, raised.state, s(2015), s(0)).decision, null);
  });

  it('counts the silence of a device that never reported from when the rule was armed', () => {
    assert.equal(evaluateTick(silent, INITIAL_RULE_STATE, s(899), s(0)).decision, null);
    assert.equal(evaluateTick(silent, INITIAL_RULE_STATE, s(900), s(0)).decision?.kind, 'raise');
  });

  it('a stale backlog reading does not end the silence (it would re-raise on the next tick)', () => {
    const raised = evaluateTick(silent, INITIAL_RULE_STATE, s(3600), s(0));
    const backlog = evaluateReading(silent, raised.state, at(100, 3.0), s(3601));
    assert.equal(backlog.decision, null);
    assert.equal(backlog.state.active, true);
    assert.equal(backlog.state.lastTs, s(100));
  });

  it('any value type ends the silence, text included', () => {
    const raised = evaluateTick(silent, INITIAL_RULE_STATE, s(3600), s(0));
    assert.equal(evaluateReading(silent, raised.state, at(3600, 'ok'), s(3600)).decision?.kind, 'clear');
  });

  it('ticks never evaluate other operators', () => {
    assert.equal(evaluateTick(cond({ operator: '>', threshold: 1 }), INITIAL_RULE_STATE, s(99_999), s(0)).decision, null);
  });
});

describe('rule engine: the transition table', () => {
  it('has exactly one move for every phase and class (and both guards for breaches outside active)', () => {
    const phases: Phase[] = ['idle', 'pending', 'active'];
    const classes: ReadingClass[] = ['breach', 'band', 'normal', 'silent'];
    for (const p of phases) {
      for (const c of classes) {
        const rows = TRANSITIONS.filter((t) => t.from === p && t.on === c);
        const guarded = rows.some((r) => r.held !== undefined);
        if (guarded) {
          assert.deepEqual(rows.map((r) => r.held).sort(), [false, true], `${p} × ${c}`);
        } else {
          assert.equal(rows.length, 1, `${p} × ${c}`);
        }
      }
    }
  });

  it('only raises into active and only clears out of it', () => {
    for (const t of TRANSITIONS) {
      if (t.decision === 'raise') assert.equal(t.to, 'active');
      if (t.decision === 'clear') assert.equal(t.from, 'active');
      if (t.decision === 'repeat') assert.deepEqual([t.from, t.to], ['active', 'active']);
    }
  });
});

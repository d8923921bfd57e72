/**
 * The rule engine: pure, table-driven evaluation of one rule for one device. No IO, no clock of
 * its own: the caller passes the state it stored, the readings (or a tick) and `now`, and gets
 * back the next state and the decisions to persist (`raise`, `repeat`, `clear`).
 *
 * Two tables say everything:
 * - CLASSIFIERS turn a reading into what it means for the rule: `breach` (the raise condition
 *   holds), `normal` (the clear condition holds: past the threshold by the hysteresis), `band`
 *   (neither: between the raise and clear marks, or a stale reading for `nodata`), `silent` (a
 *   tick found no reading for the rule's duration).
 * - TRANSITIONS move the rule × device between `idle`, `pending` (breaching, waiting for the
 *   duration to pass) and `active` (an alarm is open) on those classes.
 */
import type { RuleCondition, RuleOperator } from './rule-types.js';

/** What the engine remembers per rule × device between evaluations. Instants are epoch ms. */
export interface RuleState {
  /** When the condition started to hold without a break (sustained rules), else null. */
  pendingSince: number | null;
  /** The last numeric value evaluated (the `rate` operator's previous point). */
  lastValue: number | null;
  /** Timestamp of the last reading evaluated; older readings are ignored. */
  lastTs: number | null;
  /** An alarm of this rule is open for this device. */
  active: boolean;
}

/** The state of a rule × device that has seen nothing yet. */
export const INITIAL_RULE_STATE: Readonly<RuleState> = Object.freeze({ pendingSince: null, lastValue: null, lastTs: null, active: false });

/** A reading of the rule's property. */
export interface EngineReading {
  ts: number;
  value: number | string | boolean;
}

export type DecisionKind = 'raise' | 'repeat' | 'clear';

/** One thing to persist: open an alarm, count a repeat on the open one, or clear it. */
export interface RuleDecision {
  kind: DecisionKind;
  /** The reading's timestamp, or `now` for a tick. */
  ts: number;
  /** The reading's value; null when a tick decided (`nodata`). */
  value: number | string | boolean | null;
}

/** Why a reading changed nothing. */
export type IgnoreReason = 'out_of_order' | 'not_numeric';

/** The outcome of evaluating one input. */
export interface StepResult {
  state: RuleState;
  decision: RuleDecision | null;
  ignored: IgnoreReason | null;
}

/** The outcome of evaluating several readings in timestamp order. */
export interface Evaluation {
  state: RuleState;
  decisions: RuleDecision[];
  /** Readings that changed nothing (older than the last evaluated, or not a number). */
  ignored: number;
}

/** What an input means for a rule. */
export type ReadingClass = 'breach' | 'band' | 'normal' | 'silent';

/** Where a rule × device stands. */
export type Phase = 'idle' | 'pending' | 'active';

/** A row of the transition table. `held` guards on whether the breach lasted `durationSeconds`. */
interface Transition {
  from: Phase;
  on: ReadingClass;
  held?: boolean;
  to: Phase;
  decision: DecisionKind | null;
}

/** Every move of a rule × device, in one place. */
export const TRANSITIONS: readonly Transition[] = [
  // from       on         guard          to         decision
  { from: 'idle', on: 'breach', held: true, to: 'active', decision: 'raise' }, // no duration, or a one-reading hold
  { from: 'idle', on: 'breach', held: false, to: 'pending', decision: null }, // start the hold timer
  { from: 'idle', on: 'band', to: 'idle', decision: null },
  { from: 'idle', on: 'normal', to: 'idle', decision: null },
  { from: 'idle', on: 'silent', to: 'active', decision: 'raise' }, // nodata: the silence lasted long enough
  { from: 'pending', on: 'breach', held: true, to: 'active', decision: 'raise' },
  { from: 'pending', on: 'breach', held: false, to: 'pending', decision: null },
  { from: 'pending', on: 'band', to: 'idle', decision: null }, // a dip resets the hold timer
  { from: 'pending', on: 'normal', to: 'idle', decision: null },
  { from: 'pending', on: 'silent', to: 'active', decision: 'raise' }, // (nodata never pends; kept for a total table)
  { from: 'active', on: 'breach', to: 'active', decision: 'repeat' },
  { from: 'active', on: 'band', to: 'active', decision: null }, // hysteresis holds the alarm
  { from: 'active', on: 'normal', to: 'idle', decision: 'clear' },
  { from: 'active', on: 'silent', to: 'active', decision: null }, // the silence goes on: no counter bump per tick
];

/** The phase a stored state is in. */
export function phaseOf(s: RuleState): Phase {
  if (s.active) return 'active';
  return s.pendingSince !== null ? 'pending' : 'idle';
}

/**
 * Marks are rounded to 12 significant digits so that `3.2 - 0.1` clears at a reading of 3.1, not
 * at 3.1000000000000005 (binary floating point would otherwise hold the alarm on exact values).
 */
const mark = (x: number): number => Number(x.toPrecision(12));

type Classifier = (c: RuleCondition, value: number, prev: { value: number; ts: number } | null, ts: number) => ReadingClass | null;

/** One classifier per operator: `breach`, `normal` (past the clear mark), else `band`. */
export const CLASSIFIERS: Readonly<Record<Exclude<RuleOperator, 'nodata'>, Classifier>> = {
  '>': (c, v) => (v > c.threshold! ? 'breach' : v <= mark(c.threshold! - c.clearHysteresis) ? 'normal' : 'band'),
  '>=': (c, v) => (v >= c.threshold! ? 'breach' : v < mark(c.threshold! - c.clearHysteresis) ? 'normal' : 'band'),
  '<': (c, v) => (v < c.threshold! ? 'breach' : v >= mark(c.threshold! + c.clearHysteresis) ? 'normal' : 'band'),
  '<=': (c, v) => (v <= c.threshold! ? 'breach' : v > mark(c.threshold! + c.clearHysteresis) ? 'normal' : 'band'),
  between: (c, v) => {
    const [low, high] = c.range!;
    if (v >= low && v <= high) return 'breach';
    return v < mark(low - c.clearHysteresis) || v > mark(high + c.clearHysteresis) ? 'normal' : 'band';
  },
  outside: (c, v) => {
    const [low, high] = c.range!;
    if (v < low || v > high) return 'breach';
    return v >= mark(low + c.clearHysteresis) && v <= mark(high - c.clearHysteresis) ? 'normal' : 'band';
  },
  // The first reading has no predecessor: it only becomes the baseline (null = no transition).
  rate: (c, v, prev, ts) => {
    if (!prev) return null;
    const minutes = (ts - prev.ts) / 60_000;
    const rate = Math.abs((v - prev.value) / minutes);
    return rate > c.threshold! ? 'breach' : rate <= mark(c.threshold! - c.clearHysteresis) ? 'normal' : 'band';
  },
};

/**
 * `nodata` readings: one younger than the duration ends the silence (`normal`); a stale one (a
 * device uploading its backlog) does not, or the alarm would clear and re-raise on the next tick.
 */
function classifyNodataReading(c: RuleCondition, ts: number, now: number): ReadingClass {
  return now - ts < c.durationSeconds * 1000 ? 'normal' : 'band';
}

/** Booleans count as 1 / 0 (a manhole's `tilted` flag alarms with `>= 1`); text is not evaluated. */
export function numericValue(v: number | string | boolean): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

function move(c: RuleCondition, state: RuleState, on: ReadingClass, ts: number, value: RuleDecision['value']): StepResult {
  const from = phaseOf(state);
  const pendingSince = state.pendingSince ?? ts;
  const held = ts - pendingSince >= c.durationSeconds * 1000;
  const t = TRANSITIONS.find((x) => x.from === from && x.on === on && (x.held === undefined || x.held === held));
  if (!t) throw new Error(`no transition from ${from} on ${on}`); // the table is total; this is a bug
  return {
    state: { ...state, active: t.to === 'active', pendingSince: t.to === 'pending' ? pendingSince : null },
    decision: t.decision ? { kind: t.decision, ts, value } : null,
    ignored: null,
  };
}

/**
 * Evaluates one reading. A reading not newer than the last one evaluated (late, or redelivered)
 * is ignored and leaves the state as it was.
 *
 * @example
 *   const r = evaluateReading({ operator: '>', threshold: 3.2, range: null, durationSeconds: 0, clearHysteresis: 0.2 },
 *     INITIAL_RULE_STATE, { ts: Date.parse('2026-07-01T08:00:00Z'), value: 3.5 }, Date.now());
 *   r.decision // { kind: 'raise', ts: …, value: 3.5 }
 */
export function evaluateReading(c: RuleCondition, state: RuleState, reading: EngineReading, now: number): StepResult {
  if (state.lastTs !== null && reading.ts <= state.lastTs) return { state, decision: null, ignored: 'out_of_order' };
  if (c.operator === 'nodata') {
    const next = { ...state, lastTs: reading.ts, lastValue: numericValue(reading.value) ?? state.lastValue };
    return move(c, next, classifyNodataReading(c, reading.ts, now), reading.ts, reading.value);
  }
  const v = numericValue(reading.value);
  if (v === null) return { state, decision: null, ignored: 'not_numeric' };
  const prev = state.lastValue !== null && state.lastTs !== null ? { value: state.lastValue, ts: state.lastTs } : null;
  const on = CLASSIFIERS[c.operator](c, v, prev, reading.ts);
  const next = { ...state, lastTs: reading.ts, lastValue: v };
  if (on === null) return { state: next, decision: null, ignored: null };
  return move(c, next, on, reading.ts, reading.value);
}

/** Evaluates readings in timestamp order (a batch may carry a device's backlog in any order). */
export function evaluateReadings(c: RuleCondition, state: RuleState, readings: readonly EngineReading[], now: number): Evaluation {
  const sorted = [...readings].sort((a, b) => a.ts - b.ts);
  const decisions: RuleDecision[] = [];
  let ignored = 0;
  let s = state;
  for (const r of sorted) {
    const step = evaluateReading(c, s, r, now);
    s = step.state;
    if (step.decision) decisions.push(step.decision);
    if (step.ignored) ignored++;
  }
  return { state: s, decisions, ignored };
}

/**
 * The periodic check of a `nodata` rule. `silentSince` is when the device was last heard on the
 * property — the state's `lastTs`, or for a device that never reported it the later of the rule's
 * arming and the device's registration. Other operators are evaluated by readings only.
 */
export function evaluateTick(c: RuleCondition, state: RuleState, now: number, armedSince: number): StepResult {
  if (c.operator !== 'nodata') return { state, decision: null, ignored: null };
  // A reading from before the rule was armed does not count: the rule was not watching then.
  const silentSince = Math.max(state.lastTs ?? armedSince, armedSince);
  if (now - silentSince < c.durationSeconds * 1000) return { state, decision: null, ignored: null };
  return move(c, state, 'silent', now, null);
}

/**
 * Checks a rule as the API receives it (create) or as a change would leave it (patch), naming
 * every bad field with its JSON pointer (`/body/range`). The routes' TypeBox schemas catch shapes
 * early; this function holds the rules between fields (which operand an operator needs, exactly
 * one target, a hysteresis that still lets the alarm clear) and is the one check every caller
 * — routes, seeding, tests — goes through.
 */
import { DomainError, type FieldError } from '../../../kernel/errors.js';
import {
  MAX_DURATION_SECONDS,
  OPERATOR_OPERAND,
  RULE_OPERATORS,
  SEVERITIES,
  type Rule,
  type RuleCondition,
  type RuleOperator,
  type RuleTarget,
  type Severity,
} from './rule-types.js';

/** A rule as `POST /sensing/rules` takes it (CONTRACT.md "Sensing"). */
export interface RuleInput {
  name: string;
  description?: string | null;
  deviceId?: string | null;
  deviceType?: string | null;
  areaCode?: string | null;
  property: string;
  operator: RuleOperator;
  threshold?: number | null;
  range?: number[] | null;
  durationSeconds?: number;
  clearHysteresis?: number;
  severity: Severity;
  enabled?: boolean;
}

/** A change as `PATCH /sensing/rules/{id}` takes it: any field; `null` removes an optional one. */
export type RulePatch = Partial<RuleInput>;

/** A checked, normalised rule ready to store. */
export interface RuleDraft extends RuleCondition {
  name: string;
  description: string | null;
  target: RuleTarget;
  property: string;
  severity: Severity;
  enabled: boolean;
}

const TARGET_FIELDS = ['deviceId', 'deviceType', 'areaCode'] as const;
const NAME_MAX = 100;
const DESCRIPTION_MAX = 500;
const ID_MAX = 64;
/** Property names as thing models spell them: `pm25`, `water.level`, `no2_1h`. */
const PROPERTY_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,63}$/;
/** District 6, street 9, community 12, grid 15 digits. */
const AREA_CODE_PATTERN = /^[0-9]{6,15}$/;

/** The raw fields a check looks at, and which of them the caller actually sent. */
interface Candidate {
  fields: Record<string, unknown>;
  sent: ReadonlySet<string>;
}

/**
 * Checks a new rule.
 *
 * @example validateRuleInput({ name: '水位超警戒', deviceType: 'WaterLevel', property: 'level', operator: '>', threshold: 3.2, severity: 'orange' })
 * @throws DomainError('invalid') naming every bad field
 */
export function validateRuleInput(input: RuleInput): RuleDraft {
  const fields = { ...(input as unknown as Record<string, unknown>) };
  const sent = new Set(Object.keys(fields).filter((k) => fields[k] !== undefined && fields[k] !== null));
  return check({ fields, sent });
}

/**
 * Checks what a change would make of a rule. Naming one target replaces the old one; an operand
 * the new operator does not use is dropped when it was only carried over, but refused when the
 * change sends it.
 */
export function mergeRulePatch(current: Rule, patch: RulePatch): RuleDraft {
  const p = patch as Record<string, unknown>;
  const given = (k: string) => p[k] !== undefined;
  const base: Record<string, unknown> = {
    name: current.name,
    description: current.description,
    property: current.property,
    operator: current.operator,
    threshold: current.threshold,
    range: current.range,
    durationSeconds: current.durationSeconds,
    clearHysteresis: current.clearHysteresis,
    severity: current.severity,
    enabled: current.enabled,
  };
  const t = current.target;
  const targetChanged = TARGET_FIELDS.some(given);
  for (const f of TARGET_FIELDS) base[f] = targetChanged ? (p[f] ?? null) : null;
  if (!targetChanged) {
    if (t.kind === 'device') base.deviceId = t.deviceId;
    else if (t.kind === 'type') base.deviceType = t.deviceType;
    else base.areaCode = t.areaCode;
  }
  for (const [k, v] of Object.entries(p)) if (v !== undefined && !(TARGET_FIELDS as readonly string[]).includes(k)) base[k] = v;
  const operand = OPERATOR_OPERAND[base.operator as RuleOperator];
  // Carried-over operands the (new) operator does not take are dropped; sent ones are checked.
  if (operand !== 'threshold' && !given('threshold')) base.threshold = null;
  if (operand !== 'range' && !given('range')) base.range = null;
  if (operand === 'duration' && !given('clearHysteresis')) base.clearHysteresis = 0;
  const sent = new Set(Object.keys(p).filter((k) => p[k] !== undefined && p[k] !== null));
  return check({ fields: base, sent });
}

function check({ fields: f, sent }: Candidate): RuleDraft {
  const errors: FieldError[] = [];
  const bad = (field: string, message: string) => errors.push({ path: `/body/${field}`, message });

  const name = typeof f.name === 'string' ? f.name.trim() : '';
  if (typeof f.name !== 'string') bad('name', 'is required');
  else if (name.length === 0) bad('name', 'must not be blank');
  else if (name.length > NAME_MAX) bad('name', `must be at most ${NAME_MAX} characters`);

  let description: string | null = null;
  if (f.description !== undefined && f.description !== null) {
    if (typeof f.description !== 'string') bad('description', 'must be a string');
    else if (f.description.length > DESCRIPTION_MAX) bad('description', `must be at most ${DESCRIPTION_MAX} characters`);
    else description = f.description.trim() || null;
  }

  const target = checkTarget(f, bad);

  const property = typeof f.property === 'string' ? f.property.trim() : '';
  if (typeof f.property !== 'string') bad('property', 'is required');
  else if (!PROPERTY_PATTERN.test(property)) bad('property', 'must be a property name of 1–64 letters, digits, _ . : -');

  const operator = f.operator as RuleOperator;
  const operatorOk = (RULE_OPERATORS as readonly unknown[]).includes(operator);
  if (f.operator === undefined || f.operator === null) bad('operator', 'is required');
  else if (!operatorOk) bad('operator', `must be one of ${RULE_OPERATORS.join(' ')}`);

  const severity = f.severity as Severity;
  if (f.severity === undefined || f.severity === null) bad('severity', 'is required');
  else if (!(SEVERITIES as readonly unknown[]).includes(severity)) bad('severity', `must be one of ${SEVERITIES.join(', ')}`);

  let enabled = true;
  if (f.enabled !== undefined && f.enabled !== null) {
    if (typeof f.enabled !== 'boolean') bad('enabled', 'must be true or false');
    else enabled = f.enabled;
  }

  let durationSeconds = 0;
  if (f.durationSeconds !== undefined && f.durationSeconds !== null) {
    const d = f.durationSeconds;
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d > MAX_DURATION_SECONDS) {
      bad('durationSeconds', `must be a whole number of seconds from 0 to ${MAX_DURATION_SECONDS} (30 days)`);
    } else durationSeconds = d;
  }

  let clearHysteresis = 0;
  if (f.clearHysteresis !== undefined && f.clearHysteresis !== null) {
    const h = f.clearHysteresis;
    if (typeof h !== 'number' || !Number.isFinite(h) || h < 0) bad('clearHysteresis', 'must be a number ≥ 0');
    else clearHysteresis = h;
  }

  let threshold: number | null = null;
  let range: [number, number] | null = null;
  if (operatorOk) {
    const operand = OPERATOR_OPERAND[operator];
    const present = (k: string) => f[k] !== undefined && f[k] !== null;
    if (operand === 'threshold') {
      if (!present('threshold')) bad('threshold', `is required for operator ${operator}`);
      else if (typeof f.threshold !== 'number' || !Number.isFinite(f.threshold)) bad('threshold', 'must be a number');
      else threshold = f.threshold;
      if (present('range') && sent.has('range')) bad('range', `is not used by operator ${operator}; give threshold`);
      if (threshold !== null && operator === 'rate') {
        if (threshold < 0) bad('threshold', 'must be ≥ 0: the rate is an absolute change per minute');
        else if (clearHysteresis > threshold)
          bad('clearHysteresis', `must not exceed the threshold (${threshold}), or the alarm never clears`);
      }
    } else if (operand === 'range') {
      if (!present('range')) bad('range', `is required for operator ${operator}: [low, high]`);
      else range = checkRange(f.range, bad);
      if (present('threshold') && sent.has('threshold')) bad('threshold', `is not used by operator ${operator}; give range`);
      if (range && operator === 'outside' && clearHysteresis * 2 >= range[1] - range[0]) {
        bad('clearHysteresis', `must be less than half the range width (${(range[1] - range[0]) / 2}), or the alarm never clears`);
      }
    } else {
      if (durationSeconds <= 0 && !errors.some((e) => e.path === '/body/durationSeconds')) {
        bad('durationSeconds', 'is required for operator nodata: how many seconds without a reading raise the alarm');
      }
      if (present('threshold') && sent.has('threshold')) bad('threshold', 'is not used by operator nodata');
      if (present('range') && sent.has('range')) bad('range', 'is not used by operator nodata');
      if (clearHysteresis !== 0 && sent.has('clearHysteresis')) bad('clearHysteresis', 'is not used by operator nodata');
    }
  }

  if (errors.length) throw new DomainError('invalid', `The rule is not valid: ${errors[0]!.path.slice(6)} ${errors[0]!.message}`, errors);
  return { name, description, target: target!, property, operator, threshold, range, durationSeconds, clearHysteresis, severity, enabled };
}

function checkTarget(f: Record<string, unknown>, bad: (field: string, message: string) => void): RuleTarget | null {
  const given = TARGET_FIELDS.filter((k) => f[k] !== undefined && f[k] !== null);
  if (given.length === 0) {
    for (const k of TARGET_FIELDS) bad(k, 'one of deviceId, deviceType or areaCode is required: the devices this rule watches');
    return null;
  }
  if (given.length > 1) {
    for (const k of given) bad(k, `give only one of deviceId, deviceType or areaCode (got ${given.join(', ')})`);
    return null;
  }
  const k = given[0]!;
  const v = f[k];
  if (typeof v !== 'string' || v.trim().length === 0) {
    bad(k, 'must be a non-empty string');
    return null;
  }
  const s = v.trim();
  if (k === 'areaCode') {
    if (!AREA_CODE_PATTERN.test(s)) {
      bad(k, 'must be an area code of 6 (district), 9 (street), 12 (community) or 15 (grid) digits');
      return null;
    }
    return { kind: 'area', areaCode: s };
  }
  if (s.length > ID_MAX || /\s/.test(s)) {
    bad(k, `must be at most ${ID_MAX} characters without spaces`);
    return null;
  }
  return k === 'deviceId' ? { kind: 'device', deviceId: s } : { kind: 'type', deviceType: s };
}

function checkRange(v: unknown, bad: (field: string, message: string) => void): [number, number] | null {
  if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    bad('range', 'must be two numbers [low, high]');
    return null;
  }
  const [low, high] = v as [number, number];
  if (!(low < high)) {
    bad('range', 'low must be less than high');
    return null;
  }
  return [low, high];
}

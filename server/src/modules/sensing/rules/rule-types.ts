/**
 * The vocabulary of alarm rules: operators, warning colours, what a rule is and what it targets.
 * Shared by the pure engine, the validation, the repositories and the routes.
 */

/** Comparison operators: a reading breaches when `value <op> threshold`. */
export const COMPARISON_OPERATORS = ['>', '>=', '<', '<='] as const;
/** Range operators: `between` breaches inside `[low, high]`, `outside` breaches outside it. */
export const RANGE_OPERATORS = ['between', 'outside'] as const;
/**
 * Every operator. `rate` breaches when |Δvalue / Δminutes| between consecutive readings exceeds
 * `threshold`; `nodata` breaches when the property has not been reported for `durationSeconds`.
 */
export const RULE_OPERATORS = [...COMPARISON_OPERATORS, ...RANGE_OPERATORS, 'rate', 'nodata'] as const;

export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];
export type RangeOperator = (typeof RANGE_OPERATORS)[number];
export type RuleOperator = (typeof RULE_OPERATORS)[number];

/** The four warning colours of Chinese early-warning practice, most severe first (CONTRACT.md). */
export const SEVERITIES = ['red', 'orange', 'yellow', 'blue'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What an operator needs besides the property: a threshold, a range, or only a duration. */
export type OperatorOperand = 'threshold' | 'range' | 'duration';

/** One row per operator: which operand it takes. */
export const OPERATOR_OPERAND: Readonly<Record<RuleOperator, OperatorOperand>> = {
  '>': 'threshold',
  '>=': 'threshold',
  '<': 'threshold',
  '<=': 'threshold',
  rate: 'threshold',
  between: 'range',
  outside: 'range',
  nodata: 'duration',
};

/** Longest `durationSeconds` a rule may hold (30 days): longer silences are maintenance, not alarms. */
export const MAX_DURATION_SECONDS = 30 * 24 * 3600;

/**
 * Which devices a rule watches: exactly one of a device, every device of a type, or every device
 * whose grid code starts with an area code (district 6, street 9, community 12, grid 15 digits).
 */
export type RuleTarget = { kind: 'device'; deviceId: string } | { kind: 'type'; deviceType: string } | { kind: 'area'; areaCode: string };

/** The part of a rule the engine evaluates: no names, no targets, no IO. */
export interface RuleCondition {
  operator: RuleOperator;
  /** Comparison and rate operators; null otherwise. */
  threshold: number | null;
  /** `between` and `outside`; null otherwise. */
  range: [number, number] | null;
  /** How long the condition must hold before raising (nodata: how long the silence must last). */
  durationSeconds: number;
  /** Absolute margin the value must move back past the threshold before the alarm clears. */
  clearHysteresis: number;
}

/** A stored rule as the services and routes see it. */
export interface Rule extends RuleCondition {
  id: string;
  name: string;
  description: string | null;
  target: RuleTarget;
  property: string;
  severity: Severity;
  enabled: boolean;
  /** Bumped on every change (cache freshness across nodes). */
  revision: number;
  /**
   * When the rule last started watching (created, re-enabled or its condition changed): `nodata`
   * counts the silence of a device that never reported the property from here.
   */
  armedAt: Date;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The target as the three optional API fields. */
export function targetFields(t: RuleTarget): { deviceId: string | null; deviceType: string | null; areaCode: string | null } {
  return {
    deviceId: t.kind === 'device' ? t.deviceId : null,
    deviceType: t.kind === 'type' ? t.deviceType : null,
    areaCode: t.kind === 'area' ? t.areaCode : null,
  };
}

/**
 * A short human description of a condition, stored on each alarm so its list reads without the
 * rule (which may have changed or gone since).
 *
 * @example describeCondition('level', { operator: '>', threshold: 3.2, durationSeconds: 600, ... }) // 'level > 3.2 for 600 s'
 */
export function describeCondition(property: string, c: RuleCondition): string {
  const hold = c.durationSeconds > 0 ? ` for ${c.durationSeconds} s` : '';
  switch (OPERATOR_OPERAND[c.operator]) {
    case 'threshold':
      return c.operator === 'rate' ? `|Δ${property}/min| > ${c.threshold}${hold}` : `${property} ${c.operator} ${c.threshold}${hold}`;
    case 'range':
      return `${property} ${c.operator} [${c.range![0]}, ${c.range![1]}]${hold}`;
    case 'duration':
      return `no ${property} for ${c.durationSeconds} s`;
  }
}

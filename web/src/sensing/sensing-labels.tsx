/**
 * How sensing states look everywhere: device states (and "in alarm", which the map derives from
 * open alarms), the four warning colours 红/橙/黄/蓝, alarm statuses and rule operators.
 */
import { Tag } from 'antd';
import { localName, useLocale, useT, type TranslateFn } from '../i18n/i18n.js';
import type { Alarm, DeviceState, DeviceType, RuleOperator, Severity } from './sensing-api.js';

/** A device's state on the map and in counts: the API's state, or `alarm` when it has an open alarm. */
export type MapState = DeviceState | 'alarm';
export const MAP_STATES: readonly MapState[] = ['online', 'offline', 'alarm', 'disabled'];
export const DEVICE_STATES: readonly DeviceState[] = ['online', 'offline', 'disabled'];

/** Map colours of device states (online green, offline grey, alarm red, disabled hollow). */
export const STATE_COLORS: Record<MapState, string> = {
  online: '#2e9d4a',
  offline: '#8c8c8c',
  alarm: '#e02424',
  disabled: '#bfbfbf',
};
const STATE_TAG: Record<MapState, string> = { online: 'success', offline: 'default', alarm: 'error', disabled: 'default' };

export function DeviceStateTag({ state }: { state: MapState }) {
  const t = useT();
  return (
    <Tag color={STATE_TAG[state]} data-state={state} style={state === 'disabled' ? { borderStyle: 'dashed' } : undefined}>
      {t(`sensing.state.${state}`)}
    </Tag>
  );
}

/**
 * The four warning colours of Chinese early-warning practice (GB/T 27962 colours for 红/橙/黄/蓝),
 * as strong fills with readable text.
 */
export const SEVERITY_COLORS: Record<Severity, { bg: string; fg: string }> = {
  red: { bg: '#d9261c', fg: '#fff' },
  orange: { bg: '#f27b13', fg: '#fff' },
  yellow: { bg: '#f5c400', fg: '#3a2f00' },
  blue: { bg: '#1f6fd1', fg: '#fff' },
};
export const SEVERITIES: readonly Severity[] = ['red', 'orange', 'yellow', 'blue'];

export function SeverityTag({ severity }: { severity: Severity }) {
  const t = useT();
  const c = SEVERITY_COLORS[severity];
  return (
    <Tag style={{ background: c.bg, borderColor: c.bg, color: c.fg, fontWeight: 500 }} data-severity={severity}>
      {t(`sensing.severity.${severity}`)}
    </Tag>
  );
}

export const severityOptions = (t: TranslateFn) => SEVERITIES.map((s) => ({ value: s, label: t(`sensing.severity.${s}`) }));

const ALARM_STATUS_TAG: Record<Alarm['status'], string> = { active: 'error', acknowledged: 'warning', cleared: 'success' };

export function AlarmStatusTag({ status }: { status: Alarm['status'] }) {
  const t = useT();
  return <Tag color={ALARM_STATUS_TAG[status]}>{t(`sensing.alarmStatus.${status}`)}</Tag>;
}

export const RULE_OPERATORS: readonly RuleOperator[] = ['>', '>=', '<', '<=', 'between', 'outside', 'rate', 'nodata'];

/** What an operator needs besides the property (mirrors the server's table). */
export function operandOf(op: RuleOperator): 'threshold' | 'range' | 'duration' {
  if (op === 'between' || op === 'outside') return 'range';
  if (op === 'nodata') return 'duration';
  return 'threshold';
}

export function operatorLabel(op: RuleOperator, t: TranslateFn): string {
  return t(`sensing.op.${op}`);
}

/** The type's name in the current language, or its code when unknown. */
export function useTypeName(types: readonly DeviceType[]): (code: string) => string {
  const { locale } = useLocale();
  return (code) => {
    const type = types.find((x) => x.code === code);
    return type ? localName(locale, type) : code;
  };
}

/** A value with its unit and the thing model's precision. */
export function formatValue(value: unknown, property: { unit?: string; precision?: number } | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  if (typeof value === 'number') {
    const text = property?.precision !== undefined ? value.toFixed(property.precision) : String(Math.round(value * 1000) / 1000);
    return property?.unit ? `${text} ${property.unit}` : text;
  }
  return String(value);
}

/** A thing-model property's title in the current language. */
export function localNameOf(p: { title: string; titleEn?: string; name: string }, locale: string): string {
  return locale === 'en-US' ? (p.titleEn ?? p.name) : p.title;
}

/** Labels of the portal's enumerations. */
import type { MessageKey } from '../i18n/zh-CN.js';

/** The message key of an update cycle (unknown values fall back to the raw value by the caller). */
export function cycleKey(cycle: string): MessageKey | null {
  const k = `openData.cycle.${cycle}`;
  return k.startsWith('openData.cycle.') && CYCLES.has(cycle) ? (k as MessageKey) : null;
}

/** The message key of an open type. */
export function openTypeKey(openType: string): MessageKey | null {
  return openType === 'unconditional' || openType === 'conditional' ? (`openData.openType.${openType}` as MessageKey) : null;
}

const CYCLES = new Set(['realtime', 'hourly', 'daily', 'weekly', 'monthly', 'quarterly', 'half_yearly', 'yearly', 'irregular']);

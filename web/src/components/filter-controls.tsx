/**
 * Toolbar controls bound to one input of a list screen's filter (`useFilterInputs`): each reads
 * its value by name, writes it back, and can be cleared.
 *
 * @example
 *   <FilterSelect inputs={inputs} name="status" placeholder={t('users.filter.status')} options={statusOptions(STATUSES, t)} />
 */
import { Input, Select } from 'antd';
import type { TranslateFn } from '../i18n/i18n.js';
import type { FilterInputs } from '../lib/use-filter-inputs.js';
import type { StatusTagProps } from './status-tag.js';

export interface FilterSelectProps<F, K extends keyof F> {
  inputs: FilterInputs<F>;
  name: K;
  placeholder: string;
  options: Array<{ value: NonNullable<F[K]>; label: string }>;
  /** Typing narrows the options by their label (long lists). */
  searchable?: boolean;
  width?: number;
}

/** A clearable choice of one value. */
export function FilterSelect<F, K extends keyof F>({
  inputs,
  name,
  placeholder,
  options,
  searchable,
  width = 120,
}: FilterSelectProps<F, K>) {
  return (
    <Select
      allowClear
      showSearch={searchable ? { optionFilterProp: 'label' } : undefined}
      placeholder={placeholder}
      value={inputs.values[name]}
      onChange={inputs.set(name)}
      options={options}
      style={{ width }}
    />
  );
}

export interface FilterTextProps<K extends string, F extends Record<K, string>> {
  inputs: FilterInputs<F>;
  name: K;
  placeholder: string;
  width: number;
}

/** A clearable text input (the screen debounces what it sends). */
export function FilterText<K extends string, F extends Record<K, string>>({ inputs, name, placeholder, width }: FilterTextProps<K, F>) {
  return (
    <Input
      allowClear
      placeholder={placeholder}
      value={inputs.values[name]}
      onChange={(e) => inputs.set(name)(e.target.value as F[K])}
      style={{ width }}
    />
  );
}

/** Options of a status filter, labelled like the status tags. */
export function statusOptions<S extends StatusTagProps['status']>(
  statuses: readonly S[],
  t: TranslateFn,
): Array<{ value: S; label: string }> {
  return statuses.map((s) => ({ value: s, label: t(`status.${s}`) }));
}

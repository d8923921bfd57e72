/**
 * The inputs of a list screen's filters as one state: each control reads `values` and writes
 * through `set(key)`, and "reset" puts every one back at once.
 *
 * @example
 *   const inputs = useFilterInputs<{ q: string; status?: 'active' | 'disabled' }>({ q: '' });
 *   <Select value={inputs.values.status} onChange={inputs.set('status')} />
 *   <Button onClick={inputs.reset}>Reset</Button>
 */
import { useCallback, useState } from 'react';

export interface FilterInputs<F> {
  values: F;
  /** A setter for one input, for an `onChange`. */
  set: <K extends keyof F>(key: K) => (value: F[K]) => void;
  /** Every input back to where it started. */
  reset: () => void;
}

export function useFilterInputs<F extends object>(initial: F): FilterInputs<F> {
  // `initial` is a fresh literal every render; the first one is where reset goes back to.
  const [start] = useState(initial);
  const [values, setValues] = useState(start);
  const set = useCallback(
    <K extends keyof F>(key: K) =>
      (value: F[K]) =>
        setValues((v) => ({ ...v, [key]: value })),
    [],
  );
  const reset = useCallback(() => setValues(start), [start]);
  return { values, set, reset };
}

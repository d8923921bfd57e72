/**
 * Put the server's per-field errors (`problem.errors[].path`) onto the matching antd form fields;
 * whatever names no field of the form is returned so the form can show it above the buttons.
 */
import type { FormInstance } from 'antd';
import { ApiError } from '../api/client.js';

/** `/username`, `body/username`, `username`, `/roles/0` → the form field it names. */
export function fieldOfPath(path: string): string {
  const segments = path.split(/[/.]/).filter((s) => s && s !== 'body' && !/^\d+$/.test(s));
  return segments[segments.length - 1] ?? '';
}

/**
 * Apply an API error to a form; `localize` may replace a server message by a translated one. Returns the messages that matched no field (empty when every
 * error was shown on a field, or when the error had no field list).
 */
export function applyFieldErrors(
  form: FormInstance,
  err: unknown,
  fields: readonly string[],
  localize?: (field: string, message: string) => string | undefined,
): string[] {
  if (!(err instanceof ApiError) || err.errors.length === 0) return [];
  const byField = new Map<string, string[]>();
  const unmatched: string[] = [];
  for (const { path, message } of err.errors) {
    const field = fieldOfPath(path);
    // The server speaks English; screens translate the messages they know.
    const text = localize?.(field, message) ?? message;
    if (fields.includes(field)) byField.set(field, [...(byField.get(field) ?? []), text]);
    else unmatched.push(path ? `${path}: ${message}` : message);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return unmatched;
}

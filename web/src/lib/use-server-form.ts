/**
 * An antd form that saves through the API: validates, tracks `saving`, and on failure puts the
 * server's field errors (`problem.errors[].path`) on their fields and everything else into
 * `error`, one sentence that says what went wrong and what to do.
 *
 * @example
 *   const server = useServerForm<Values>({ fields: ['name', 'phone'] });
 *   const save = () => server.submit(async (values) => { await orgApi.createDepartment(toBody(values)); onSaved(); });
 *   <FormDrawer form={server} onSubmit={save} …>…</FormDrawer>
 */
import { useCallback, useState } from 'react';
import { Form, type FormInstance } from 'antd';
import { ApiError } from '../api/client.js';
import { useT, type TranslateFn } from '../i18n/i18n.js';
import { describeError } from './describe-error.js';
import { applyFieldErrors } from './form-errors.js';

export interface ServerFormOptions<V> {
  /** The form's fields that a server error may name. */
  fields: readonly string[];
  /** A translated message for a field, replacing the server's English one. */
  localize?: (field: string, message: string) => string | undefined;
  /** A 409 without field errors means this field's value is taken (a username or code on creation). */
  conflict?: { field: keyof V & string; message: string };
}

export interface ServerForm<V> {
  form: FormInstance<V>;
  saving: boolean;
  /** What failed beyond the fields, or null. */
  error: string | null;
  /** Validate, then run `save` with the values; failures land on the fields and in `error`. */
  submit: (save: (values: V) => Promise<void>) => Promise<void>;
  /** Clear the fields and the error, then fill in `values` (an edited record) when given. */
  reset: (values?: Parameters<FormInstance<V>['setFieldsValue']>[0]) => void;
}

/** The sentence above the fields for an error, after its field errors went onto the fields. */
function formErrorText(err: unknown, unmatched: string[], t: TranslateFn): string {
  if (err instanceof ApiError && err.errors.length > 0 && unmatched.length === 0) return t('form.fixFields');
  const d = describeError(err, t);
  return [d.message, ...unmatched, d.hint].join(' ');
}

export function useServerForm<V>({ fields, localize, conflict }: ServerFormOptions<V>): ServerForm<V> {
  const t = useT();
  const [form] = Form.useForm<V>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (save: (values: V) => Promise<void>) => {
    let values: V;
    try {
      values = await form.validateFields();
    } catch {
      return; // antd shows the messages on the fields
    }
    setSaving(true);
    setError(null);
    try {
      await save(values);
    } catch (err) {
      // Field names are strings here, which antd's typed name paths cannot follow.
      const fieldsOf: FormInstance = form;
      const unmatched = applyFieldErrors(fieldsOf, err, fields, localize);
      if (conflict && err instanceof ApiError && err.status === 409 && err.errors.length === 0) {
        fieldsOf.setFields([{ name: conflict.field, errors: [conflict.message] }]);
      } else {
        setError(formErrorText(err, unmatched, t));
      }
    } finally {
      setSaving(false);
    }
  };

  const reset = useCallback<ServerForm<V>['reset']>(
    (values) => {
      setError(null);
      form.resetFields();
      if (values) form.setFieldsValue(values);
    },
    [form],
  );

  return { form, saving, error, submit, reset };
}

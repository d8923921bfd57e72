/**
 * The drawer that creates or edits one record: its form, the error that is not about one field
 * above it, and Cancel / Create (or Save) at the bottom. Pair it with `useServerForm`.
 */
import type { ReactNode } from 'react';
import { Alert, Button, Drawer, Form, Space } from 'antd';
import { useT } from '../i18n/i18n.js';
import type { ServerForm } from '../lib/use-server-form.js';

export interface FormDrawerProps<V> {
  open: boolean;
  onClose: () => void;
  title: string;
  /** Creating a record (the button says Create) or editing one (Save). */
  creating: boolean;
  form: ServerForm<V>;
  onSubmit: () => void;
  /** data-testid of the submit button. */
  submitTestId: string;
  /** The form's items. */
  children: ReactNode;
}

export function FormDrawer<V>({ open, onClose, title, creating, form, onSubmit, submitTestId, children }: FormDrawerProps<V>) {
  const t = useT();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={480}
      title={title}
      destroyOnHidden
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={form.saving} onClick={onSubmit} data-testid={submitTestId}>
            {creating ? t('common.create') : t('common.save')}
          </Button>
        </Space>
      }
    >
      {form.error && <Alert type="error" showIcon title={form.error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form form={form.form} layout="vertical" requiredMark="optional" disabled={form.saving}>
        {children}
      </Form>
    </Drawer>
  );
}

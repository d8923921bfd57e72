/**
 * Change one's own password. `forced` when an administrator reset it (mustChangePassword): the
 * dialog cannot be dismissed until a new password is set.
 */
import { useState } from 'react';
import { Alert, App, Form, Input, Modal } from 'antd';
import { authApi } from '../api/endpoints.js';
import { ApiError } from '../api/client.js';
import { useAuth } from '../auth/auth-context.js';
import { useT } from '../i18n/i18n.js';
import { describeError } from '../lib/describe-error.js';
import { applyFieldErrors } from '../lib/form-errors.js';
import { meetsPasswordRule } from '../lib/password-rule.js';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

const FIELDS = ['currentPassword', 'newPassword', 'confirm'] as const;

export function ChangePasswordModal({ open, forced, onClose }: { open: boolean; forced: boolean; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const { refresh } = useAuth();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const values = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      await authApi.changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      message.success(t('password.changed'));
      form.resetFields();
      await refresh();
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.errors.length > 0) {
        const rest = applyFieldErrors(form, err, FIELDS, (field, msg) => {
          if (field === 'currentPassword') return t('password.wrongCurrent');
          if (field === 'newPassword') return /differ/.test(msg) ? t('password.mustDiffer') : t('password.rule');
          return undefined;
        });
        setError(rest.length ? rest.join('; ') : null);
      } else if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
        form.setFields([{ name: 'currentPassword', errors: [t('password.wrongCurrent')] }]);
      } else {
        const d = describeError(err, t);
        setError(`${d.message} ${d.hint}`);
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('password.title')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={forced ? undefined : onClose}
      closable={!forced}
      mask={{ closable: !forced }}
      keyboard={!forced}
      cancelButtonProps={{ style: forced ? { display: 'none' } : undefined }}
      confirmLoading={saving}
      destroyOnHidden
    >
      {forced && <Alert type="warning" showIcon title={t('password.forced')} style={{ marginBottom: 16 }} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item
          name="currentPassword"
          label={t('password.current')}
          rules={[{ required: true, message: t('password.current.required') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          extra={t('password.rule')}
          rules={[
            { required: true, message: t('password.new.required') },
            { validator: async (_, v: string) => (!v || meetsPasswordRule(v) ? undefined : Promise.reject(new Error(t('password.rule')))) },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('password.confirm.required') },
            ({ getFieldValue }) => ({
              validator: async (_, v: string) =>
                !v || v === getFieldValue('newPassword') ? undefined : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

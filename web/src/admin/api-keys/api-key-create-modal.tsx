/** New API key: a name and the permissions it carries, grouped by module. */
import { useMemo } from 'react';
import { Alert, Checkbox, Form, Input, Modal, Typography } from 'antd';
import { orgApi } from '../../api/endpoints.js';
import type { Permission } from '../../api/types.js';
import { localName, useLocale, useT } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/zh-CN.js';
import { useServerForm } from '../../lib/use-server-form.js';

interface Values {
  name: string;
  permissions: string[];
}

const FIELDS = ['name', 'permissions'] as const;

const MODULE_LABELS: Record<string, MessageKey> = {
  org: 'module.org',
  audit: 'module.audit',
  geo: 'module.geo',
  sensing: 'module.sensing',
  cases: 'module.cases',
  catalog: 'module.catalog',
  operations: 'module.operations',
};

export interface ApiKeyCreateModalProps {
  open: boolean;
  permissions: Permission[];
  onClose: () => void;
  onCreated: (name: string, key: string) => void;
}

export function ApiKeyCreateModal({ open, permissions, onClose, onCreated }: ApiKeyCreateModalProps) {
  const t = useT();
  const { locale } = useLocale();
  const server = useServerForm<Values>({ fields: FIELDS });
  const { form } = server;

  const groups = useMemo(() => {
    const byModule = new Map<string, Permission[]>();
    for (const p of permissions) {
      const module = p.code.split('.')[0] ?? p.code;
      byModule.set(module, [...(byModule.get(module) ?? []), p]);
    }
    return [...byModule];
  }, [permissions]);

  const save = async (values: Values) => {
    const created = await orgApi.createApiKey({ name: values.name.trim(), permissions: values.permissions });
    form.resetFields();
    onCreated(values.name.trim(), created.key);
  };

  return (
    <Modal
      open={open}
      title={t('apiKeys.create')}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => void server.submit(save)}
      onCancel={onClose}
      confirmLoading={server.saving}
      width={640}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'api-key-save' } as Record<string, string>}
    >
      {server.error && <Alert type="error" showIcon title={server.error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" requiredMark="optional" initialValues={{ permissions: [] }}>
        <Form.Item
          name="name"
          label={t('apiKeys.name')}
          extra={t('apiKeys.name.hint')}
          rules={[{ required: true, whitespace: true, message: t('form.required', { field: t('apiKeys.name') }) }, { max: 100 }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="permissions"
          label={t('apiKeys.permissions')}
          extra={t('apiKeys.permissions.hint')}
          rules={[{ required: true, type: 'array', min: 1, message: t('apiKeys.permissions.required') }]}
        >
          <Checkbox.Group style={{ display: 'block' }}>
            {groups.map(([module, items]) => (
              <div key={module} className="zc-permission-group">
                <Typography.Text strong>{MODULE_LABELS[module] ? t(MODULE_LABELS[module]) : module}</Typography.Text>
                <div className="zc-permission-items">
                  {items.map((p) => (
                    <Checkbox key={p.code} value={p.code}>
                      {localName(locale, p)} <span className="zc-mono zc-muted">{p.code}</span>
                    </Checkbox>
                  ))}
                </div>
              </div>
            ))}
          </Checkbox.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}

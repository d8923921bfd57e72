/** Create or edit a department; server field errors land on their fields. */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Drawer, Form, Input, Select, Space, TreeSelect } from 'antd';
import { ApiError } from '../../api/client.js';
import { orgApi } from '../../api/endpoints.js';
import { DEPARTMENT_KINDS, type Department, type DepartmentKind } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { describeError } from '../../lib/describe-error.js';
import { applyFieldErrors } from '../../lib/form-errors.js';
import type { UnitTreeNode } from '../../lib/unit-tree.js';

interface Values {
  code: string;
  name: string;
  kind: DepartmentKind;
  orgUnitCode: string;
  parentCode?: string | null;
  phone?: string;
}

const FIELDS = ['code', 'name', 'kind', 'orgUnitCode', 'parentCode', 'phone'] as const;

export interface DepartmentFormDrawerProps {
  department: Department | null;
  open: boolean;
  unitTree: UnitTreeNode[];
  departments: Department[];
  onClose: () => void;
  onSaved: () => void;
}

export function DepartmentFormDrawer({ department, open, unitTree, departments, onClose, onSaved }: DepartmentFormDrawerProps) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const creating = department === null;

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (department) {
      form.setFieldsValue({
        code: department.code,
        name: department.name,
        kind: department.kind,
        orgUnitCode: department.orgUnitCode,
        parentCode: department.parentCode ?? undefined,
        phone: department.phone ?? '',
      });
    }
  }, [open, department, form]);

  const submit = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    try {
      if (creating) {
        await orgApi.createDepartment({
          code: values.code.trim(),
          name: values.name.trim(),
          kind: values.kind,
          orgUnitCode: values.orgUnitCode,
          parentCode: values.parentCode || undefined,
          phone: values.phone?.trim() || undefined,
        });
        message.success(t('departments.created', { name: values.name }));
      } else {
        await orgApi.updateDepartment(department.code, {
          name: values.name.trim(),
          kind: values.kind,
          orgUnitCode: values.orgUnitCode,
          parentCode: values.parentCode || null,
          phone: values.phone?.trim() ?? '',
        });
        message.success(t('departments.saved', { name: values.name }));
      }
      onSaved();
    } catch (err) {
      const rest = applyFieldErrors(form, err, FIELDS);
      if (err instanceof ApiError && err.status === 409 && err.errors.length === 0 && creating) {
        form.setFields([{ name: 'code', errors: [t('departments.code.taken')] }]);
      } else if (err instanceof ApiError && err.errors.length > 0 && rest.length === 0) {
        setError(t('form.fixFields'));
      } else {
        const d = describeError(err, t);
        setError([d.message, ...rest, d.hint].join(' '));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={480}
      title={creating ? t('departments.create') : t('departments.edit', { name: department?.name ?? '' })}
      destroyOnHidden
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="department-save">
            {creating ? t('common.create') : t('common.save')}
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" requiredMark="optional" disabled={saving}>
        <Form.Item
          name="code"
          label={t('departments.code')}
          extra={creating ? t('departments.code.hint') : undefined}
          rules={[
            { required: true, whitespace: true, message: t('form.required', { field: t('departments.code') }) },
            { pattern: /^[A-Za-z0-9_-]{1,32}$/, message: t('departments.code.hint') },
          ]}
        >
          <Input disabled={!creating} className="zc-mono" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('departments.name')}
          rules={[{ required: true, whitespace: true, message: t('form.required', { field: t('departments.name') }) }, { max: 100 }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="kind"
          label={t('departments.kind')}
          rules={[{ required: true, message: t('form.required', { field: t('departments.kind') }) }]}
        >
          <Select options={DEPARTMENT_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
        </Form.Item>
        <Form.Item
          name="orgUnitCode"
          label={t('departments.orgUnit')}
          extra={t('departments.orgUnit.hint')}
          rules={[{ required: true, message: t('form.required', { field: t('departments.orgUnit') }) }]}
        >
          <TreeSelect
            showSearch={{ treeNodeFilterProp: 'title' }}
            treeData={unitTree}
            treeDefaultExpandedKeys={unitTree.map((n) => n.value)}
          />
        </Form.Item>
        <Form.Item name="parentCode" label={t('departments.parent')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={departments.filter((d) => d.code !== department?.code).map((d) => ({ value: d.code, label: `${d.name} · ${d.code}` }))}
          />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('departments.phone')}
          rules={[{ pattern: /^[0-9+][0-9 ()+-]{2,19}$/, message: t('users.phone.invalid') }]}
        >
          <Input autoComplete="off" inputMode="tel" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

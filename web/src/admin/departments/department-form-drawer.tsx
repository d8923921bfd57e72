/** Create or edit a department; server field errors land on their fields. */
import { useEffect } from 'react';
import { App, Form, Input, Select, TreeSelect } from 'antd';
import { orgApi } from '../../api/endpoints.js';
import type { Department, DepartmentKind } from '../../api/types.js';
import { FormDrawer } from '../../components/form-drawer.js';
import { useT } from '../../i18n/i18n.js';
import { departmentKindOptions } from '../../lib/department-kinds.js';
import type { UnitTreeNode } from '../../lib/unit-tree.js';
import { useServerForm } from '../../lib/use-server-form.js';

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
  const creating = department === null;
  const server = useServerForm<Values>({
    fields: FIELDS,
    conflict: creating ? { field: 'code', message: t('departments.code.taken') } : undefined,
  });
  const { reset } = server;

  useEffect(() => {
    if (!open) return;
    reset(
      department
        ? {
            code: department.code,
            name: department.name,
            kind: department.kind,
            orgUnitCode: department.orgUnitCode,
            parentCode: department.parentCode ?? undefined,
            phone: department.phone ?? '',
          }
        : undefined,
    );
  }, [open, department, reset]);

  const save = async (values: Values) => {
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
  };

  return (
    <FormDrawer
      open={open}
      onClose={onClose}
      title={creating ? t('departments.create') : t('departments.edit', { name: department?.name ?? '' })}
      creating={creating}
      form={server}
      onSubmit={() => void server.submit(save)}
      submitTestId="department-save"
    >
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
        <Select options={departmentKindOptions(t)} />
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
    </FormDrawer>
  );
}

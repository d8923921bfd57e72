/**
 * 分类与时限: the two-level taxonomy (大类 / 小类) with each category's responsible department,
 * time limit (working days or hours) and whether it is in use. Editing needs
 * `cases.config.write`; everybody else reads.
 */
import { useEffect, useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useUser } from '../auth/auth-context.js';
import { ErrorAlert } from '../components/error-alert.js';
import { FormDrawer } from '../components/form-drawer.js';
import { PageHead } from '../components/page-head.js';
import { useT } from '../i18n/i18n.js';
import { useAllDepartments } from '../lib/org-lookups.js';
import { hasPermission } from '../lib/permissions.js';
import { useServerForm } from '../lib/use-server-form.js';
import { casesApi, type Category, type CategoryNode } from './cases-api.js';
import { useCategories } from './cases-labels.js';
import './cases.css';

type Row = (Category | CategoryNode) & { children?: Category[] };
interface Values {
  name: string;
  departmentCode?: string | null;
  limitAmount?: number | null;
  limitUnit: 'days' | 'hours';
  enabled: boolean;
}

/** An empty setting: a 小类 inherits its 大类's, a 大类 has none (routing rules or the fallback apply). */
function Unset({ child }: { child: boolean }) {
  const t = useT();
  return <Typography.Text type="secondary">{child ? t('cases.category.inherit') : t('cases.category.unset')}</Typography.Text>;
}

export function CategoriesPage() {
  const t = useT();
  const me = useUser();
  const canWrite = hasPermission(me, 'cases.config.write');
  const categories = useCategories();
  const departments = useAllDepartments();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Row | null>(null);
  const deptName = (code: string | null) => (code ? (departments.items.find((d) => d.code === code)?.name ?? code) : null);

  const needle = q.trim();
  const rows: Row[] = categories.tree
    .map((n) => ({
      ...n,
      children: n.children.filter((c) => !needle || c.name.includes(needle) || c.code.startsWith(needle) || n.name.includes(needle)),
    }))
    .filter((n) => !needle || n.children.length > 0 || n.name.includes(needle) || n.code.startsWith(needle));

  const columns: TableColumnsType<Row> = [
    { title: t('cases.category.code'), dataIndex: 'code', render: (v: string) => <span className="zc-mono">{v}</span> },
    { title: t('cases.category.name'), dataIndex: 'name' },
    { title: t('cases.category.kind'), dataIndex: 'kind', render: (v: string) => <Tag>{t(`cases.kind.${v}` as never)}</Tag> },
    {
      title: t('cases.field.department'),
      dataIndex: 'departmentCode',
      render: (v: string | null, r) => r.departmentName ?? deptName(v) ?? <Unset child={!!r.parentCode} />,
    },
    {
      title: t('cases.field.limit'),
      dataIndex: 'limit',
      render: (v: Row['limit'], r) =>
        v ? t(v.unit === 'days' ? 'cases.limit.days' : 'cases.limit.hours', { n: v.amount }) : <Unset child={!!r.parentCode} />,
    },
    { title: t('cases.category.rules'), dataIndex: 'routingRules', render: (v: Row['routingRules']) => (v.length ? v.length : '—') },
    {
      title: t('common.status'),
      dataIndex: 'enabled',
      render: (v: boolean) => (v ? <Tag color="green">{t('status.active')}</Tag> : <Tag>{t('status.disabled')}</Tag>),
    },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, r) => (
        <Button type="link" size="small" onClick={() => setEditing(r)} data-testid={`category-edit-${r.code}`}>
          {t('common.edit')}
        </Button>
      ),
    });
  }

  return (
    <div className="zc-page" data-testid="categories-page">
      <PageHead title={t('cases.categories.title')} subtitle={t('cases.categories.subtitle')} />
      <Card>
        <div className="zc-toolbar">
          <Input.Search
            allowClear
            placeholder={t('cases.categories.search')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            style={{ width: 260 }}
          />
        </div>
        {categories.error != null && <ErrorAlert error={categories.error} onRetry={categories.reload} />}
        <Table<Row>
          rowKey="code"
          size="small"
          columns={columns}
          dataSource={rows}
          loading={categories.loading}
          pagination={false}
          // While searching, every matching group is open so its matching categories show.
          expandable={needle ? { expandedRowKeys: rows.map((r) => r.code) } : undefined}
          data-testid="categories-table"
        />
      </Card>
      <CategoryDrawer
        row={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          categories.reload();
        }}
        departments={departments.items.map((d) => ({ value: d.code, label: d.name }))}
      />
    </div>
  );
}

function CategoryDrawer({
  row,
  onClose,
  onSaved,
  departments,
}: {
  row: Row | null;
  onClose: () => void;
  onSaved: () => void;
  departments: Array<{ value: string; label: string }>;
}) {
  const t = useT();
  const { message } = App.useApp();
  const server = useServerForm<Values>({ fields: ['name', 'departmentCode', 'enabled'] });
  const { reset } = server;
  useEffect(() => {
    if (row)
      reset({
        name: row.name,
        departmentCode: row.departmentCode,
        limitAmount: row.limit?.amount ?? null,
        limitUnit: row.limit?.unit ?? 'days',
        enabled: row.enabled,
      });
  }, [row, reset]);
  const save = () =>
    server.submit(async (v) => {
      if (!row) return;
      await casesApi.updateCategory(row.code, {
        name: v.name.trim(),
        departmentCode: v.departmentCode ?? null,
        limit: v.limitAmount ? { unit: v.limitUnit, amount: v.limitAmount } : null,
        enabled: v.enabled,
      });
      message.success(t('cases.categories.saved'));
      onSaved();
    });
  return (
    <FormDrawer
      open={row !== null}
      title={row ? `${t('common.edit')} · ${row.code} ${row.name}` : ''}
      form={server}
      onClose={onClose}
      onSubmit={save}
      creating={false}
      submitTestId="category-save"
    >
      <Form.Item name="name" label={t('cases.category.name')} rules={[{ required: true, whitespace: true }, { max: 50 }]}>
        <Input data-testid="category-name" />
      </Form.Item>
      <Form.Item name="departmentCode" label={t('cases.field.department')} extra={t('cases.category.departmentHint')}>
        <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={departments} data-testid="category-department" />
      </Form.Item>
      <Form.Item label={t('cases.field.limit')} extra={t('cases.category.limitHint')}>
        <Space.Compact>
          <Form.Item name="limitAmount" noStyle>
            <InputNumber min={0.5} max={10000} style={{ width: 120 }} data-testid="category-limit" />
          </Form.Item>
          <Form.Item name="limitUnit" noStyle>
            <Select
              style={{ width: 110 }}
              options={[
                { value: 'days', label: t('cases.category.workingDays') },
                { value: 'hours', label: t('cases.category.workingHours') },
              ]}
            />
          </Form.Item>
        </Space.Compact>
      </Form.Item>
      <Form.Item name="enabled" label={t('common.status')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormDrawer>
  );
}

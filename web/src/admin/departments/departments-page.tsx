/**
 * 部门管理: search, filter by kind / org unit / status, server-side paging, create and edit,
 * disable / enable, CSV export of the whole filter.
 */
import { useMemo, useState } from 'react';
import { App, Button, Card, Input, Popconfirm, Select, Space, Table, Tooltip, TreeSelect, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { orgApi } from '../../api/endpoints.js';
import { DEPARTMENT_KINDS, type Department, type DepartmentListQuery } from '../../api/types.js';
import { useUser } from '../../auth/auth-context.js';
import { CursorPager } from '../../components/cursor-pager.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { ExportButton } from '../../components/export-button.js';
import { ListEmpty } from '../../components/list-empty.js';
import { StatusTag } from '../../components/status-tag.js';
import { useT } from '../../i18n/i18n.js';
import type { CsvColumn } from '../../lib/csv.js';
import { errorLine } from '../../lib/describe-error.js';
import { invalidateLookup, useAllDepartments, useOrgUnits } from '../../lib/org-lookups.js';
import { hasPermission } from '../../lib/permissions.js';
import { buildUnitTree } from '../../lib/unit-tree.js';
import { useCursorList } from '../../lib/use-cursor-list.js';
import { useDebounced } from '../../lib/use-debounced.js';
import { DepartmentFormDrawer } from './department-form-drawer.js';

type Filter = Omit<DepartmentListQuery, 'limit' | 'cursor'>;

export function DepartmentsPage() {
  const t = useT();
  const me = useUser();
  const { message } = App.useApp();
  const canWrite = hasPermission(me, 'org.write');
  const units = useOrgUnits();
  const unitTree = useMemo(() => buildUnitTree(units.items), [units.items]);
  const [lookupVersion, setLookupVersion] = useState(0);
  const allDepartments = useAllDepartments(lookupVersion);

  const [qInput, setQInput] = useState('');
  const q = useDebounced(qInput.trim());
  const [kind, setKind] = useState<Department['kind']>();
  const [orgUnitCode, setOrgUnitCode] = useState<string>();
  const [status, setStatus] = useState<'active' | 'disabled'>();
  const filter: Filter = useMemo(() => ({ q, kind, orgUnitCode, status }), [q, kind, orgUnitCode, status]);
  const filtered = Boolean(q || kind || orgUnitCode || status);

  const list = useCursorList((f: Filter, cursor, limit, signal) => orgApi.listDepartments({ ...f, cursor, limit }, signal), filter);
  const [editing, setEditing] = useState<Department | 'new' | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const parentName = (code: string | null) => (code ? (allDepartments.items.find((d) => d.code === code)?.name ?? code) : '—');

  const resetFilters = () => {
    setQInput('');
    setKind(undefined);
    setOrgUnitCode(undefined);
    setStatus(undefined);
  };

  const afterChange = () => {
    invalidateLookup('departments');
    setLookupVersion((v) => v + 1);
    list.reload();
  };

  const setDepartmentStatus = async (d: Department, next: 'active' | 'disabled') => {
    setBusy(d.code);
    try {
      await orgApi.updateDepartment(d.code, { status: next });
      message.success(t(next === 'active' ? 'departments.enabled' : 'departments.disabled', { name: d.name }));
      afterChange();
    } catch (err) {
      message.error(errorLine(err, t));
    } finally {
      setBusy(null);
    }
  };

  const columns: TableColumnsType<Department> = [
    { title: t('departments.code'), dataIndex: 'code', render: (v: string) => <span className="zc-mono">{v}</span> },
    { title: t('departments.name'), dataIndex: 'name' },
    { title: t('departments.kind'), dataIndex: 'kind', render: (k: Department['kind']) => t(`kind.${k}`) },
    {
      title: t('departments.orgUnit'),
      dataIndex: 'orgUnitName',
      render: (v: string | null, d) => v ?? d.orgUnitCode,
    },
    { title: t('departments.parent'), dataIndex: 'parentCode', render: (v: string | null) => parentName(v) },
    { title: t('departments.phone'), dataIndex: 'phone', render: (v: string | null) => v || '—' },
    { title: t('departments.userCount'), dataIndex: 'userCount', align: 'right' },
    { title: t('common.status'), dataIndex: 'status', render: (s: Department['status']) => <StatusTag status={s} /> },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, d) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(d)}>
            {t('common.edit')}
          </Button>
          {d.status === 'disabled' ? (
            <Popconfirm title={t('departments.enable.confirm', { name: d.name })} onConfirm={() => setDepartmentStatus(d, 'active')}>
              <Button type="link" size="small" loading={busy === d.code}>
                {t('common.enable')}
              </Button>
            </Popconfirm>
          ) : (
            <Popconfirm
              title={t('departments.disable.confirm', { name: d.name })}
              description={t('departments.disable.effect')}
              onConfirm={() => setDepartmentStatus(d, 'disabled')}
            >
              <Button type="link" size="small" danger loading={busy === d.code}>
                {t('common.disable')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    });
  }

  const csvColumns = (): CsvColumn<Department>[] => [
    { title: t('departments.code'), value: (d) => d.code },
    { title: t('departments.name'), value: (d) => d.name },
    { title: t('departments.kind'), value: (d) => t(`kind.${d.kind}`) },
    { title: t('departments.orgUnitCode'), value: (d) => d.orgUnitCode },
    { title: t('departments.orgUnit'), value: (d) => d.orgUnitName },
    { title: t('departments.parentCode'), value: (d) => d.parentCode },
    { title: t('departments.phone'), value: (d) => d.phone },
    { title: t('departments.userCount'), value: (d) => d.userCount },
    { title: t('common.status'), value: (d) => t(`status.${d.status}`) },
  ];

  return (
    <div className="zc-page" data-testid="departments-page">
      <div className="zc-page-head">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('departments.title')}
        </Typography.Title>
        <Space>
          <ExportButton
            filename="departments"
            columns={csvColumns}
            fetchPage={(cursor, limit) => orgApi.listDepartments({ ...filter, cursor, limit })}
          />
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="department-create">
              {t('departments.create')}
            </Button>
          )}
        </Space>
      </div>
      <Card>
        <div className="zc-toolbar">
          <Input.Search
            allowClear
            placeholder={t('departments.search')}
            value={qInput}
            onChange={(e) => setQInput(e.target.value)}
            style={{ width: 260 }}
            data-testid="departments-search"
          />
          <Select
            allowClear
            placeholder={t('departments.filter.kind')}
            value={kind}
            onChange={setKind}
            options={DEPARTMENT_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
            style={{ width: 150 }}
          />
          <TreeSelect
            allowClear
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={t('departments.filter.orgUnit')}
            value={orgUnitCode}
            onChange={(v: string | undefined) => setOrgUnitCode(v)}
            treeData={unitTree}
            treeDefaultExpandedKeys={unitTree.map((n) => n.value)}
            style={{ width: 240 }}
          />
          <Select
            allowClear
            placeholder={t('departments.filter.status')}
            value={status}
            onChange={setStatus}
            options={[
              { value: 'active', label: t('status.active') },
              { value: 'disabled', label: t('status.disabled') },
            ]}
            style={{ width: 120 }}
          />
          {filtered && <Button onClick={resetFilters}>{t('common.reset')}</Button>}
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />
          </Tooltip>
        </div>
        {list.error != null && <ErrorAlert error={list.error} onRetry={list.reload} style={{ marginBottom: 12 }} />}
        <Table<Department>
          rowKey="code"
          size="middle"
          columns={columns}
          dataSource={list.items}
          loading={list.loading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <ListEmpty filtered={filtered} onReset={resetFilters} what={t('departments.what')} /> }}
          data-testid="departments-table"
        />
        <CursorPager list={list} />
      </Card>
      <DepartmentFormDrawer
        department={editing === 'new' ? null : editing}
        open={editing !== null}
        unitTree={unitTree}
        departments={allDepartments.items}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          afterChange();
        }}
      />
    </div>
  );
}

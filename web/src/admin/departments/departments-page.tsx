/**
 * 部门管理: search, filter by kind / org unit / status, server-side paging, create and edit,
 * disable / enable, CSV export of the whole filter.
 */
import { useMemo, useState } from 'react';
import { App, Button, Space, TreeSelect } from 'antd';
import type { TableColumnsType } from 'antd';
import { orgApi } from '../../api/endpoints.js';
import type { Department, DepartmentListQuery } from '../../api/types.js';
import { useUser } from '../../auth/auth-context.js';
import { FilterSelect, statusOptions } from '../../components/filter-controls.js';
import { ListPage } from '../../components/list-page.js';
import { StatusTag } from '../../components/status-tag.js';
import { StatusToggle } from '../../components/status-toggle.js';
import { useT } from '../../i18n/i18n.js';
import type { CsvColumn } from '../../lib/csv.js';
import { departmentKindOptions } from '../../lib/department-kinds.js';
import { invalidateLookup, useAllDepartments, useOrgUnits } from '../../lib/org-lookups.js';
import { hasPermission } from '../../lib/permissions.js';
import { buildUnitTree } from '../../lib/unit-tree.js';
import { useCursorList } from '../../lib/use-cursor-list.js';
import { useDebounced } from '../../lib/use-debounced.js';
import { useFilterInputs } from '../../lib/use-filter-inputs.js';
import { useRowAction } from '../../lib/use-row-action.js';
import { DepartmentFormDrawer } from './department-form-drawer.js';

type Filter = Omit<DepartmentListQuery, 'limit' | 'cursor'>;
type FilterInput = Omit<Filter, 'q'> & { q: string };

const STATUSES = ['active', 'disabled'] as const;

export function DepartmentsPage() {
  const t = useT();
  const me = useUser();
  const { message } = App.useApp();
  const canWrite = hasPermission(me, 'org.write');
  const units = useOrgUnits();
  const unitTree = useMemo(() => buildUnitTree(units.items), [units.items]);
  const [lookupVersion, setLookupVersion] = useState(0);
  const allDepartments = useAllDepartments(lookupVersion);

  const inputs = useFilterInputs<FilterInput>({ q: '' });
  const { kind, orgUnitCode, status } = inputs.values;
  const q = useDebounced(inputs.values.q.trim());
  const filter: Filter = useMemo(() => ({ q, kind, orgUnitCode, status }), [q, kind, orgUnitCode, status]);

  const list = useCursorList((f: Filter, cursor, limit, signal) => orgApi.listDepartments({ ...f, cursor, limit }, signal), filter);
  const [editing, setEditing] = useState<Department | 'new' | null>(null);
  const action = useRowAction();

  const parentName = (code: string | null) => (code ? (allDepartments.items.find((d) => d.code === code)?.name ?? code) : '—');

  const afterChange = () => {
    invalidateLookup('departments');
    setLookupVersion((v) => v + 1);
    list.reload();
  };

  const setDepartmentStatus = (d: Department, next: 'active' | 'disabled') =>
    action.run(d.code, async () => {
      await orgApi.updateDepartment(d.code, { status: next });
      message.success(t(next === 'active' ? 'departments.enabled' : 'departments.disabled', { name: d.name }));
      afterChange();
    });

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
          <StatusToggle
            of="departments"
            name={d.name}
            disabled={d.status === 'disabled'}
            busy={action.busyKey === d.code}
            onChange={(next) => setDepartmentStatus(d, next)}
          />
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
    <ListPage<Department>
      testId="departments-page"
      title={t('departments.title')}
      exportCsv={{
        filename: 'departments',
        columns: csvColumns,
        fetchPage: (cursor, limit) => orgApi.listDepartments({ ...filter, cursor, limit }),
      }}
      create={canWrite ? { label: t('departments.create'), onClick: () => setEditing('new'), testId: 'department-create' } : undefined}
      search={{ placeholder: t('departments.search'), value: inputs.values.q, onChange: inputs.set('q'), testId: 'departments-search' }}
      controls={
        <>
          <FilterSelect
            inputs={inputs}
            name="kind"
            placeholder={t('departments.filter.kind')}
            options={departmentKindOptions(t)}
            width={150}
          />
          <TreeSelect
            allowClear
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={t('departments.filter.orgUnit')}
            value={orgUnitCode}
            onChange={(v: string | undefined) => inputs.set('orgUnitCode')(v)}
            treeData={unitTree}
            treeDefaultExpandedKeys={unitTree.map((n) => n.value)}
            style={{ width: 240 }}
          />
          <FilterSelect inputs={inputs} name="status" placeholder={t('departments.filter.status')} options={statusOptions(STATUSES, t)} />
        </>
      }
      filter={{ value: filter, reset: inputs.reset }}
      what={t('departments.what')}
      list={list}
      table={{ rowKey: 'code', columns, testId: 'departments-table' }}
    >
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
    </ListPage>
  );
}

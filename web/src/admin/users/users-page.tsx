/**
 * 用户管理: search, filter by role / department / status, server-side paging, create and edit,
 * disable / enable, reset password (shown once), CSV export of the whole filter (phones stay
 * masked exactly as the API returns them).
 */
import { useMemo, useState } from 'react';
import { App, Button, Popconfirm, Space, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { orgApi } from '../../api/endpoints.js';
import type { UserListQuery, UserSummary } from '../../api/types.js';
import { useUser } from '../../auth/auth-context.js';
import { FilterSelect, statusOptions } from '../../components/filter-controls.js';
import { ListPage } from '../../components/list-page.js';
import { SecretOnceModal } from '../../components/secret-once-modal.js';
import { StatusTag } from '../../components/status-tag.js';
import { StatusToggle } from '../../components/status-toggle.js';
import { localName, useLocale, useT } from '../../i18n/i18n.js';
import type { CsvColumn } from '../../lib/csv.js';
import { formatDateTime } from '../../lib/format.js';
import { roleOptions, useAllDepartments, useRoles } from '../../lib/org-lookups.js';
import { hasPermission } from '../../lib/permissions.js';
import { useCursorList } from '../../lib/use-cursor-list.js';
import { useDebounced } from '../../lib/use-debounced.js';
import { useFilterInputs } from '../../lib/use-filter-inputs.js';
import { useRowAction } from '../../lib/use-row-action.js';
import { UserFormDrawer } from './user-form-drawer.js';

type Filter = Omit<UserListQuery, 'limit' | 'cursor'>;
type FilterInput = Omit<Filter, 'q'> & { q: string };

const STATUSES = ['active', 'disabled'] as const;

export function UsersPage() {
  const t = useT();
  const { locale } = useLocale();
  const me = useUser();
  const { message } = App.useApp();
  const canWrite = hasPermission(me, 'org.users.write');
  const roles = useRoles();
  const departments = useAllDepartments();

  const inputs = useFilterInputs<FilterInput>({ q: '' });
  const { role, departmentCode, status } = inputs.values;
  const q = useDebounced(inputs.values.q.trim());
  const filter: Filter = useMemo(() => ({ q, role, departmentCode, status }), [q, role, departmentCode, status]);

  const list = useCursorList((f: Filter, cursor, limit, signal) => orgApi.listUsers({ ...f, cursor, limit }, signal), filter);

  const [editing, setEditing] = useState<UserSummary | 'new' | null>(null);
  const [secret, setSecret] = useState<{ title: string; label: string; value: string } | null>(null);
  const action = useRowAction();

  const roleName = (code: string) => {
    const r = roles.items.find((x) => x.code === code);
    return r ? localName(locale, r) : code;
  };

  const setUserStatus = (user: UserSummary, next: 'active' | 'disabled') =>
    action.run(user.id, async () => {
      await orgApi.updateUser(user.id, { status: next });
      message.success(t(next === 'active' ? 'users.enabled' : 'users.disabled', { name: user.displayName }));
      list.reload();
    });

  const resetPassword = (user: UserSummary) =>
    action.run(user.id, async () => {
      const { password } = await orgApi.resetPassword(user.id);
      setSecret({
        title: t('users.resetPassword.title'),
        label: t('users.resetPassword.label', { name: user.displayName, username: user.username }),
        value: password,
      });
      list.reload();
    });

  const columns: TableColumnsType<UserSummary> = [
    {
      title: t('users.username'),
      dataIndex: 'username',
      render: (v: string) => <span className="zc-mono">{v}</span>,
    },
    { title: t('users.displayName'), dataIndex: 'displayName' },
    { title: t('users.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
    {
      title: t('users.roles'),
      dataIndex: 'roles',
      render: (codes: string[]) => codes.map((c) => <Tag key={c}>{roleName(c)}</Tag>),
    },
    { title: t('users.department'), dataIndex: 'departmentName', render: (v: string | null) => v ?? '—' },
    { title: t('common.status'), dataIndex: 'status', render: (s: UserSummary['status']) => <StatusTag status={s} /> },
    { title: t('users.lastLoginAt'), dataIndex: 'lastLoginAt', render: (v: string | null) => formatDateTime(v, locale) },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, user) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setEditing(user)}>
            {t('common.edit')}
          </Button>
          <StatusToggle
            of="users"
            name={user.displayName}
            disabled={user.status === 'disabled'}
            busy={action.busyKey === user.id}
            cannotDisable={user.id === me.id ? t('users.disable.self') : undefined}
            onChange={(next) => setUserStatus(user, next)}
          />
          <Popconfirm
            title={t('users.resetPassword.confirm', { name: user.displayName })}
            description={t('users.resetPassword.effect')}
            onConfirm={() => resetPassword(user)}
          >
            <Button type="link" size="small">
              {t('users.resetPassword')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  const csvColumns = (): CsvColumn<UserSummary>[] => [
    { title: t('users.username'), value: (u) => u.username },
    { title: t('users.displayName'), value: (u) => u.displayName },
    { title: t('users.phone'), value: (u) => u.phone },
    { title: t('users.roles'), value: (u) => u.roles.map(roleName).join('、') },
    { title: t('users.departmentCode'), value: (u) => u.departmentCode },
    { title: t('users.department'), value: (u) => u.departmentName },
    { title: t('common.status'), value: (u) => t(`status.${u.status}`) },
    { title: t('users.lastLoginAt'), value: (u) => (u.lastLoginAt ? formatDateTime(u.lastLoginAt, locale) : '') },
    { title: t('users.createdAt'), value: (u) => formatDateTime(u.createdAt, locale) },
  ];

  return (
    <ListPage<UserSummary>
      testId="users-page"
      title={t('users.title')}
      exportCsv={{ filename: 'users', columns: csvColumns, fetchPage: (cursor, limit) => orgApi.listUsers({ ...filter, cursor, limit }) }}
      create={canWrite ? { label: t('users.create'), onClick: () => setEditing('new'), testId: 'user-create' } : undefined}
      search={{ placeholder: t('users.search'), value: inputs.values.q, onChange: inputs.set('q'), testId: 'users-search' }}
      controls={
        <>
          <FilterSelect
            inputs={inputs}
            name="role"
            placeholder={t('users.filter.role')}
            options={roleOptions(roles.items, locale)}
            width={160}
          />
          <FilterSelect
            inputs={inputs}
            name="departmentCode"
            searchable
            placeholder={t('users.filter.department')}
            options={departments.items.map((d) => ({ value: d.code, label: d.name }))}
            width={220}
          />
          <FilterSelect inputs={inputs} name="status" placeholder={t('users.filter.status')} options={statusOptions(STATUSES, t)} />
        </>
      }
      filter={{ value: filter, reset: inputs.reset }}
      what={t('users.what')}
      list={list}
      table={{ rowKey: 'id', columns, testId: 'users-table' }}
    >
      <UserFormDrawer
        user={editing === 'new' ? null : editing}
        open={editing !== null}
        onClose={() => setEditing(null)}
        onSaved={(result) => {
          setEditing(null);
          list.reload();
          if (result.password) {
            setSecret({
              title: t('users.created.title'),
              label: t('users.created.label', { name: result.user.displayName, username: result.user.username }),
              value: result.password,
            });
          }
        }}
      />
      <SecretOnceModal
        open={secret !== null}
        title={secret?.title ?? ''}
        label={secret?.label ?? ''}
        secret={secret?.value ?? ''}
        onClose={() => setSecret(null)}
      />
    </ListPage>
  );
}

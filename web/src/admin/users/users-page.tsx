/**
 * 用户管理: search, filter by role / department / status, server-side paging, create and edit,
 * disable / enable, reset password (shown once), CSV export of the whole filter (phones stay
 * masked exactly as the API returns them).
 */
import { useMemo, useState } from 'react';
import { App, Button, Card, Input, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { orgApi } from '../../api/endpoints.js';
import type { UserListQuery, UserSummary } from '../../api/types.js';
import { useUser } from '../../auth/auth-context.js';
import { CursorPager } from '../../components/cursor-pager.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { ExportButton } from '../../components/export-button.js';
import { ListEmpty } from '../../components/list-empty.js';
import { SecretOnceModal } from '../../components/secret-once-modal.js';
import { StatusTag } from '../../components/status-tag.js';
import { localName, useLocale, useT } from '../../i18n/i18n.js';
import type { CsvColumn } from '../../lib/csv.js';
import { errorLine } from '../../lib/describe-error.js';
import { formatDateTime } from '../../lib/format.js';
import { useAllDepartments, useRoles } from '../../lib/org-lookups.js';
import { hasPermission } from '../../lib/permissions.js';
import { useCursorList } from '../../lib/use-cursor-list.js';
import { useDebounced } from '../../lib/use-debounced.js';
import { UserFormDrawer } from './user-form-drawer.js';

type Filter = Omit<UserListQuery, 'limit' | 'cursor'>;

export function UsersPage() {
  const t = useT();
  const { locale } = useLocale();
  const me = useUser();
  const { message } = App.useApp();
  const canWrite = hasPermission(me, 'org.users.write');
  const roles = useRoles();
  const departments = useAllDepartments();

  const [qInput, setQInput] = useState('');
  const q = useDebounced(qInput.trim());
  const [role, setRole] = useState<string>();
  const [departmentCode, setDepartmentCode] = useState<string>();
  const [status, setStatus] = useState<'active' | 'disabled'>();
  const filter: Filter = useMemo(() => ({ q, role, departmentCode, status }), [q, role, departmentCode, status]);
  const filtered = Boolean(q || role || departmentCode || status);

  const list = useCursorList((f: Filter, cursor, limit, signal) => orgApi.listUsers({ ...f, cursor, limit }, signal), filter);

  const [editing, setEditing] = useState<UserSummary | 'new' | null>(null);
  const [secret, setSecret] = useState<{ title: string; label: string; value: string } | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const roleName = (code: string) => {
    const r = roles.items.find((x) => x.code === code);
    return r ? localName(locale, r) : code;
  };

  const resetFilters = () => {
    setQInput('');
    setRole(undefined);
    setDepartmentCode(undefined);
    setStatus(undefined);
  };

  const setUserStatus = async (user: UserSummary, next: 'active' | 'disabled') => {
    setBusyId(user.id);
    try {
      await orgApi.updateUser(user.id, { status: next });
      message.success(t(next === 'active' ? 'users.enabled' : 'users.disabled', { name: user.displayName }));
      list.reload();
    } catch (err) {
      message.error(errorLine(err, t));
    } finally {
      setBusyId(null);
    }
  };

  const resetPassword = async (user: UserSummary) => {
    setBusyId(user.id);
    try {
      const { password } = await orgApi.resetPassword(user.id);
      setSecret({
        title: t('users.resetPassword.title'),
        label: t('users.resetPassword.label', { name: user.displayName, username: user.username }),
        value: password,
      });
      list.reload();
    } catch (err) {
      message.error(errorLine(err, t));
    } finally {
      setBusyId(null);
    }
  };

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
      render: (_, user) => {
        const self = user.id === me.id;
        return (
          <Space size={0} wrap>
            <Button type="link" size="small" onClick={() => setEditing(user)}>
              {t('common.edit')}
            </Button>
            {user.status === 'disabled' ? (
              <Popconfirm title={t('users.enable.confirm', { name: user.displayName })} onConfirm={() => setUserStatus(user, 'active')}>
                <Button type="link" size="small" loading={busyId === user.id}>
                  {t('common.enable')}
                </Button>
              </Popconfirm>
            ) : (
              <Tooltip title={self ? t('users.disable.self') : undefined}>
                <Popconfirm
                  title={t('users.disable.confirm', { name: user.displayName })}
                  description={t('users.disable.effect')}
                  onConfirm={() => setUserStatus(user, 'disabled')}
                  disabled={self}
                >
                  <Button type="link" size="small" danger disabled={self} loading={busyId === user.id}>
                    {t('common.disable')}
                  </Button>
                </Popconfirm>
              </Tooltip>
            )}
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
        );
      },
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
    <div className="zc-page" data-testid="users-page">
      <div className="zc-page-head">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('users.title')}
        </Typography.Title>
        <Space>
          <ExportButton
            filename="users"
            columns={csvColumns}
            fetchPage={(cursor, limit) => orgApi.listUsers({ ...filter, cursor, limit })}
          />
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="user-create">
              {t('users.create')}
            </Button>
          )}
        </Space>
      </div>
      <Card>
        <div className="zc-toolbar">
          <Input.Search
            allowClear
            placeholder={t('users.search')}
            value={qInput}
            onChange={(e) => setQInput(e.target.value)}
            style={{ width: 260 }}
            data-testid="users-search"
          />
          <Select
            allowClear
            placeholder={t('users.filter.role')}
            value={role}
            onChange={setRole}
            options={roles.items.map((r) => ({ value: r.code, label: localName(locale, r) }))}
            style={{ width: 160 }}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('users.filter.department')}
            value={departmentCode}
            onChange={setDepartmentCode}
            options={departments.items.map((d) => ({ value: d.code, label: d.name }))}
            style={{ width: 220 }}
          />
          <Select
            allowClear
            placeholder={t('users.filter.status')}
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
        <Table<UserSummary>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.items}
          loading={list.loading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <ListEmpty filtered={filtered} onReset={resetFilters} what={t('users.what')} /> }}
          data-testid="users-table"
        />
        <CursorPager list={list} />
      </Card>

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
    </div>
  );
}

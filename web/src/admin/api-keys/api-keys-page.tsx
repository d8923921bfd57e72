/**
 * API 密钥: keys that other systems use (`Authorization: Bearer zk_…`). The list has no server
 * paging (a city has tens of keys), so search, filter and paging happen here; a created key is
 * shown once; revoking asks first because it cuts the integration off at once.
 */
import { useMemo, useState } from 'react';
import { App, Button, Card, Input, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { orgApi } from '../../api/endpoints.js';
import type { ApiKey } from '../../api/types.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { ExportButton } from '../../components/export-button.js';
import { ListEmpty } from '../../components/list-empty.js';
import { SecretOnceModal } from '../../components/secret-once-modal.js';
import { StatusTag } from '../../components/status-tag.js';
import { localName, useLocale, useT } from '../../i18n/i18n.js';
import type { CsvColumn } from '../../lib/csv.js';
import { errorLine } from '../../lib/describe-error.js';
import { formatDateTime } from '../../lib/format.js';
import { useAllUsers, usePermissions, userLabel } from '../../lib/org-lookups.js';
import { useAsync } from '../../lib/use-async.js';
import { ApiKeyCreateModal } from './api-key-create-modal.js';

type KeyStatus = 'active' | 'revoked';

export function ApiKeysPage() {
  const t = useT();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const permissions = usePermissions();
  const users = useAllUsers();
  const keys = useAsync(() => orgApi.listApiKeys().then((r) => r.items), []);
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<KeyStatus>();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const filtered = Boolean(q.trim() || status);

  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return (keys.data ?? []).filter((k) => {
      if (status && (k.revokedAt ? 'revoked' : 'active') !== status) return false;
      return !needle || k.name.toLowerCase().includes(needle) || k.prefix.toLowerCase().includes(needle);
    });
  }, [keys.data, q, status]);

  const permissionName = (code: string) => {
    const p = permissions.items.find((x) => x.code === code);
    return p ? localName(locale, p) : code;
  };

  const revoke = async (key: ApiKey) => {
    setBusy(key.id);
    try {
      await orgApi.revokeApiKey(key.id);
      message.success(t('apiKeys.revoked', { name: key.name }));
      keys.reload();
    } catch (err) {
      message.error(errorLine(err, t));
    } finally {
      setBusy(null);
    }
  };

  const resetFilters = () => {
    setQ('');
    setStatus(undefined);
  };

  const columns: TableColumnsType<ApiKey> = [
    { title: t('apiKeys.name'), dataIndex: 'name' },
    { title: t('apiKeys.prefix'), dataIndex: 'prefix', render: (v: string) => <span className="zc-mono">{v}…</span> },
    {
      title: t('apiKeys.permissions'),
      dataIndex: 'permissions',
      render: (codes: string[]) => (
        <div style={{ maxWidth: 360 }}>
          {codes.map((c) => (
            <Tag key={c} style={{ marginBottom: 4 }}>
              {permissionName(c)}
            </Tag>
          ))}
        </div>
      ),
    },
    { title: t('apiKeys.createdBy'), dataIndex: 'createdBy', render: (v: string | null) => userLabel(users.items, v) },
    { title: t('apiKeys.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, locale) },
    { title: t('apiKeys.lastUsedAt'), dataIndex: 'lastUsedAt', render: (v: string | null) => formatDateTime(v, locale) },
    {
      title: t('common.status'),
      key: 'status',
      render: (_, k) => (
        <Tooltip title={k.revokedAt ? formatDateTime(k.revokedAt, locale) : undefined}>
          <span>
            <StatusTag status={k.revokedAt ? 'revoked' : 'active'} />
          </span>
        </Tooltip>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, k) =>
        k.revokedAt ? null : (
          <Popconfirm
            title={t('apiKeys.revoke.confirm', { name: k.name })}
            description={t('apiKeys.revoke.effect')}
            okButtonProps={{ danger: true }}
            okText={t('apiKeys.revoke')}
            onConfirm={() => revoke(k)}
          >
            <Button type="link" size="small" danger loading={busy === k.id}>
              {t('apiKeys.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  const csvColumns = (): CsvColumn<ApiKey>[] => [
    { title: t('apiKeys.name'), value: (k) => k.name },
    { title: t('apiKeys.prefix'), value: (k) => k.prefix },
    { title: t('apiKeys.permissions'), value: (k) => k.permissions.join(' ') },
    { title: t('apiKeys.createdBy'), value: (k) => userLabel(users.items, k.createdBy) },
    { title: t('apiKeys.createdAt'), value: (k) => formatDateTime(k.createdAt, locale) },
    { title: t('apiKeys.lastUsedAt'), value: (k) => (k.lastUsedAt ? formatDateTime(k.lastUsedAt, locale) : '') },
    { title: t('apiKeys.revokedAt'), value: (k) => (k.revokedAt ? formatDateTime(k.revokedAt, locale) : '') },
  ];

  return (
    <div className="zc-page" data-testid="api-keys-page">
      <div className="zc-page-head">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('apiKeys.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('apiKeys.subtitle')}</Typography.Text>
        </div>
        <Space>
          <ExportButton
            filename="api-keys"
            columns={csvColumns}
            fetchPage={async () => ({ items: rows, next: null, total: rows.length })}
          />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="api-key-create">
            {t('apiKeys.create')}
          </Button>
        </Space>
      </div>
      <Card>
        <div className="zc-toolbar">
          <Input.Search
            allowClear
            placeholder={t('apiKeys.search')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            style={{ width: 260 }}
          />
          <Select
            allowClear
            placeholder={t('apiKeys.filter.status')}
            value={status}
            onChange={setStatus}
            options={[
              { value: 'active', label: t('status.active') },
              { value: 'revoked', label: t('status.revoked') },
            ]}
            style={{ width: 140 }}
          />
          {filtered && <Button onClick={resetFilters}>{t('common.reset')}</Button>}
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={keys.reload} aria-label={t('common.refresh')} />
          </Tooltip>
        </div>
        {keys.error != null && <ErrorAlert error={keys.error} onRetry={keys.reload} style={{ marginBottom: 12 }} />}
        <Table<ApiKey>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={keys.loading}
          pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => t('pager.total', { total }) }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <ListEmpty filtered={filtered} onReset={resetFilters} what={t('apiKeys.what')} /> }}
        />
      </Card>
      <ApiKeyCreateModal
        open={creating}
        permissions={permissions.items}
        onClose={() => setCreating(false)}
        onCreated={(name, key) => {
          setCreating(false);
          setCreated({ name, key });
          keys.reload();
        }}
      />
      <SecretOnceModal
        open={created !== null}
        title={t('apiKeys.created.title')}
        label={t('apiKeys.created.label', { name: created?.name ?? '' })}
        secret={created?.key ?? ''}
        onClose={() => setCreated(null)}
      />
    </div>
  );
}

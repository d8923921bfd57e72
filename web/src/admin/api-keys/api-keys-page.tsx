/**
 * API 密钥: keys that other systems use (`Authorization: Bearer zk_…`). The list has no server
 * paging (a city has tens of keys), so search, filter and paging happen here; a created key is
 * shown once; revoking asks first because it cuts the integration off at once.
 */
import { useMemo, useState } from 'react';
import { App, Button, Popconfirm, Tag, Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import { orgApi } from '../../api/endpoints.js';
import type { ApiKey } from '../../api/types.js';
import { FilterSelect, statusOptions } from '../../components/filter-controls.js';
import { ListPage } from '../../components/list-page.js';
import { SecretOnceModal } from '../../components/secret-once-modal.js';
import { StatusTag } from '../../components/status-tag.js';
import { localName, useLocale, useT } from '../../i18n/i18n.js';
import type { CsvColumn } from '../../lib/csv.js';
import { formatDateTime } from '../../lib/format.js';
import { useAllUsers, usePermissions, userLabel } from '../../lib/org-lookups.js';
import { useAsync } from '../../lib/use-async.js';
import { useFilterInputs } from '../../lib/use-filter-inputs.js';
import { useRowAction } from '../../lib/use-row-action.js';
import { ApiKeyCreateModal } from './api-key-create-modal.js';

const STATUSES = ['active', 'revoked'] as const;
type KeyStatus = (typeof STATUSES)[number];

export function ApiKeysPage() {
  const t = useT();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const permissions = usePermissions();
  const users = useAllUsers();
  const keys = useAsync(() => orgApi.listApiKeys().then((r) => r.items), []);
  const inputs = useFilterInputs<{ q: string; status?: KeyStatus }>({ q: '' });
  const { q, status } = inputs.values;
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const action = useRowAction();

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

  const revoke = (key: ApiKey) =>
    action.run(key.id, async () => {
      await orgApi.revokeApiKey(key.id);
      message.success(t('apiKeys.revoked', { name: key.name }));
      keys.reload();
    });

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
    { title: t('apiKeys.createdBy'), dataIndex: 'createdBy', render: (v: string) => userLabel(users.items, v) },
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
            <Button type="link" size="small" danger loading={action.busyKey === k.id}>
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
    <ListPage<ApiKey>
      testId="api-keys-page"
      title={t('apiKeys.title')}
      subtitle={t('apiKeys.subtitle')}
      exportCsv={{ filename: 'api-keys', columns: csvColumns, fetchPage: async () => ({ items: rows, next: null, total: rows.length }) }}
      create={{ label: t('apiKeys.create'), onClick: () => setCreating(true), testId: 'api-key-create' }}
      search={{ placeholder: t('apiKeys.search'), value: q, onChange: inputs.set('q') }}
      controls={
        <FilterSelect
          inputs={inputs}
          name="status"
          placeholder={t('apiKeys.filter.status')}
          options={statusOptions(STATUSES, t)}
          width={140}
        />
      }
      filter={{ value: { q: q.trim(), status }, reset: inputs.reset }}
      what={t('apiKeys.what')}
      list={{ items: rows, loading: keys.loading, error: keys.error, reload: keys.reload }}
      table={{ rowKey: 'id', columns }}
    >
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
    </ListPage>
  );
}

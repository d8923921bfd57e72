/**
 * 版本: every load or push is a version; the owner compares one with the current version (rows
 * added, removed, changed by key) and makes an older one current again.
 */
import { useState } from 'react';
import { App, Button, Modal, Popconfirm, Space, Table, Tabs, Tag, Typography } from 'antd';
import { ErrorAlert } from '../components/error-alert.js';
import { useLocale, useT } from '../i18n/i18n.js';
import { describeError } from '../lib/describe-error.js';
import { formatDateTime, formatNumber } from '../lib/format.js';
import { useAllUsers, userLabel } from '../lib/org-lookups.js';
import { useAsync } from '../lib/use-async.js';
import { catalogApi, type Diff, type Resource, type Version } from './catalog-api.js';

type Row = Record<string, unknown>;

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function RowsTable({ rows, fields }: { rows: Row[]; fields: string[] }) {
  return (
    <Table<Row>
      rowKey={(_, i) => String(i)}
      size="small"
      pagination={false}
      scroll={{ x: true }}
      dataSource={rows}
      columns={fields.map((f) => ({ title: f === '__side' ? '' : f, dataIndex: f, render: (v: unknown) => cell(v) }))}
    />
  );
}

function DiffView({ diff, fields }: { diff: Diff; fields: string[] }) {
  const t = useT();
  const changed = diff.changed.flatMap((c, i) => [
    { ...c.before, __side: t('catalog.versions.before'), __i: i },
    { ...c.after, __side: t('catalog.versions.after'), __i: i },
  ]);
  return (
    <Tabs
      data-testid="diff-view"
      items={[
        {
          key: 'added',
          label: t('catalog.versions.added', { count: diff.counts.added }),
          children: <RowsTable rows={diff.added} fields={fields} />,
        },
        {
          key: 'removed',
          label: t('catalog.versions.removed', { count: diff.counts.removed }),
          children: <RowsTable rows={diff.removed} fields={fields} />,
        },
        {
          key: 'changed',
          label: t('catalog.versions.changed', { count: diff.counts.changed }),
          children: <RowsTable rows={changed} fields={['__side', ...fields]} />,
        },
      ]}
    />
  );
}

export function VersionsPanel({ resource, canWrite, onChanged }: { resource: Resource; canWrite: boolean; onChanged: () => void }) {
  const t = useT();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const versions = useAsync((signal) => catalogApi.versions(resource.id, signal), [resource.id]);
  const users = useAllUsers();
  const [diff, setDiff] = useState<Diff | null>(null);
  const current = versions.data?.currentVersion ?? null;

  const compare = async (v: number) => {
    if (current === null) return;
    try {
      setDiff(await catalogApi.diff(resource.id, v, current));
    } catch (err) {
      message.error(describeError(err, t).message);
    }
  };
  const rollback = async (v: number) => {
    try {
      await catalogApi.rollback(resource.id, v);
      message.success(t('catalog.versions.rolledBack', { version: v }));
      versions.reload();
      onChanged();
    } catch (err) {
      message.error(describeError(err, t).message);
    }
  };

  if (versions.error) return <ErrorAlert error={versions.error} onRetry={versions.reload} />;
  return (
    <>
      <Table<Version>
        rowKey="version"
        size="small"
        loading={versions.loading}
        dataSource={versions.data?.items ?? []}
        pagination={false}
        data-testid="versions-table"
        columns={[
          {
            title: t('catalog.versions.version'),
            dataIndex: 'version',
            render: (v: number, r) => (
              <Space>
                v{v}
                {r.current && <Tag color="green">{t('catalog.versions.current')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (v: Version['status']) => (
              <Tag color={v === 'ready' ? 'green' : v === 'failed' ? 'red' : 'blue'}>{t(`catalog.versionStatus.${v}`)}</Tag>
            ),
          },
          { title: t('catalog.versions.source'), dataIndex: 'source' },
          { title: t('catalog.versions.rows'), dataIndex: 'rows', align: 'right', render: (v: number) => formatNumber(v, locale) },
          { title: t('catalog.load.rejectedCount'), dataIndex: 'rejected', align: 'right' },
          { title: t('catalog.versions.createdBy'), dataIndex: 'createdBy', render: (v: string) => userLabel(users.items ?? [], v) },
          { title: t('catalog.versions.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, locale) },
          ...(canWrite
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, r: Version) =>
                    r.current || r.status !== 'ready' ? null : (
                      <Space>
                        <Button size="small" onClick={() => void compare(r.version)} data-testid={`version-diff-${r.version}`}>
                          {t('catalog.versions.diff')}
                        </Button>
                        <Popconfirm
                          title={t('catalog.versions.rollbackConfirm', { version: r.version })}
                          onConfirm={() => rollback(r.version)}
                        >
                          <Button size="small" danger data-testid={`version-rollback-${r.version}`}>
                            {t('catalog.versions.rollback')}
                          </Button>
                        </Popconfirm>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={diff !== null}
        width={1000}
        footer={null}
        onCancel={() => setDiff(null)}
        title={diff ? t('catalog.versions.diffTitle', { from: diff.from, to: diff.to }) : ''}
      >
        {diff && (
          <>
            <Typography.Paragraph type="secondary">{resource.code}</Typography.Paragraph>
            <DiffView diff={diff} fields={resource.fields.map((f) => f.name)} />
          </>
        )}
      </Modal>
    </>
  );
}

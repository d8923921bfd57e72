/** 访问日志: every read of the resource (who, which grant, filter, rows, purpose), newest first. */
import { useCallback } from 'react';
import { Space, Table, Tag } from 'antd';
import { CursorPager } from '../components/cursor-pager.js';
import { ErrorAlert } from '../components/error-alert.js';
import { useLocale, useT } from '../i18n/i18n.js';
import { formatDateTime } from '../lib/format.js';
import { useCursorList } from '../lib/use-cursor-list.js';
import { catalogApi, type AccessLogEntry, type Resource } from './catalog-api.js';
import { useDepartmentName } from './use-department-names.js';

export function AccessLogPanel({ resource }: { resource: Resource }) {
  const t = useT();
  const { locale } = useLocale();
  const fetchPage = useCallback(
    (id: string, cursor: string | undefined, limit: number, signal: AbortSignal) => catalogApi.accessLog(id, cursor, limit, signal),
    [],
  );
  const list = useCursorList<AccessLogEntry, string>(fetchPage, resource.id, 20);
  const deptName = useDepartmentName();
  if (list.error) return <ErrorAlert error={list.error} onRetry={list.reload} />;
  return (
    <>
      <Table<AccessLogEntry>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        data-testid="access-log"
        columns={[
          { title: t('catalog.access.at'), dataIndex: 'at', render: (v: string) => formatDateTime(v, locale) },
          { title: t('catalog.access.consumer'), dataIndex: 'consumer' },
          { title: t('catalog.access.department'), dataIndex: 'consumerDepartmentCode', render: (v: string | null) => deptName(v) },
          { title: t('catalog.access.channel'), dataIndex: 'channel', render: (v: string) => <Tag>{v}</Tag> },
          {
            title: t('catalog.access.fields'),
            dataIndex: 'fields',
            render: (v: string[], r) => (
              <Space size={2} wrap>
                {v.map((f) => (
                  <Tag key={f} color={r.cleartextFields.includes(f) ? 'red' : undefined}>
                    {f}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('catalog.access.filter'),
            dataIndex: 'filter',
            render: (v: Record<string, string>) =>
              Object.entries(v)
                .map(([k, x]) => `${k}=${x}`)
                .join(' & ') || '—',
          },
          { title: t('catalog.access.rows'), dataIndex: 'rows', align: 'right' },
          { title: t('catalog.access.purpose'), dataIndex: 'purpose', render: (v: string | null) => v ?? '—' },
        ]}
      />
      <CursorPager list={list} />
    </>
  );
}

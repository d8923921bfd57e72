/**
 * 数据预览: the data query as the API answers it (personal fields masked unless this reader's grant
 * says cleartext), with field selection, field filters, forward paging and a CSV export of every
 * matching row. A reader the server refuses sees its refusal, not an empty table.
 */
import { useState } from 'react';
import { Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { ErrorAlert } from '../components/error-alert.js';
import { useT } from '../i18n/i18n.js';
import { useAsync } from '../lib/use-async.js';
import { catalogApi, dataCsvUrl, type DataPage, type Resource } from './catalog-api.js';

type Row = Record<string, unknown>;

export function DataPanel({ resource }: { resource: Resource }) {
  const t = useT();
  const [fields, setFields] = useState<string[]>([]);
  const [filterField, setFilterField] = useState<string | undefined>(undefined);
  const [filterValue, setFilterValue] = useState('');
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const fieldParam = fields.length > 0 ? fields.join(',') : undefined;
  const page = useAsync(
    (signal) => catalogApi.data(resource.id, { fields: fieldParam, limit: 20, cursor }, filters, signal),
    [resource.id, fieldParam, JSON.stringify(filters), cursor],
  );

  const apply = () => {
    setFilters(filterField && filterValue.trim() ? { [filterField]: filterValue.trim() } : {});
    setCursors([undefined]);
  };
  const data: DataPage | undefined = page.data;

  return (
    <div data-testid="data-panel">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          mode="multiple"
          allowClear
          style={{ minWidth: 260 }}
          placeholder={t('catalog.data.fields')}
          value={fields}
          onChange={(v: string[]) => {
            setFields(v);
            setCursors([undefined]);
          }}
          options={resource.fields.map((f) => ({ value: f.name, label: f.title || f.name }))}
          data-testid="data-fields"
        />
        <Select
          allowClear
          style={{ width: 180 }}
          placeholder={t('catalog.data.filterField')}
          value={filterField}
          onChange={(v: string | undefined) => setFilterField(v)}
          options={resource.fields.map((f) => ({ value: f.name, label: f.title || f.name }))}
          data-testid="data-filter-field"
        />
        <Input
          style={{ width: 260 }}
          placeholder={t('catalog.data.filterValue')}
          value={filterValue}
          onChange={(e) => setFilterValue(e.target.value)}
          onPressEnter={apply}
          data-testid="data-filter-value"
        />
        <Button type="primary" onClick={apply} data-testid="data-apply">
          {t('catalog.data.apply')}
        </Button>
        <Button icon={<DownloadOutlined />} href={dataCsvUrl(resource.id, fieldParam, filters)} data-testid="data-export">
          {t('catalog.data.export')}
        </Button>
        {data?.version != null && (
          <Typography.Text type="secondary">{t('catalog.data.version', { version: data.version })}</Typography.Text>
        )}
      </Space>
      {page.error ? (
        <ErrorAlert error={page.error} onRetry={page.reload} />
      ) : (
        <>
          <Table<Row>
            rowKey={(_, i) => String(i)}
            size="small"
            loading={page.loading}
            dataSource={data?.records ?? []}
            pagination={false}
            scroll={{ x: true }}
            data-testid="data-table"
            columns={(data?.fields ?? []).map((f) => ({
              key: f.name,
              dataIndex: f.name,
              title: (
                <Space size={4}>
                  {f.title || f.name}
                  {f.masked && <Tag color="purple">{t('catalog.data.masked')}</Tag>}
                </Space>
              ),
              render: (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)),
            }))}
          />
          <Space style={{ marginTop: 12 }}>
            <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
              {t('pager.prev')}
            </Button>
            <Button disabled={!data?.next} onClick={() => data?.next && setCursors((c) => [...c, data.next!])} data-testid="data-next">
              {t('pager.next')}
            </Button>
          </Space>
        </>
      )}
    </div>
  );
}

/**
 * 数据集详情: metadata, downloads (CSV / JSON / XLSX), a paged preview table, a map when the data
 * has longitude and latitude, the field list, and the API tab with the CKAN and REST URLs and curl
 * examples. 有条件开放 datasets show their conditions and how to obtain a key instead of data.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Space, Table, Tabs, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { FullPageSpin } from '../components/full-page-spin.js';
import { useLocale, useT } from '../i18n/i18n.js';
import { errorLine } from '../lib/describe-error.js';
import { formatDateTime } from '../lib/format.js';
import { openDataApi, type OpenDataPage, type OpenDataset } from './open-data-api.js';
import { cycleKey, openTypeKey } from './open-data-labels.js';
import { OpenDataApplyForm } from './open-data-apply-form.js';
import { OpenDataMap } from './open-data-map.js';
import { OpenDataShell } from './open-data-shell.js';

const PREVIEW_ROWS = 20;

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function OpenDataDatasetPage() {
  const { id = '' } = useParams();
  const t = useT();
  const { locale } = useLocale();
  const [ds, setDs] = useState<OpenDataset | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rows, setRows] = useState<OpenDataPage | null>(null);
  const [rowsError, setRowsError] = useState<string | null>(null);
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [loadingRows, setLoadingRows] = useState(false);

  useEffect(() => {
    setDs(null);
    setError(null);
    openDataApi.dataset(id).then(setDs, (err: unknown) => setError(errorLine(err, t)));
  }, [id, t]);

  const loadRows = useCallback(
    (cursor: string | undefined) => {
      setLoadingRows(true);
      setRowsError(null);
      openDataApi
        .data(id, PREVIEW_ROWS, cursor)
        .then(setRows, (err: unknown) => setRowsError(errorLine(err, t)))
        .finally(() => setLoadingRows(false));
    },
    [id, t],
  );

  const open = ds?.openType === 'unconditional';
  useEffect(() => {
    if (ds && open && ds.hasData) loadRows(undefined);
  }, [ds, open, loadRows]);

  if (error) {
    return (
      <OpenDataShell>
        <Alert type="error" showIcon title={error} action={<Link to="/open-data">{t('openData.back')}</Link>} />
      </OpenDataShell>
    );
  }
  if (!ds) return <FullPageSpin />;

  const origin = window.location.origin;
  const page = cursors.length;
  const next = () => {
    if (!rows?.next) return;
    setCursors([...cursors, rows.next]);
    loadRows(rows.next);
  };
  const first = () => {
    setCursors([undefined]);
    loadRows(undefined);
  };
  const columns = ds.fields.map((f) => ({ title: f.title, dataIndex: f.name, key: f.name, render: (v: unknown) => cellText(v) }));
  const labelField = ds.fields.find((f) => /name|名称/i.test(f.name) || /名称/.test(f.title))?.name;
  const curl = (path: string) => `curl '${origin}${path}'`;

  const tabs = [
    {
      key: 'preview',
      label: t('openData.tab.preview'),
      children: open ? (
        <>
          {rowsError && <Alert type="error" showIcon title={rowsError} style={{ marginBottom: 8 }} />}
          <Table
            size="small"
            rowKey={(_, i) => String(i)}
            columns={columns}
            dataSource={rows?.records ?? []}
            loading={loadingRows}
            pagination={false}
            scroll={{ x: true }}
            data-testid="od-preview"
          />
          <Space style={{ marginTop: 8 }}>
            <Button onClick={first} disabled={page === 1}>
              {t('openData.preview.first')}
            </Button>
            <Button onClick={next} disabled={!rows?.next} data-testid="od-preview-next">
              {t('openData.preview.more')}
            </Button>
            <Typography.Text type="secondary">#{page}</Typography.Text>
          </Space>
        </>
      ) : (
        <Typography.Text type="secondary">{t('openData.conditional.noPreview')}</Typography.Text>
      ),
    },
    ...(ds.coordinates && open
      ? [
          {
            key: 'map',
            label: t('openData.tab.map'),
            children: (
              <>
                <Typography.Paragraph type="secondary">{t('openData.map.hint', { n: rows?.records.length ?? 0 })}</Typography.Paragraph>
                <OpenDataMap records={rows?.records ?? []} lon={ds.coordinates.lon} lat={ds.coordinates.lat} label={labelField} />
              </>
            ),
          },
        ]
      : []),
    ...(open ? [] : [{ key: 'apply', label: t('openData.apply.title'), children: <OpenDataApplyForm datasetId={ds.id} /> }]),
    {
      key: 'fields',
      label: t('openData.tab.fields'),
      children: (
        <Table
          size="small"
          rowKey="name"
          pagination={false}
          dataSource={ds.fields}
          columns={[
            { title: t('openData.field.name'), dataIndex: 'name', render: (v: string) => <span className="zc-od-code">{v}</span> },
            { title: t('openData.field.title'), dataIndex: 'title' },
            { title: t('openData.field.type'), dataIndex: 'type' },
            { title: t('openData.field.description'), dataIndex: 'description' },
          ]}
        />
      ),
    },
    {
      key: 'api',
      label: t('openData.tab.api'),
      children: (
        <div data-testid="od-api">
          <Typography.Text strong>{t('openData.api.ckan')}</Typography.Text>
          <pre className="zc-od-curl">{curl(ds.api.packageShow)}</pre>
          <Typography.Text strong>{t('openData.api.datastore')}</Typography.Text>
          <pre className="zc-od-curl">
            {curl(`${ds.api.datastoreSearch}&limit=5`)}
            {'\n'}
            {`curl -X POST '${origin}/api/3/action/datastore_search' -H 'Content-Type: application/json' \\\n  -d '{"resource_id":"${ds.id}-csv","limit":5,"filters":{}}'`}
            {open ? '' : `\n# ${t('openData.conditional.title')}: -H 'Authorization: Bearer <key>'`}
          </pre>
          <Typography.Text strong>{t('openData.api.rest')}</Typography.Text>
          <pre className="zc-od-curl">{curl(`${ds.api.data}?limit=5`)}</pre>
          <Typography.Text strong>{t('openData.api.dcat')}</Typography.Text>
          <pre className="zc-od-curl">
            {curl('/catalog.ttl')}
            {'\n'}
            {curl('/catalog.jsonld')}
          </pre>
        </div>
      ),
    },
  ];

  const cycle = cycleKey(ds.updateCycle);
  return (
    <OpenDataShell>
      <Link to="/open-data">← {t('openData.back')}</Link>
      <Card style={{ marginTop: 12 }}>
        <Space direction="vertical" size={8} style={{ width: '100%' }}>
          <Space wrap>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="od-title">
              {ds.title}
            </Typography.Title>
            <Tag color={open ? 'green' : 'orange'}>{t(openTypeKey(ds.openType) ?? 'openData.openType.conditional')}</Tag>
          </Space>
          <Typography.Paragraph style={{ margin: 0 }}>{ds.summary}</Typography.Paragraph>
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('openData.meta.code')}>
              <span className="zc-od-code">{ds.code}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('openData.meta.department')}>{ds.department.name ?? ds.department.code}</Descriptions.Item>
            <Descriptions.Item label={t('openData.meta.updateCycle')}>{cycle ? t(cycle) : ds.updateCycle}</Descriptions.Item>
            <Descriptions.Item label={t('openData.meta.rows')}>{ds.rowCount}</Descriptions.Item>
            <Descriptions.Item label={t('openData.meta.updated')}>{formatDateTime(ds.dataUpdatedAt, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('openData.meta.published')}>{ds.publishDate ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('openData.meta.license')}>{ds.license.title}</Descriptions.Item>
            <Descriptions.Item label={t('openData.meta.keywords')}>
              {[...new Set([...ds.themes, ...ds.keywords])].map((k) => (
                <Tag key={k}>{k}</Tag>
              ))}
            </Descriptions.Item>
          </Descriptions>
          {open && ds.downloads.length > 0 && (
            <Space wrap data-testid="od-downloads">
              {ds.downloads.map((d) => (
                <Button
                  key={d.format}
                  icon={<DownloadOutlined />}
                  href={d.url}
                  download
                  data-testid={`od-download-${d.format.toLowerCase()}`}
                >
                  {t('openData.download')} {d.format}
                </Button>
              ))}
            </Space>
          )}
          {!open && (
            <Alert
              type="info"
              showIcon
              title={t('openData.conditional.title')}
              description={
                <>
                  <div>{t('openData.conditional.body')}</div>
                  {ds.openConditions && <div>{t('openData.conditional.conditions', { text: ds.openConditions })}</div>}
                  <div>{t('openData.conditional.how', { department: ds.department.name ?? ds.department.code })}</div>
                </>
              }
              data-testid="od-conditional"
            />
          )}
        </Space>
      </Card>
      <Card style={{ marginTop: 16 }}>
        <Tabs items={tabs} />
      </Card>
    </OpenDataShell>
  );
}

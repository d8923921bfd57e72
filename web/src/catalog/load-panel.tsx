/**
 * 加载向导: drop a CSV, XLSX or JSON file, choose all-or-nothing or partial, watch the upload, then
 * read the load report: rows accepted, and every rejected row with its field and reason. A refused
 * all-or-nothing load leaves the previous version current, and the report says so.
 */
import { useState } from 'react';
import { Alert, Button, Progress, Radio, Space, Table, Tag, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useLocale, useT } from '../i18n/i18n.js';
import { describeError } from '../lib/describe-error.js';
import { formatDateTime, formatNumber } from '../lib/format.js';
import { useAsync } from '../lib/use-async.js';
import { catalogApi, uploadLoad, type LoadInfo, type Rejection, type Resource, type UploadOutcome } from './catalog-api.js';

const ACCEPT = '.csv,.xlsx,.json,.ndjson,text/csv,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function RejectionsTable({ rows, testId }: { rows: readonly Rejection[]; testId: string }) {
  const t = useT();
  return (
    <Table<Rejection>
      rowKey={(r) => `${r.row}:${r.field ?? ''}:${r.reason}`}
      size="small"
      dataSource={[...rows]}
      pagination={rows.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
      data-testid={testId}
      columns={[
        { title: t('catalog.load.row'), dataIndex: 'row', width: 80 },
        {
          title: t('catalog.load.field'),
          dataIndex: 'field',
          width: 180,
          render: (v: string | null) => (v ? <span className="zc-mono">{v}</span> : '—'),
        },
        { title: t('catalog.load.reason'), dataIndex: 'reason' },
      ]}
    />
  );
}

export function LoadPanel({ resource, onLoaded }: { resource: Resource; onLoaded: () => void }) {
  const t = useT();
  const { locale } = useLocale();
  const [file, setFile] = useState<File | null>(null);
  const [partial, setPartial] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<UploadOutcome | null>(null);
  const loads = useAsync((signal) => catalogApi.loads(resource.id, signal), [resource.id]);

  const start = async () => {
    if (!file) return;
    setOutcome(null);
    setProgress(0);
    try {
      const result = await uploadLoad(resource.id, file, partial, setProgress);
      setOutcome(result);
      if (result.ok) onLoaded();
      loads.reload();
    } finally {
      setProgress(null);
    }
  };

  return (
    <div data-testid="load-panel">
      <Typography.Paragraph type="secondary">{t('catalog.load.hint')}</Typography.Paragraph>
      <Upload.Dragger
        accept={ACCEPT}
        multiple={false}
        maxCount={1}
        beforeUpload={(f) => {
          setFile(f);
          setOutcome(null);
          return false; // kept here; sent by our own upload, which reports progress and the report
        }}
        onRemove={() => setFile(null)}
        fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
        data-testid="load-dropzone"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('catalog.load.drop')}</p>
      </Upload.Dragger>
      <Space style={{ marginTop: 16 }} wrap>
        <span>{t('catalog.load.mode')}</span>
        <Radio.Group value={partial} onChange={(e) => setPartial(e.target.value as boolean)} data-testid="load-mode">
          <Radio value={false}>{t('catalog.load.atomic')}</Radio>
          <Radio value={true} data-testid="load-partial">
            {t('catalog.load.partial')}
          </Radio>
        </Radio.Group>
        <Button
          type="primary"
          disabled={!file || progress !== null}
          loading={progress !== null}
          onClick={() => void start()}
          data-testid="load-start"
        >
          {t('catalog.load.start')}
        </Button>
      </Space>
      {progress !== null && (
        <div style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">{t('catalog.load.uploading')}</Typography.Text>
          <Progress percent={Math.round(progress * 100)} status="active" data-testid="load-progress" />
        </div>
      )}
      {outcome && (
        <div style={{ marginTop: 16 }} data-testid="load-report" data-ok={String(outcome.ok)}>
          {outcome.ok ? (
            <Alert
              type={outcome.report.rejectedCount > 0 ? 'warning' : 'success'}
              showIcon
              title={t('catalog.load.success', {
                version: outcome.report.version,
                accepted: formatNumber(outcome.report.accepted, locale),
                rejected: formatNumber(outcome.report.rejectedCount, locale),
              })}
            />
          ) : outcome.rejected.length > 0 ? (
            <Alert type="error" showIcon title={t('catalog.load.refused', { count: outcome.rejectedCount })} />
          ) : (
            <Alert
              type="error"
              showIcon
              title={describeError(outcome.error, t).message}
              description={describeError(outcome.error, t).hint}
            />
          )}
          {(outcome.ok ? outcome.report.rejected : outcome.rejected).length > 0 && (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t('catalog.load.rejected')}
              </Typography.Title>
              <RejectionsTable rows={outcome.ok ? outcome.report.rejected : outcome.rejected} testId="load-rejections" />
            </>
          )}
        </div>
      )}
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('catalog.load.recent')}
      </Typography.Title>
      <Table<LoadInfo>
        rowKey="id"
        size="small"
        loading={loads.loading}
        dataSource={loads.data?.items ?? []}
        pagination={false}
        data-testid="load-history"
        expandable={{
          rowExpandable: (l) => l.rejected.length > 0,
          expandedRowRender: (l) => <RejectionsTable rows={l.rejected} testId={`load-rejections-${l.id}`} />,
        }}
        columns={[
          { title: t('catalog.versions.version'), dataIndex: 'version', width: 80, render: (v: number) => `v${v}` },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (v: LoadInfo['status']) => (
              <Tag color={v === 'succeeded' ? 'green' : v === 'failed' ? 'red' : 'blue'}>{t(`catalog.load.status.${v}`)}</Tag>
            ),
          },
          {
            title: t('catalog.versions.source'),
            dataIndex: 'format',
            render: (v: string, l) => `${v}${l.encoding ? ` · ${l.encoding}` : ''}`,
          },
          { title: t('catalog.load.rowsRead'), dataIndex: 'rowsRead', align: 'right' },
          { title: t('catalog.load.accepted'), dataIndex: 'accepted', align: 'right' },
          { title: t('catalog.load.rejectedCount'), dataIndex: 'rejectedCount', align: 'right' },
          { title: t('catalog.versions.createdAt'), dataIndex: 'startedAt', render: (v: string) => formatDateTime(v, locale) },
        ]}
      />
    </div>
  );
}

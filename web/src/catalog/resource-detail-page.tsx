/**
 * One resource: its metadata and fields for everyone who may read the catalog; the data preview,
 * loads, versions, access log and quality in tabs; 申请共享 for other departments and editing for
 * the owning one. Tabs the server would refuse (diffs and the access log outside the owning
 * department) are not offered.
 */
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { App, Button, Card, Descriptions, Space, Table, Tabs, Tag } from 'antd';
import { EditOutlined, SendOutlined } from '@ant-design/icons';
import { ErrorAlert } from '../components/error-alert.js';
import { FullPageSpin } from '../components/full-page-spin.js';
import { PageHead } from '../components/page-head.js';
import { useUser } from '../auth/auth-context.js';
import { useLocale, useT } from '../i18n/i18n.js';
import { describeError } from '../lib/describe-error.js';
import { formatDateTime, formatNumber } from '../lib/format.js';
import { hasPermission } from '../lib/permissions.js';
import { useAsync } from '../lib/use-async.js';
import { AccessLogPanel } from './access-log-panel.js';
import { catalogApi, type Resource, type ResourceField } from './catalog-api.js';
import { GradeTag, OpenTypeTag, ResourceStatusTag, ShareTypeTag } from './catalog-labels.js';
import { DataPanel } from './data-panel.js';
import { LoadPanel } from './load-panel.js';
import { QualityPanel } from './quality-panel.js';
import { ShareRequestModal } from './share-request-modal.js';
import { VersionsPanel } from './versions-panel.js';

export function ResourceDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const { locale } = useLocale();
  const user = useUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const res = useAsync((signal) => catalogApi.resource(id, signal), [id]);
  const [requesting, setRequesting] = useState(false);
  const [tab, setTab] = useState('info');

  if (res.error) return <ErrorAlert error={res.error} onRetry={res.reload} />;
  if (!res.data) return <FullPageSpin />;
  const r: Resource = res.data;
  const admin = user.roles.includes('admin');
  const owner = admin || (user.departmentCode !== null && user.departmentCode === r.providerDepartmentCode);
  const canWrite = owner && hasPermission(user, 'catalog.write');
  const canRequest = !owner && r.shareType === 'conditional' && r.status === 'published' && hasPermission(user, 'catalog.share.request');

  const setStatus = async (status: Resource['status']) => {
    try {
      await catalogApi.setStatus(r.id, status);
      message.success(t('catalog.detail.statusChanged'));
      res.reload();
    } catch (err) {
      message.error(describeError(err, t).message);
    }
  };

  const info = (
    <Descriptions bordered size="small" column={2} data-testid="resource-meta">
      <Descriptions.Item label={t('catalog.col.code')}>
        <span className="zc-mono">{r.code}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('catalog.col.department')}>{r.providerDepartmentName ?? r.providerDepartmentCode}</Descriptions.Item>
      <Descriptions.Item label={t('catalog.meta.summary')} span={2}>
        {r.summary}
      </Descriptions.Item>
      <Descriptions.Item label={t('catalog.meta.classCode')}>{r.classCode}</Descriptions.Item>
      <Descriptions.Item label={t('catalog.meta.providerCode')}>{r.providerCode}</Descriptions.Item>
      <Descriptions.Item label={t('catalog.facet.shareType')}>
        <ShareTypeTag value={r.shareType} />
        {r.shareConditions}
      </Descriptions.Item>
      <Descriptions.Item label={t('catalog.meta.shareMethod')}>{r.shareMethod ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('catalog.facet.openType')}>
        <OpenTypeTag value={r.openType} />
        {r.openConditions}
      </Descriptions.Item>
      <Descriptions.Item label={t('catalog.facet.grade')}>
        <GradeTag grade={r.grade} />
      </Descriptions.Item>
      <Descriptions.Item label={t('catalog.facet.updateCycle')}>{t(`catalog.cycle.${r.updateCycle}`)}</Descriptions.Item>
      <Descriptions.Item label={t('catalog.meta.format')}>{r.format}</Descriptions.Item>
      <Descriptions.Item label={t('catalog.meta.publishDate')}>{r.publishDate ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('catalog.meta.version')}>
        {r.currentVersion === null ? t('catalog.meta.noData') : `v${r.currentVersion} · ${formatNumber(r.rowCount, locale)}`}
      </Descriptions.Item>
      <Descriptions.Item label={t('catalog.col.updated')}>
        {r.dataUpdatedAt ? formatDateTime(r.dataUpdatedAt, locale) : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('common.status')}>
        <ResourceStatusTag status={r.status} />
      </Descriptions.Item>
      <Descriptions.Item label={t('catalog.meta.themes')}>
        {r.themes.map((x) => (
          <Tag key={x}>{x}</Tag>
        ))}
      </Descriptions.Item>
      <Descriptions.Item label={t('catalog.meta.keywords')}>
        {r.keywords.map((x) => (
          <Tag key={x}>{x}</Tag>
        ))}
      </Descriptions.Item>
    </Descriptions>
  );

  const fields = (
    <Table<ResourceField>
      rowKey="name"
      size="small"
      pagination={false}
      dataSource={r.fields}
      data-testid="resource-fields"
      columns={[
        { title: t('catalog.field.name'), dataIndex: 'name', render: (v: string) => <span className="zc-mono">{v}</span> },
        { title: t('catalog.field.title'), dataIndex: 'title' },
        { title: t('catalog.field.type'), dataIndex: 'type', render: (v: ResourceField['type']) => t(`catalog.fieldType.${v}`) },
        { title: t('catalog.field.length'), dataIndex: 'length', render: (v: number | null) => v ?? '—' },
        {
          title: t('catalog.field.personal'),
          dataIndex: 'personal',
          render: (v: ResourceField['personal']) => (v ? <Tag color="purple">{t(`catalog.personal.${v}`)}</Tag> : '—'),
        },
        { title: t('catalog.field.key'), dataIndex: 'key', render: (v: boolean) => (v ? '✓' : '') },
        { title: t('catalog.field.required'), dataIndex: 'required', render: (v: boolean) => (v ? '✓' : '') },
      ]}
    />
  );

  const tabs = [
    { key: 'info', label: t('catalog.detail.tab.info'), children: info },
    { key: 'fields', label: t('catalog.detail.tab.fields'), children: fields },
    { key: 'data', label: t('catalog.detail.tab.data'), children: <DataPanel resource={r} /> },
    ...(canWrite ? [{ key: 'load', label: t('catalog.detail.tab.load'), children: <LoadPanel resource={r} onLoaded={res.reload} /> }] : []),
    {
      key: 'versions',
      label: t('catalog.detail.tab.versions'),
      children: <VersionsPanel resource={r} canWrite={canWrite} onChanged={res.reload} />,
    },
    ...(owner ? [{ key: 'access', label: t('catalog.detail.tab.access'), children: <AccessLogPanel resource={r} /> }] : []),
    { key: 'quality', label: t('catalog.detail.tab.quality'), children: <QualityPanel resource={r} /> },
  ];

  return (
    <div data-testid="resource-detail" data-resource-id={r.id}>
      <PageHead
        title={r.name}
        subtitle={`${r.code} · ${r.providerDepartmentName ?? r.providerDepartmentCode}`}
        actions={
          <Space>
            {canRequest && (
              <Button type="primary" icon={<SendOutlined />} onClick={() => setRequesting(true)} data-testid="resource-request">
                {t('catalog.detail.request')}
              </Button>
            )}
            {canWrite && r.status !== 'published' && (
              <Button onClick={() => void setStatus('published')} data-testid="resource-publish">
                {t('catalog.detail.publish')}
              </Button>
            )}
            {canWrite && r.status === 'published' && (
              <Button danger onClick={() => void setStatus('retired')} data-testid="resource-retire">
                {t('catalog.detail.retire')}
              </Button>
            )}
            {canWrite && (
              <Button icon={<EditOutlined />} onClick={() => navigate(`/catalog/resources/${r.id}/edit`)} data-testid="resource-edit">
                {t('catalog.detail.edit')}
              </Button>
            )}
          </Space>
        }
      />
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={tabs.map((x) => ({ ...x, label: <span data-testid={`resource-tab-${x.key}`}>{x.label}</span> }))}
          destroyOnHidden
        />
      </Card>
      <ShareRequestModal resource={r} open={requesting} onClose={() => setRequesting(false)} />
    </div>
  );
}

/**
 * 数据总览, the data bureau's picture: resources per department (by status), the pending share
 * requests with their ages and due dates, which consumers read which resources, and quality.
 */
import { Link } from 'react-router-dom';
import { Card, Col, Row, Statistic, Table, Tag } from 'antd';
import { ErrorAlert } from '../components/error-alert.js';
import { FullPageSpin } from '../components/full-page-spin.js';
import { PageHead } from '../components/page-head.js';
import { useLocale, useT } from '../i18n/i18n.js';
import { formatDateTime, formatNumber } from '../lib/format.js';
import { useAsync } from '../lib/use-async.js';
import { BarChart } from './bar-chart.js';
import { catalogApi, type Overview } from './catalog-api.js';
import { useDepartmentName } from './use-department-names.js';

type Pending = Overview['requests']['pending'][number];
type Reads = Overview['reads'][number];

export function OverviewPage() {
  const t = useT();
  const { locale } = useLocale();
  const o = useAsync((signal) => catalogApi.overview(signal), []);
  const deptName = useDepartmentName();
  if (o.error) return <ErrorAlert error={o.error} onRetry={o.reload} />;
  if (!o.data) return <FullPageSpin />;
  const d = o.data;
  const depts = d.resourcesByDepartment;
  return (
    <div data-testid="catalog-overview">
      <PageHead title={t('catalog.overview.title')} subtitle={t('catalog.overview.subtitle')} />
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={6}>
          <Card size="small">
            <Statistic title={t('catalog.overview.resources')} value={d.quality.resources} />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title={t('catalog.overview.withData')} value={d.quality.withData} />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic
              title={t('catalog.overview.staleCount')}
              value={d.quality.stale}
              valueStyle={d.quality.stale > 0 ? { color: '#cf1322' } : undefined}
            />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic
              title={t('catalog.overview.validity')}
              value={d.quality.averageValidity === null ? '—' : `${(d.quality.averageValidity * 100).toFixed(1)}%`}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" style={{ marginBottom: 16 }}>
        <BarChart
          title={t('catalog.overview.byDepartment')}
          categories={depts.map((x) => x.departmentName ?? x.departmentCode)}
          series={(['published', 'draft', 'retired'] as const).map((s) => ({
            name: t(`catalog.status.${s}`),
            values: depts.map((x) => x[s]),
            stack: 'status',
          }))}
          horizontal
          height={Math.max(240, depts.length * 30)}
        />
      </Card>
      <Row gutter={16}>
        <Col span={24} style={{ marginBottom: 16 }}>
          <Card size="small" title={`${t('catalog.overview.pending')} (${d.requests.byStatus.pending ?? d.requests.pending.length})`}>
            <Table<Pending>
              rowKey="id"
              size="small"
              dataSource={d.requests.pending}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              data-testid="overview-pending"
              columns={[
                {
                  title: t('catalog.sharing.resource'),
                  dataIndex: 'resourceId',
                  render: (v: string) => <Link to={`/catalog/resources/${v}`}>{v}</Link>,
                },
                { title: t('catalog.sharing.provider'), dataIndex: 'provider', render: (v: string) => deptName(v) },
                { title: t('catalog.sharing.consumer'), dataIndex: 'consumer', render: (v: string) => deptName(v) },
                {
                  title: t('catalog.sharing.age'),
                  dataIndex: 'ageDays',
                  render: (v: number) => t('catalog.sharing.ageDays', { days: Math.floor(v) }),
                },
                {
                  title: t('catalog.sharing.due'),
                  dataIndex: 'dueAt',
                  render: (v: string, r) => (
                    <>
                      {formatDateTime(v, locale)} {r.overdue && <Tag color="red">{t('catalog.sharing.overdue')}</Tag>}
                      {r.escalated && <Tag color="magenta">{t('catalog.sharing.escalated')}</Tag>}
                    </>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title={t('catalog.overview.reads')}>
            <Table<Reads>
              rowKey={(r) => `${r.consumerDepartmentCode ?? ''}:${r.resourceId}`}
              size="small"
              dataSource={d.reads}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              data-testid="overview-reads"
              columns={[
                { title: t('catalog.sharing.consumer'), dataIndex: 'consumerDepartmentCode', render: (v: string | null) => deptName(v) },
                {
                  title: t('catalog.sharing.resource'),
                  dataIndex: 'resourceId',
                  render: (v: string) => <Link to={`/catalog/resources/${v}`}>{v}</Link>,
                },
                {
                  title: t('catalog.overview.reads.count'),
                  dataIndex: 'reads',
                  align: 'right',
                  render: (v: number) => formatNumber(v, locale),
                },
                {
                  title: t('catalog.overview.reads.rows'),
                  dataIndex: 'rows',
                  align: 'right',
                  render: (v: number) => formatNumber(v, locale),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

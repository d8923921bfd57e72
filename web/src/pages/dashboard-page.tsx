/**
 * 首页. Until the operations module brings city vital signs, the home screen shows what the
 * platform really holds: the geography (from /geo/summary) and the organisation (totals of the
 * user and department lists). No invented figures.
 */
import { Card, Col, Row, Statistic, Typography, Button, Space, Skeleton } from 'antd';
import { ApartmentOutlined, GlobalOutlined, TeamOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { geoApi, orgApi } from '../api/endpoints.js';
import { useUser } from '../auth/auth-context.js';
import { ErrorAlert } from '../components/error-alert.js';
import { useLocale, useT } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/zh-CN.js';
import { formatDateTime } from '../lib/format.js';
import { hasPermission } from '../lib/permissions.js';
import { useAsync } from '../lib/use-async.js';

const GEO_COUNTS: Array<{ key: 'district' | 'street' | 'community' | 'grid' | 'address' | 'road'; label: MessageKey }> = [
  { key: 'district', label: 'dashboard.districts' },
  { key: 'street', label: 'dashboard.streets' },
  { key: 'community', label: 'dashboard.communities' },
  { key: 'grid', label: 'dashboard.grids' },
  { key: 'address', label: 'dashboard.addresses' },
  { key: 'road', label: 'dashboard.roads' },
];

export function DashboardPage() {
  const t = useT();
  const { locale } = useLocale();
  const user = useUser();
  const navigate = useNavigate();
  const canGeo = hasPermission(user, 'geo.read');
  const canOrg = hasPermission(user, 'org.read');

  const geo = useAsync(() => (canGeo ? geoApi.summary() : Promise.resolve(null)), [canGeo]);
  const org = useAsync(
    async (signal) => {
      if (!canOrg) return null;
      const [users, departments] = await Promise.all([
        orgApi.listUsers({ limit: 1 }, signal),
        orgApi.listDepartments({ limit: 1 }, signal),
      ]);
      return { users: users.total ?? users.items.length, departments: departments.total ?? departments.items.length };
    },
    [canOrg],
  );

  return (
    <div className="zc-page" data-testid="dashboard">
      <div className="zc-page-head">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('dashboard.welcome', { name: user.displayName })}
          </Typography.Title>
          <Typography.Text type="secondary">{t('dashboard.now', { time: formatDateTime(new Date(), locale) })}</Typography.Text>
        </div>
      </div>

      {canGeo && (
        <Card
          title={
            <Space>
              <GlobalOutlined />
              {t('dashboard.geo', { city: geo.data?.city?.name ?? t('app.city') })}
            </Space>
          }
          extra={<Button onClick={() => navigate('/map')}>{t('dashboard.openMap')}</Button>}
          style={{ marginBottom: 16 }}
        >
          {geo.error ? (
            <ErrorAlert error={geo.error} onRetry={geo.reload} />
          ) : geo.loading || !geo.data ? (
            <Skeleton active paragraph={{ rows: 1 }} />
          ) : (
            <Row gutter={[16, 16]}>
              {GEO_COUNTS.map((c) => (
                <Col key={c.key} xs={12} sm={8} lg={4}>
                  <Statistic title={t(c.label)} value={geo.data?.counts[c.key] ?? 0} data-testid={`stat-${c.key}`} />
                </Col>
              ))}
            </Row>
          )}
        </Card>
      )}

      {canOrg && (
        <Card
          title={
            <Space>
              <ApartmentOutlined />
              {t('dashboard.org')}
            </Space>
          }
        >
          {org.error ? (
            <ErrorAlert error={org.error} onRetry={org.reload} />
          ) : org.loading || !org.data ? (
            <Skeleton active paragraph={{ rows: 1 }} />
          ) : (
            <Row gutter={[16, 16]}>
              <Col xs={12} sm={8} lg={4}>
                <Statistic title={t('dashboard.users')} value={org.data.users} prefix={<TeamOutlined />} data-testid="stat-users" />
                <Button type="link" style={{ padding: 0 }} onClick={() => navigate('/admin/users')}>
                  {t('dashboard.manage')}
                </Button>
              </Col>
              <Col xs={12} sm={8} lg={4}>
                <Statistic
                  title={t('dashboard.departments')}
                  value={org.data.departments}
                  prefix={<ApartmentOutlined />}
                  data-testid="stat-departments"
                />
                <Button type="link" style={{ padding: 0 }} onClick={() => navigate('/admin/departments')}>
                  {t('dashboard.manage')}
                </Button>
              </Col>
            </Row>
          )}
        </Card>
      )}

      <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
        {t('dashboard.later')}
      </Typography.Paragraph>
    </div>
  );
}

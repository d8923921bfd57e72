/** 数据质量 of one resource: validity, freshness against its update cycle, completeness per field (chart). */
import { Alert, Col, Row, Statistic, Tag } from 'antd';
import { ErrorAlert } from '../components/error-alert.js';
import { useLocale, useT } from '../i18n/i18n.js';
import { formatNumber } from '../lib/format.js';
import { useAsync } from '../lib/use-async.js';
import { BarChart } from './bar-chart.js';
import { catalogApi, type Resource } from './catalog-api.js';

export function QualityPanel({ resource }: { resource: Resource }) {
  const t = useT();
  const { locale } = useLocale();
  const q = useAsync((signal) => catalogApi.quality(resource.id, signal), [resource.id, resource.currentVersion]);
  if (q.error) return <ErrorAlert error={q.error} onRetry={q.reload} />;
  if (!q.data) return null;
  const d = q.data;
  const f = d.freshness;
  const titles = new Map(resource.fields.map((x) => [x.name, x.title || x.name]));
  const completeness = Object.entries(d.completeness ?? {});
  return (
    <div data-testid="quality-panel">
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={6}>
          <Statistic title={t('catalog.quality.rows')} value={formatNumber(d.rows, locale)} />
        </Col>
        <Col span={6}>
          <Statistic title={t('catalog.quality.validity')} value={d.validity === null ? '—' : `${(d.validity * 100).toFixed(1)}%`} />
        </Col>
        <Col span={12}>
          <div style={{ color: 'rgba(0,0,0,0.45)', marginBottom: 4 }}>{t('catalog.quality.freshness')}</div>
          {f.fresh === null ? (
            <Tag>{t('catalog.quality.noTarget')}</Tag>
          ) : (
            <>
              <Tag color={f.fresh ? 'green' : 'red'} data-testid="quality-fresh">
                {t(f.fresh ? 'catalog.quality.fresh' : 'catalog.quality.stale')}
              </Tag>
              {f.ageHours !== null && f.maxAgeHours !== null && (
                <span>{t('catalog.quality.ageHours', { hours: Math.round(f.ageHours), max: Math.round(f.maxAgeHours) })}</span>
              )}
            </>
          )}
        </Col>
      </Row>
      {completeness.length > 0 ? (
        <BarChart
          title={t('catalog.quality.completeness')}
          categories={completeness.map(([k]) => titles.get(k) ?? k)}
          series={[{ name: t('catalog.quality.completeness'), values: completeness.map(([, v]) => Math.round(v * 1000) / 10) }]}
          percent
          height={Math.max(200, completeness.length * 28)}
          horizontal
        />
      ) : (
        <Alert type="info" showIcon title={t('catalog.meta.noData')} />
      )}
    </div>
  );
}

/**
 * 历史曲线 of a device: pick a property of its thing model, a range (1 h … 30 d), a bucket and an
 * aggregation; the series is drawn with ECharts and can be downloaded as CSV (rendered by the
 * server in Beijing time). Each range starts on a sensible bucket so 30 days are 30 points, not
 * 86,400.
 */
import { useEffect, useMemo, useState } from 'react';
import { Button, Card, Empty, Segmented, Select, Space, Spin, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { ErrorAlert } from '../components/error-alert.js';
import { useLocale, useT } from '../i18n/i18n.js';
import { useAsync } from '../lib/use-async.js';
import { HistoryChart } from './history-chart.js';
import { sensingApi, telemetryCsvUrl, type Agg, type Bucket, type DeviceType } from './sensing-api.js';
import { localNameOf } from './sensing-labels.js';

type RangeKey = '1h' | '24h' | '7d' | '30d';
const RANGE_MS: Record<RangeKey, number> = { '1h': 3600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 };
/** The bucket each range opens with (about 60–720 points). */
const DEFAULT_BUCKET: Record<RangeKey, Bucket | 'raw'> = { '1h': 'raw', '24h': '5m', '7d': '1h', '30d': '1d' };
const BUCKETS: Array<Bucket | 'raw'> = ['raw', '1m', '5m', '1h', '1d'];
const AGGS: Agg[] = ['avg', 'min', 'max', 'sum', 'count', 'last'];
/** Raw values per request: an hour of one-second readings fits. */
const RAW_LIMIT = 10_000;

export interface DeviceHistoryProps {
  deviceId: string;
  type: DeviceType | undefined;
  /** Bumped by the page to re-read (after new readings arrive). */
  refreshKey: number;
}

export function DeviceHistory({ deviceId, type, refreshKey }: DeviceHistoryProps) {
  const t = useT();
  const { locale } = useLocale();
  const properties = useMemo(() => (type?.properties ?? []).filter((p) => p.type !== 'string'), [type]);
  const [property, setProperty] = useState<string | undefined>();
  const [range, setRange] = useState<RangeKey>('24h');
  const [bucket, setBucket] = useState<Bucket | 'raw'>(DEFAULT_BUCKET['24h']);
  const [agg, setAgg] = useState<Agg>('avg');

  useEffect(() => {
    if (!property && properties[0]) setProperty(properties[0].name);
  }, [properties, property]);

  // The range is anchored when the query is made, so "last 24 h" moves with the refresh.
  const span = useMemo(() => {
    const to = new Date();
    return { from: new Date(to.getTime() - RANGE_MS[range]).toISOString(), to: to.toISOString() };
  }, [range, refreshKey]);

  const series = useAsync(
    (signal) =>
      property
        ? sensingApi.telemetry(deviceId, { property, ...span, ...(bucket === 'raw' ? { limit: RAW_LIMIT } : { bucket, agg }) }, signal)
        : Promise.resolve(null),
    [deviceId, property, span, bucket, agg],
  );

  const prop = properties.find((p) => p.name === property);
  const points = series.data?.points ?? [];
  const csvHref = property ? telemetryCsvUrl(deviceId, { property, ...span, ...(bucket === 'raw' ? {} : { bucket, agg }) }) : undefined;

  return (
    <Card
      title={t('sensing.history.title')}
      data-testid="device-history"
      extra={
        <Button icon={<DownloadOutlined />} href={csvHref} disabled={!csvHref} download data-testid="history-csv">
          {t('sensing.history.csv')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          value={property}
          onChange={setProperty}
          placeholder={t('sensing.history.property')}
          options={properties.map((p) => ({ value: p.name, label: `${localNameOf(p, locale)}${p.unit ? ` (${p.unit})` : ''}` }))}
          style={{ width: 220 }}
          data-testid="history-property"
        />
        <Segmented<RangeKey>
          value={range}
          onChange={(r) => {
            setRange(r);
            setBucket(DEFAULT_BUCKET[r]);
          }}
          options={(['1h', '24h', '7d', '30d'] as const).map((r) => ({ value: r, label: t(`sensing.range.${r}`) }))}
          data-testid="history-range"
        />
        <Select<Bucket | 'raw'>
          value={bucket}
          onChange={setBucket}
          options={BUCKETS.map((b) => ({ value: b, label: t(`sensing.bucket.${b}`) }))}
          style={{ width: 130 }}
          data-testid="history-bucket"
        />
        <Select<Agg>
          value={agg}
          onChange={setAgg}
          disabled={bucket === 'raw'}
          options={AGGS.map((a) => ({ value: a, label: t(`sensing.agg.${a}`) }))}
          style={{ width: 110 }}
          data-testid="history-agg"
        />
      </Space>
      {series.error != null && <ErrorAlert error={series.error} onRetry={series.reload} style={{ marginBottom: 12 }} />}
      {properties.length === 0 ? (
        <Empty description={t('sensing.history.noNumeric')} />
      ) : (
        <Spin spinning={series.loading}>
          {points.length === 0 && !series.loading ? (
            <Empty description={t('sensing.history.empty')} data-testid="history-empty" />
          ) : (
            <HistoryChart
              points={points}
              name={prop ? localNameOf(prop, locale) : (property ?? '')}
              unit={prop?.unit ?? ''}
              locale={locale}
              step={prop?.type === 'boolean'}
            />
          )}
          {series.data?.next && <Typography.Text type="secondary">{t('sensing.history.truncated', { n: RAW_LIMIT })}</Typography.Text>}
        </Spin>
      )}
    </Card>
  );
}

/**
 * The right-hand panel of 一张图: the address that was searched, where a clicked point lies
 * (district → street → community → grid), and the details of the clicked area.
 */
import { Alert, Breadcrumb, Button, Card, Descriptions, Skeleton, Typography } from 'antd';
import { AimOutlined, CloseOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { ApiError } from '../api/client.js';
import type { AreaDetail, CodeName, GeocodeCandidate, LocateResult } from '../api/types.js';
import { ErrorAlert } from '../components/error-alert.js';
import { useLocale, useT } from '../i18n/i18n.js';
import { formatArea, formatNumber } from '../lib/format.js';

export interface Loadable<T> {
  loading: boolean;
  data?: T;
  error?: unknown;
}

/** Labels stay on one line in both languages ("Community", "Sub-areas"). */
const LABEL_STYLE = { width: 88, whiteSpace: 'nowrap' } as const;

function CodeNameText({ value, testId }: { value: CodeName | null | undefined; testId?: string }) {
  if (!value) return <span data-testid={testId}>—</span>;
  return (
    <span data-testid={testId} data-code={value.code} data-name={value.name}>
      {value.name} <span className="zc-mono zc-muted">{value.code}</span>
    </span>
  );
}

function coords(lon: number, lat: number, locale: 'zh-CN' | 'en-US') {
  return `${formatNumber(lon, locale, 6)}, ${formatNumber(lat, locale, 6)}`;
}

export function SearchResultCard({ candidate, onClose }: { candidate: GeocodeCandidate; onClose: () => void }) {
  const t = useT();
  const { locale } = useLocale();
  return (
    <Card
      size="small"
      title={
        <span>
          <EnvironmentOutlined style={{ color: '#e11d48' }} /> {t('map.result.title')}
        </span>
      }
      extra={<Button type="text" size="small" icon={<CloseOutlined />} onClick={onClose} aria-label={t('common.close')} />}
      data-testid="search-result"
    >
      <Typography.Paragraph strong style={{ marginBottom: 8 }} data-testid="search-result-address">
        {candidate.address}
      </Typography.Paragraph>
      <Descriptions size="small" column={1} colon={false} styles={{ label: LABEL_STYLE }}>
        <Descriptions.Item label={t('level.grid')}>
          <CodeNameText value={candidate.grid} testId="search-result-grid" />
        </Descriptions.Item>
        <Descriptions.Item label={t('level.community')}>
          <CodeNameText value={candidate.community} testId="search-result-community" />
        </Descriptions.Item>
        <Descriptions.Item label={t('level.street')}>
          <CodeNameText value={candidate.street} testId="search-result-street" />
        </Descriptions.Item>
        <Descriptions.Item label={t('level.district')}>
          <CodeNameText value={candidate.district} testId="search-result-district" />
        </Descriptions.Item>
        <Descriptions.Item label={t('map.coords')}>{coords(candidate.lon, candidate.lat, locale)}</Descriptions.Item>
        <Descriptions.Item label={t('map.result.score')}>{Math.round(candidate.score * 100)}%</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

export function LocateCard({ point, state }: { point: { lon: number; lat: number }; state: Loadable<LocateResult> }) {
  const t = useT();
  const { locale } = useLocale();
  const outside = state.error instanceof ApiError && state.error.status === 404;
  return (
    <Card
      size="small"
      title={
        <span>
          <AimOutlined /> {t('map.locate.title')}
        </span>
      }
      data-testid="locate-card"
    >
      <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
        {coords(point.lon, point.lat, locale)}
      </Typography.Text>
      {state.loading ? (
        <Skeleton active paragraph={{ rows: 3 }} title={false} />
      ) : outside ? (
        <Alert type="info" showIcon title={t('map.locate.outside')} description={t('map.locate.outside.hint')} />
      ) : state.error ? (
        <ErrorAlert error={state.error} />
      ) : state.data ? (
        <Descriptions size="small" column={1} colon={false} styles={{ label: LABEL_STYLE }}>
          <Descriptions.Item label={t('level.district')}>
            <CodeNameText value={state.data.district} />
          </Descriptions.Item>
          <Descriptions.Item label={t('level.street')}>
            <CodeNameText value={state.data.street} />
          </Descriptions.Item>
          <Descriptions.Item label={t('level.community')}>
            <CodeNameText value={state.data.community} />
          </Descriptions.Item>
          <Descriptions.Item label={t('level.grid')}>
            <CodeNameText value={state.data.grid} testId="locate-grid" />
          </Descriptions.Item>
        </Descriptions>
      ) : null}
    </Card>
  );
}

export function AreaCard({ state, onZoomTo }: { state: Loadable<AreaDetail>; onZoomTo: (detail: AreaDetail) => void }) {
  const t = useT();
  const { locale } = useLocale();
  const detail = state.data;
  return (
    <Card
      size="small"
      title={t('map.area.title')}
      extra={
        detail && (
          <Button size="small" type="link" onClick={() => onZoomTo(detail)}>
            {t('map.area.zoomTo')}
          </Button>
        )
      }
      data-testid="area-card"
    >
      {state.loading ? (
        <Skeleton active paragraph={{ rows: 4 }} title={false} />
      ) : state.error ? (
        <ErrorAlert error={state.error} />
      ) : detail ? (
        <>
          <Typography.Title level={5} style={{ marginTop: 0 }} data-testid="area-name">
            {detail.name}
          </Typography.Title>
          <Breadcrumb style={{ marginBottom: 8, fontSize: 12 }} items={detail.path.map((p) => ({ title: p.name, key: p.code }))} />
          <Descriptions size="small" column={1} colon={false} styles={{ label: LABEL_STYLE }}>
            <Descriptions.Item label={t('map.area.level')}>{t(`level.${detail.level}`)}</Descriptions.Item>
            <Descriptions.Item label={t('map.area.code')}>
              <span className="zc-mono" data-testid="area-code">
                {detail.code}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('map.area.children')}>
              {detail.level === 'grid' ? '—' : formatNumber(detail.childCount, locale)}
            </Descriptions.Item>
            <Descriptions.Item label={t('map.area.size')}>{formatArea(detail.areaSqm, locale)}</Descriptions.Item>
          </Descriptions>
        </>
      ) : null}
    </Card>
  );
}

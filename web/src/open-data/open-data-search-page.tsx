/**
 * 开放数据目录: search the open datasets with facets (theme, department, format, update cycle,
 * open type). The query lives in the URL, so a search can be bookmarked and shared.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Empty, Input, Pagination, Space, Spin, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { useLocale, useT, type TranslateFn } from '../i18n/i18n.js';
import { errorLine } from '../lib/describe-error.js';
import { formatDateTime } from '../lib/format.js';
import { openDataApi, type OpenDatasetPage, type OpenFacetItem } from './open-data-api.js';
import { cycleKey, openTypeKey } from './open-data-labels.js';
import { OpenDataShell } from './open-data-shell.js';

const PAGE = 10;
const FACETS = ['theme', 'department', 'format', 'updateCycle', 'openType'] as const;
type Facet = (typeof FACETS)[number];

function facetLabel(facet: Facet, item: OpenFacetItem, t: TranslateFn): string {
  if (facet === 'updateCycle') {
    const k = cycleKey(item.value);
    return k ? t(k) : item.value;
  }
  if (facet === 'openType') {
    const k = openTypeKey(item.value);
    return k ? t(k) : item.value;
  }
  return item.label;
}

export function OpenDataSearchPage() {
  const t = useT();
  const { locale } = useLocale();
  const [params, setParams] = useSearchParams();
  const [page, setPage] = useState<OpenDatasetPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const q = params.get('q') ?? '';
  const current = Number(params.get('page') ?? '1') || 1;
  const key = params.toString();

  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    setError(null);
    const query: Record<string, string | number> = { limit: PAGE, offset: (current - 1) * PAGE };
    if (q) query.q = q;
    for (const f of FACETS) {
      const v = params.get(f);
      if (v) query[f] = v;
    }
    openDataApi
      .search(query as never, ctl.signal)
      .then(setPage, (err: unknown) => {
        if (!ctl.signal.aborted) setError(errorLine(err, t));
      })
      .finally(() => {
        if (!ctl.signal.aborted) setLoading(false);
      });
    return () => ctl.abort();
    // The URL query (key) is the whole input of the search.
  }, [key]);

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  const filtered = FACETS.some((f) => params.get(f)) || !!q;

  return (
    <OpenDataShell>
      <Typography.Paragraph type="secondary">{t('openData.subtitle')}</Typography.Paragraph>
      <Input.Search
        size="large"
        allowClear
        defaultValue={q}
        key={q}
        placeholder={t('openData.search.placeholder')}
        onSearch={(v) => update({ q: v.trim() || null })}
        style={{ marginBottom: 20 }}
        data-testid="od-search"
      />
      <div className="zc-od-layout">
        <aside data-testid="od-facets">
          {FACETS.map((f) => {
            const items = page?.facets[f] ?? [];
            if (!items.length) return null;
            const active = params.get(f);
            return (
              <Card key={f} size="small" title={t(`openData.facet.${f}`)} className="zc-od-facet">
                {items.map((item) => (
                  <div
                    key={item.value}
                    role="button"
                    tabIndex={0}
                    className={`zc-od-facet-item${active === item.value ? ' active' : ''}`}
                    onClick={() => update({ [f]: active === item.value ? null : item.value })}
                    onKeyDown={(e) => e.key === 'Enter' && update({ [f]: active === item.value ? null : item.value })}
                    data-testid={`od-facet-${f}-${item.value}`}
                  >
                    <span>{facetLabel(f, item, t)}</span>
                    <span>{item.count}</span>
                  </div>
                ))}
              </Card>
            );
          })}
          {filtered && (
            <Button block onClick={() => setParams(new URLSearchParams())}>
              {t('openData.search.clear')}
            </Button>
          )}
        </aside>
        <section>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Spin spinning={loading}>
            {page && (
              <Typography.Text type="secondary" data-testid="od-total">
                {t('openData.search.total', { n: page.total })}
              </Typography.Text>
            )}
            <div style={{ marginTop: 8 }} data-testid="od-results">
              {page && page.items.length === 0 && <Empty description={t('openData.search.empty')} />}
              {page?.items.map((d) => (
                <Card key={d.id} size="small" className="zc-od-card" data-testid="od-result">
                  <Space direction="vertical" size={4} style={{ width: '100%' }}>
                    <Link to={`/open-data/datasets/${d.id}`}>
                      <Typography.Title level={5} style={{ margin: 0 }}>
                        {d.title}
                      </Typography.Title>
                    </Link>
                    <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
                      {d.summary}
                    </Typography.Paragraph>
                    <Space wrap size={[4, 4]}>
                      <Tag color={d.openType === 'unconditional' ? 'green' : 'orange'}>
                        {t(openTypeKey(d.openType) ?? 'openData.openType.conditional')}
                      </Tag>
                      {d.department.name && <Tag>{d.department.name}</Tag>}
                      {d.themes.map((x) => (
                        <Tag key={x} color="blue">
                          {x}
                        </Tag>
                      ))}
                      <Typography.Text type="secondary">
                        {d.hasData ? t('openData.card.rows', { n: d.rowCount }) : t('openData.card.noData')}
                        {d.dataUpdatedAt ? ` · ${t('openData.card.updated', { at: formatDateTime(d.dataUpdatedAt, locale) })}` : ''}
                      </Typography.Text>
                    </Space>
                  </Space>
                </Card>
              ))}
            </div>
            {page && page.total > PAGE && (
              <Pagination
                current={current}
                pageSize={PAGE}
                total={page.total}
                showSizeChanger={false}
                onChange={(p) => update({ page: String(p) })}
              />
            )}
          </Spin>
        </section>
      </div>
    </OpenDataShell>
  );
}

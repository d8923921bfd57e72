/**
 * 资源目录: the city's information resources, found by Chinese text and narrowed by facets
 * (department, class, share/open type, grade, theme, update cycle). Every facet shows how many
 * resources each value holds under the other filters, as the server counts them.
 */
import { useCallback, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { CursorPager } from '../components/cursor-pager.js';
import { ErrorAlert } from '../components/error-alert.js';
import { PageHead } from '../components/page-head.js';
import { useUser } from '../auth/auth-context.js';
import { useLocale, useT } from '../i18n/i18n.js';
import { formatDateTime, formatNumber } from '../lib/format.js';
import { hasPermission } from '../lib/permissions.js';
import { useCursorList } from '../lib/use-cursor-list.js';
import { useDebounced } from '../lib/use-debounced.js';
import { catalogApi, type FacetName, type Resource, type ResourceFilter, type ResourcePage } from './catalog-api.js';
import { GradeTag, ResourceStatusTag, ShareTypeTag } from './catalog-labels.js';

/** The facets offered as filters, in the order shown. */
const FACETS: ReadonlyArray<Exclude<FacetName, 'format'>> = [
  'department',
  'classCode',
  'shareType',
  'openType',
  'grade',
  'theme',
  'updateCycle',
];

export function ResourcesPage() {
  const t = useT();
  const { locale } = useLocale();
  const user = useUser();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const [picked, setPicked] = useState<Partial<Record<FacetName, string>>>({});
  const [facets, setFacets] = useState<ResourcePage['facets'] | null>(null);

  const filter = { ...(q ? { q } : {}), ...picked } as ResourceFilter;
  const fetchPage = useCallback(async (f: ResourceFilter, cursor: string | undefined, limit: number, signal: AbortSignal) => {
    const page = await catalogApi.search({ ...f, cursor, limit }, signal);
    setFacets(page.facets);
    return page;
  }, []);
  const list = useCursorList<Resource, ResourceFilter>(fetchPage, filter, 20);

  const facetLabel = (name: FacetName, value: string, label: string): string => {
    // The server labels departments and classes by name; enumerations are translated here.
    if (name === 'shareType') return t(`catalog.shareType.${value as 'none'}`);
    if (name === 'openType') return t(`catalog.openType.${value as 'none'}`);
    if (name === 'grade') return t(`catalog.grade.${value as 'core'}`);
    if (name === 'updateCycle') return t(`catalog.cycle.${value as 'daily'}`);
    return label || value;
  };

  return (
    <div data-testid="catalog-page">
      <PageHead
        title={t('catalog.list.title')}
        subtitle={t('catalog.list.subtitle')}
        actions={
          hasPermission(user, 'catalog.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/catalog/new')} data-testid="catalog-create">
              {t('catalog.list.create')}
            </Button>
          )
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          size="large"
          placeholder={t('catalog.list.search')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="catalog-search"
          style={{ marginBottom: 12 }}
        />
        <Space wrap>
          {FACETS.map((name) => (
            <Select
              key={name}
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              style={{ minWidth: 170 }}
              placeholder={t(`catalog.facet.${name}`)}
              value={picked[name]}
              onChange={(v: string | undefined) => setPicked((p) => ({ ...p, [name]: v }))}
              options={(facets?.[name] ?? []).map((f) => ({ value: f.value, label: `${facetLabel(name, f.value, f.label)} (${f.count})` }))}
              data-testid={`catalog-facet-${name}`}
            />
          ))}
          {(Object.values(picked).some(Boolean) || text) && (
            <Button
              onClick={() => {
                setPicked({});
                setText('');
              }}
            >
              {t('common.reset')}
            </Button>
          )}
        </Space>
      </Card>
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} style={{ marginBottom: 16 }} /> : null}
      <Typography.Text type="secondary" data-testid="catalog-total" data-count={list.total ?? 0}>
        {t('catalog.list.total', { count: list.total ?? 0 })}
      </Typography.Text>
      <Table<Resource>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        data-testid="catalog-table"
        style={{ marginTop: 8 }}
        columns={[
          { title: t('catalog.col.code'), dataIndex: 'code', width: 150, render: (v: string) => <span className="zc-mono">{v}</span> },
          {
            title: t('catalog.col.name'),
            dataIndex: 'name',
            render: (_: unknown, r) => (
              <Space direction="vertical" size={0}>
                <Link to={`/catalog/resources/${r.id}`} data-testid="catalog-open">
                  {r.name}
                </Link>
                <Typography.Text type="secondary" ellipsis style={{ maxWidth: 460, fontSize: 12 }}>
                  {r.summary}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('catalog.col.department'),
            dataIndex: 'providerDepartmentName',
            render: (v: string | null, r) => v ?? r.providerDepartmentCode,
          },
          { title: t('catalog.facet.shareType'), dataIndex: 'shareType', render: (v: Resource['shareType']) => <ShareTypeTag value={v} /> },
          { title: t('catalog.facet.grade'), dataIndex: 'grade', render: (v: Resource['grade']) => <GradeTag grade={v} /> },
          {
            title: t('catalog.facet.updateCycle'),
            dataIndex: 'updateCycle',
            render: (v: Resource['updateCycle']) => <Tag>{t(`catalog.cycle.${v}`)}</Tag>,
          },
          { title: t('catalog.col.rows'), dataIndex: 'rowCount', align: 'right', render: (v: number) => formatNumber(v, locale) },
          {
            title: t('catalog.col.updated'),
            dataIndex: 'dataUpdatedAt',
            render: (v: string | null) => (v ? formatDateTime(v, locale) : '—'),
          },
          { title: t('common.status'), dataIndex: 'status', render: (v: Resource['status']) => <ResourceStatusTag status={v} /> },
        ]}
      />
      <CursorPager list={list} />
    </div>
  );
}

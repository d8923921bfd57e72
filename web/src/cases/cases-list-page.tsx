/**
 * 我的工作: the cases waiting for this user, by deadline, with yellow (≥ 80 % of the working time
 * used) and red (overdue) cards. "My to-do" is derived from what the user's permissions let them do
 * (a handler: dispatched and accepted cases of their department, which the server scopes; a
 * dispatcher: cases to dispatch and requests to approve; …). Filters by status, department, grid,
 * category, card, period and text; server-side paging; CSV export (callers are masked by the
 * server in every list, so in every export).
 */
import { useMemo } from 'react';
import { Button, Card, DatePicker, Input, Segmented, Select, Table, Tooltip, Typography } from 'antd';
import type { GetProps, TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useUser } from '../auth/auth-context.js';
import { CursorPager } from '../components/cursor-pager.js';
import { ErrorAlert } from '../components/error-alert.js';
import { ExportButton } from '../components/export-button.js';
import { ListEmpty } from '../components/list-empty.js';
import { PageHead } from '../components/page-head.js';
import { useLocale, useT } from '../i18n/i18n.js';
import type { CsvColumn } from '../lib/csv.js';
import { cityDayBoundary, formatDateTime } from '../lib/format.js';
import { useAllDepartments } from '../lib/org-lookups.js';
import { hasPermission } from '../lib/permissions.js';
import { useCursorList } from '../lib/use-cursor-list.js';
import { useDebounced } from '../lib/use-debounced.js';
import { useFilterInputs } from '../lib/use-filter-inputs.js';
import type { SessionUser } from '../api/types.js';
import { casesApi, type CaseCard, type CaseFilter, type CaseItem } from './cases-api.js';
import { CARDS, CardTag, CaseStatusTag, channelKey, statusKey, statusOptions, useCategories } from './cases-labels.js';
import './cases.css';

type RangeValue = GetProps<typeof DatePicker.RangePicker>['value'];
type View = 'todo' | 'visit' | 'open' | 'all';
interface FilterInput {
  view: View;
  status?: string;
  departmentCode?: string;
  categoryCode?: string;
  card?: CaseCard;
  grid: string;
  q: string;
  range: RangeValue;
}

/** Statuses in which each permission has something to do (the workflow table's `from` columns). */
const TODO: Array<[string, string[]]> = [
  ['cases.create', ['reported']],
  ['cases.dispatch', ['registered', 'return_requested', 'extension_requested']],
  ['cases.handle', ['dispatched', 'accepted']],
  ['cases.verify', ['handled']],
  ['cases.close', ['handled', 'verified']],
  ['cases.supervise', ['dispatched', 'accepted', 'extension_requested', 'return_requested', 'suspended']],
];

/** The statuses this user acts on, as the list's comma filter; `open` when none apply. */
export function todoStatuses(user: SessionUser | null): string {
  const set = new Set<string>();
  for (const [perm, statuses] of TODO) if (hasPermission(user, perm)) statuses.forEach((s) => set.add(s));
  return set.size > 0 ? [...set].join(',') : 'open';
}

export function CasesListPage() {
  const t = useT();
  const { locale } = useLocale();
  const me = useUser();
  const navigate = useNavigate();
  const categories = useCategories();
  const departments = useAllDepartments();
  const inputs = useFilterInputs<FilterInput>({ view: 'todo', grid: '', q: '', range: null });
  const { view, status, departmentCode, categoryCode, card, range } = inputs.values;
  const q = useDebounced(inputs.values.q.trim());
  const gridCode = useDebounced(inputs.values.grid.trim());
  const from = range?.[0] ? cityDayBoundary(range[0].format('YYYY-MM-DD'), 'start') : undefined;
  const to = range?.[1] ? cityDayBoundary(range[1].format('YYYY-MM-DD'), 'end') : undefined;
  // Closed cases wait for the return visit (回访) in their own view, not among the day's to-dos.
  const canVisit = hasPermission(me, 'cases.close') || hasPermission(me, 'cases.personal.read');
  const viewStatus = view === 'todo' ? todoStatuses(me) : view === 'visit' ? 'closed' : view === 'open' ? 'open' : undefined;
  const filter: CaseFilter = useMemo(
    () => ({
      status: status ?? viewStatus,
      departmentCode,
      categoryCode,
      card,
      gridCode: gridCode || undefined,
      q: q || undefined,
      from,
      to,
      sort: view === 'all' ? 'created' : 'deadline',
    }),
    [status, viewStatus, departmentCode, categoryCode, card, gridCode, q, from, to, view],
  );
  const narrowed = Boolean(status || departmentCode || categoryCode || card || gridCode || q || from);
  const list = useCursorList((f: CaseFilter, cursor, limit, signal) => casesApi.list({ ...f, cursor, limit }, signal), filter);

  const columns: TableColumnsType<CaseItem> = [
    {
      title: t('cases.field.number'),
      dataIndex: 'number',
      render: (v: string, c) => (
        <Link to={`/cases/${encodeURIComponent(c.id)}`} className="zc-mono" data-testid={`case-link-${v}`}>
          {v}
        </Link>
      ),
    },
    { title: t('cases.field.card'), dataIndex: 'card', render: (v: CaseCard, c) => <CardTag card={v} timeUsed={c.timeUsed} /> },
    { title: t('common.status'), dataIndex: 'status', render: (s: CaseItem['status']) => <CaseStatusTag status={s} /> },
    { title: t('cases.field.deadline'), dataIndex: 'deadline', render: (v: string) => formatDateTime(v, locale) },
    { title: t('cases.field.category'), dataIndex: 'categoryCode', render: (v: string, c) => c.categoryName ?? categories.name(v) },
    {
      title: t('cases.field.description'),
      dataIndex: 'description',
      render: (v: string) => (
        <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: 320 }}>
          {v}
        </Typography.Text>
      ),
    },
    { title: t('cases.field.department'), key: 'department', render: (_, c) => c.department?.name ?? '—' },
    { title: t('cases.field.grid'), key: 'grid', render: (_, c) => <span className="zc-mono">{c.grid?.code ?? '—'}</span> },
    { title: t('cases.field.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, locale) },
  ];

  const csvColumns = (): CsvColumn<CaseItem>[] => [
    { title: t('cases.field.number'), value: (c) => c.number },
    { title: t('common.status'), value: (c) => t(statusKey(c.status)) },
    { title: t('cases.field.card'), value: (c) => (c.card === 'none' ? '' : t(c.card === 'red' ? 'cases.card.red' : 'cases.card.yellow')) },
    { title: t('cases.field.channel'), value: (c) => t(channelKey(c.channel)) },
    { title: t('cases.field.category'), value: (c) => c.categoryName ?? categories.name(c.categoryCode) },
    { title: t('cases.field.description'), value: (c) => c.description },
    { title: t('cases.field.address'), value: (c) => c.address },
    { title: t('cases.field.grid'), value: (c) => c.grid?.code },
    { title: t('cases.field.department'), value: (c) => c.department?.name },
    // The list API masks callers for every viewer; the export writes what it got.
    { title: t('cases.field.callerName'), value: (c) => c.caller?.name },
    { title: t('cases.field.callerPhone'), value: (c) => c.caller?.phone },
    { title: t('cases.field.createdAt'), value: (c) => formatDateTime(c.createdAt, locale) },
    { title: t('cases.field.deadline'), value: (c) => formatDateTime(c.deadline, locale) },
    { title: t('cases.field.closedAt'), value: (c) => formatDateTime(c.closedAt, locale) },
  ];

  return (
    <div className="zc-page" data-testid="cases-list-page">
      <PageHead
        title={t('cases.list.title')}
        subtitle={list.total !== undefined ? t('cases.list.total', { total: list.total }) : undefined}
        actions={
          <>
            <ExportButton
              filename="cases"
              columns={csvColumns}
              fetchPage={(cursor, limit) => casesApi.list({ ...filter, cursor, limit })}
            />
            {hasPermission(me, 'cases.create') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/cases/intake')}>
                {t('cases.nav.intake')}
              </Button>
            )}
          </>
        }
      />
      <Card>
        <div className="zc-toolbar">
          <Segmented<View>
            value={view}
            onChange={inputs.set('view')}
            options={[
              { value: 'todo', label: t('cases.list.todo') },
              ...(canVisit ? [{ value: 'visit' as const, label: t('cases.list.visit') }] : []),
              { value: 'open', label: t('cases.list.open') },
              { value: 'all', label: t('cases.list.all') },
            ]}
            data-testid="cases-view"
          />
          <Input.Search
            allowClear
            placeholder={t('cases.list.search')}
            value={inputs.values.q}
            onChange={(e) => inputs.set('q')(e.target.value)}
            style={{ width: 240 }}
            data-testid="cases-search"
          />
          <Select
            allowClear
            placeholder={t('common.status')}
            value={status}
            onChange={inputs.set('status')}
            options={statusOptions(t)}
            style={{ width: 130 }}
            data-testid="cases-filter-status"
          />
          <Select
            allowClear
            placeholder={t('cases.field.card')}
            value={card}
            onChange={inputs.set('card')}
            options={CARDS.map((c) => ({ value: c, label: t(`cases.card.${c}`) }))}
            style={{ width: 110 }}
            data-testid="cases-filter-card"
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('cases.field.department')}
            value={departmentCode}
            onChange={inputs.set('departmentCode')}
            options={departments.items.map((d) => ({ value: d.code, label: d.name }))}
            style={{ width: 190 }}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('cases.field.category')}
            value={categoryCode}
            onChange={inputs.set('categoryCode')}
            options={categories.tree.map((n) => ({
              label: n.name,
              options: [
                { value: n.code, label: `${n.code} ${n.name}（${t('cases.list.wholeGroup')}）` },
                ...n.children.map((c) => ({ value: c.code, label: `${c.code} ${c.name}` })),
              ],
            }))}
            style={{ width: 200 }}
          />
          <Input
            allowClear
            placeholder={t('cases.field.grid')}
            value={inputs.values.grid}
            onChange={(e) => inputs.set('grid')(e.target.value)}
            style={{ width: 150 }}
          />
          <DatePicker.RangePicker value={range} onChange={inputs.set('range')} placeholder={[t('cases.list.from'), t('cases.list.to')]} />
          {narrowed && <Button onClick={inputs.reset}>{t('common.reset')}</Button>}
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />
          </Tooltip>
        </div>
        {list.error != null && <ErrorAlert error={list.error} onRetry={list.reload} style={{ marginBottom: 12 }} />}
        <Table<CaseItem>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.items}
          loading={list.loading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          rowClassName={(c) => (c.card === 'none' ? '' : `zc-case-row-${c.card}`)}
          onRow={(c) => ({ onDoubleClick: () => navigate(`/cases/${encodeURIComponent(c.id)}`) })}
          locale={{ emptyText: <ListEmpty filtered={narrowed} onReset={inputs.reset} what={t('cases.list.what')} /> }}
          data-testid="cases-table"
        />
        <CursorPager list={list} />
      </Card>
    </div>
  );
}

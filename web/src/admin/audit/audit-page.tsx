/**
 * 审计日志: the append-only, hash-chained record of every state change. Filter by actor, action,
 * target and a date range (days in Asia/Shanghai), page through, export what the filter matches.
 */
import { useMemo } from 'react';
import { DatePicker, Tooltip, Typography } from 'antd';
import type { GetProps, TableColumnsType } from 'antd';
import { auditApi } from '../../api/endpoints.js';
import type { AuditQuery, AuditRecord } from '../../api/types.js';
import { FilterSelect, FilterText } from '../../components/filter-controls.js';
import { ListPage } from '../../components/list-page.js';
import { useLocale, useT } from '../../i18n/i18n.js';
import type { CsvColumn } from '../../lib/csv.js';
import { cityDayBoundary, formatDateTime } from '../../lib/format.js';
import { useAllUsers, userLabel } from '../../lib/org-lookups.js';
import { useCursorList } from '../../lib/use-cursor-list.js';
import { useDebounced } from '../../lib/use-debounced.js';
import { useFilterInputs } from '../../lib/use-filter-inputs.js';

type Filter = Omit<AuditQuery, 'limit' | 'cursor'>;
type RangeValue = GetProps<typeof DatePicker.RangePicker>['value'];
interface FilterInput {
  actor?: string;
  action: string;
  target: string;
  range: RangeValue;
}

function detailText(detail: unknown): string {
  if (detail === null || detail === undefined) return '';
  return typeof detail === 'string' ? detail : JSON.stringify(detail);
}

export function AuditPage() {
  const t = useT();
  const { locale } = useLocale();
  const users = useAllUsers();
  const inputs = useFilterInputs<FilterInput>({ action: '', target: '', range: null });
  const { actor, range } = inputs.values;
  const action = useDebounced(inputs.values.action.trim());
  const target = useDebounced(inputs.values.target.trim());
  const from = range?.[0] ? cityDayBoundary(range[0].format('YYYY-MM-DD'), 'start') : undefined;
  const to = range?.[1] ? cityDayBoundary(range[1].format('YYYY-MM-DD'), 'end') : undefined;
  const filter: Filter = useMemo(() => ({ actor, action, target, from, to }), [actor, action, target, from, to]);

  const list = useCursorList((f: Filter, cursor, limit, signal) => auditApi.list({ ...f, cursor, limit }, signal), filter, 50);

  const actorName = (id: string) => {
    if (!id || id === 'system') return t('audit.system');
    if (id === 'anonymous') return t('audit.anonymous');
    return userLabel(users.items, id);
  };

  const columns: TableColumnsType<AuditRecord> = [
    { title: t('audit.seq'), dataIndex: 'seq', width: 80, align: 'right' },
    { title: t('audit.at'), dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v, locale) },
    {
      title: t('audit.actor'),
      dataIndex: 'actor',
      render: (v: string) => (
        <Tooltip title={v}>
          <span>{actorName(v)}</span>
        </Tooltip>
      ),
    },
    { title: t('audit.action'), dataIndex: 'action', render: (v: string) => <span className="zc-mono">{v}</span> },
    {
      title: t('audit.target'),
      dataIndex: 'target',
      render: (v: string) => {
        // `user:<id>` targets are easier to read with the person's name.
        const userId = v.startsWith('user:') ? v.slice(5) : null;
        const known = userId ? users.items.find((u) => u.id === userId) : undefined;
        return (
          <span className="zc-mono">
            {v || '—'}
            {known && <span className="zc-muted"> · {known.displayName}</span>}
          </span>
        );
      },
    },
    {
      title: t('audit.detail'),
      dataIndex: 'detail',
      render: (d: unknown) => {
        const text = detailText(d);
        return text ? (
          <Typography.Text className="zc-mono" style={{ maxWidth: 360, fontSize: 12 }} ellipsis={{ tooltip: text }}>
            {text}
          </Typography.Text>
        ) : (
          '—'
        );
      },
    },
    {
      title: t('audit.hash'),
      dataIndex: 'hash',
      render: (h: string) => (
        <Tooltip title={h}>
          <span className="zc-mono zc-muted">{h.slice(0, 10)}…</span>
        </Tooltip>
      ),
    },
  ];

  const csvColumns = (): CsvColumn<AuditRecord>[] => [
    { title: t('audit.seq'), value: (r) => r.seq },
    { title: t('audit.at'), value: (r) => formatDateTime(r.at, locale) },
    { title: t('audit.actor'), value: (r) => r.actor },
    { title: t('audit.actorName'), value: (r) => actorName(r.actor) },
    { title: t('audit.action'), value: (r) => r.action },
    { title: t('audit.target'), value: (r) => r.target },
    { title: t('audit.detail'), value: (r) => detailText(r.detail) },
    { title: t('audit.hash'), value: (r) => r.hash },
  ];

  return (
    <ListPage<AuditRecord>
      testId="audit-page"
      title={t('audit.title')}
      subtitle={t('audit.subtitle')}
      exportCsv={{ filename: 'audit', columns: csvColumns, fetchPage: (cursor, limit) => auditApi.list({ ...filter, cursor, limit }) }}
      controls={
        <>
          <FilterSelect
            inputs={inputs}
            name="actor"
            searchable
            placeholder={t('audit.filter.actor')}
            options={[
              { value: 'system', label: t('audit.system') },
              { value: 'anonymous', label: t('audit.anonymous') },
              ...users.items.map((u) => ({ value: u.id, label: `${u.displayName} · ${u.username}` })),
            ]}
            width={220}
          />
          <FilterText inputs={inputs} name="action" placeholder={t('audit.filter.action')} width={200} />
          <FilterText inputs={inputs} name="target" placeholder={t('audit.filter.target')} width={200} />
          <DatePicker.RangePicker value={range} onChange={inputs.set('range')} placeholder={[t('audit.from'), t('audit.to')]} />
        </>
      }
      filter={{ value: filter, reset: inputs.reset }}
      what={t('audit.what')}
      list={list}
      table={{ rowKey: 'seq', columns, size: 'small' }}
    />
  );
}

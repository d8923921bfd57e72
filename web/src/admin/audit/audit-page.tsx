/**
 * 审计日志: the append-only, hash-chained record of every state change. Filter by actor, action,
 * target and a date range (days in Asia/Shanghai), page through, export what the filter matches.
 */
import { useMemo, useState } from 'react';
import { Button, Card, DatePicker, Input, Select, Space, Table, Tooltip, Typography } from 'antd';
import type { GetProps, TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { auditApi } from '../../api/endpoints.js';
import type { AuditQuery, AuditRecord } from '../../api/types.js';
import { CursorPager } from '../../components/cursor-pager.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { ExportButton } from '../../components/export-button.js';
import { ListEmpty } from '../../components/list-empty.js';
import { useLocale, useT } from '../../i18n/i18n.js';
import type { CsvColumn } from '../../lib/csv.js';
import { cityDayBoundary, formatDateTime } from '../../lib/format.js';
import { useAllUsers, userLabel } from '../../lib/org-lookups.js';
import { useCursorList } from '../../lib/use-cursor-list.js';
import { useDebounced } from '../../lib/use-debounced.js';

type Filter = Omit<AuditQuery, 'limit' | 'cursor'>;
type RangeValue = GetProps<typeof DatePicker.RangePicker>['value'];

function detailText(detail: unknown): string {
  if (detail === null || detail === undefined) return '';
  return typeof detail === 'string' ? detail : JSON.stringify(detail);
}

export function AuditPage() {
  const t = useT();
  const { locale } = useLocale();
  const users = useAllUsers();
  const [actor, setActor] = useState<string>();
  const [actionInput, setActionInput] = useState('');
  const [targetInput, setTargetInput] = useState('');
  const [range, setRange] = useState<RangeValue>(null);
  const action = useDebounced(actionInput.trim());
  const target = useDebounced(targetInput.trim());
  const from = range?.[0] ? cityDayBoundary(range[0].format('YYYY-MM-DD'), 'start') : undefined;
  const to = range?.[1] ? cityDayBoundary(range[1].format('YYYY-MM-DD'), 'end') : undefined;
  const filter: Filter = useMemo(() => ({ actor, action, target, from, to }), [actor, action, target, from, to]);
  const filtered = Boolean(actor || action || target || from || to);

  const list = useCursorList((f: Filter, cursor, limit, signal) => auditApi.list({ ...f, cursor, limit }, signal), filter, 50);

  const resetFilters = () => {
    setActor(undefined);
    setActionInput('');
    setTargetInput('');
    setRange(null);
  };

  const actorName = (id: string | null) => {
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
      render: (v: string | null) => (
        <Tooltip title={v}>
          <span>{actorName(v)}</span>
        </Tooltip>
      ),
    },
    { title: t('audit.action'), dataIndex: 'action', render: (v: string) => <span className="zc-mono">{v}</span> },
    {
      title: t('audit.target'),
      dataIndex: 'target',
      render: (v: string | null) => {
        // `user:<id>` targets are easier to read with the person's name.
        const userId = v?.startsWith('user:') ? v.slice(5) : null;
        const known = userId ? users.items.find((u) => u.id === userId) : undefined;
        return (
          <span className="zc-mono">
            {v ?? '—'}
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
    <div className="zc-page" data-testid="audit-page">
      <div className="zc-page-head">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('audit.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('audit.subtitle')}</Typography.Text>
        </div>
        <ExportButton filename="audit" columns={csvColumns} fetchPage={(cursor, limit) => auditApi.list({ ...filter, cursor, limit })} />
      </div>
      <Card>
        <div className="zc-toolbar">
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('audit.filter.actor')}
            value={actor}
            onChange={setActor}
            options={[
              { value: 'system', label: t('audit.system') },
              { value: 'anonymous', label: t('audit.anonymous') },
              ...users.items.map((u) => ({ value: u.id, label: `${u.displayName} · ${u.username}` })),
            ]}
            style={{ width: 220 }}
          />
          <Input
            allowClear
            placeholder={t('audit.filter.action')}
            value={actionInput}
            onChange={(e) => setActionInput(e.target.value)}
            style={{ width: 200 }}
          />
          <Input
            allowClear
            placeholder={t('audit.filter.target')}
            value={targetInput}
            onChange={(e) => setTargetInput(e.target.value)}
            style={{ width: 200 }}
          />
          <DatePicker.RangePicker value={range} onChange={setRange} placeholder={[t('audit.from'), t('audit.to')]} />
          {filtered && <Button onClick={resetFilters}>{t('common.reset')}</Button>}
          <Space>
            <Tooltip title={t('common.refresh')}>
              <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />
            </Tooltip>
          </Space>
        </div>
        {list.error != null && <ErrorAlert error={list.error} onRetry={list.reload} style={{ marginBottom: 12 }} />}
        <Table<AuditRecord>
          rowKey="seq"
          size="small"
          columns={columns}
          dataSource={list.items}
          loading={list.loading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <ListEmpty filtered={filtered} onReset={resetFilters} what={t('audit.what')} /> }}
        />
        <CursorPager list={list} />
      </Card>
    </div>
  );
}

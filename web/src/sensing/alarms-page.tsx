/**
 * 告警: alarms newest first, filtered by status, warning colour, rule and device; each with its
 * repeat count, when it was raised, last breached and cleared, and who acknowledged it and what
 * they wrote. Active alarms are acknowledged here with a comment.
 */
import { useMemo, useState } from 'react';
import { App, Button, Form, Input, Modal, Select, Space, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { useUser } from '../auth/auth-context.js';
import { FilterSelect } from '../components/filter-controls.js';
import { ListPage } from '../components/list-page.js';
import { useLocale, useT } from '../i18n/i18n.js';
import type { CsvColumn } from '../lib/csv.js';
import { formatDateTime } from '../lib/format.js';
import { hasPermission } from '../lib/permissions.js';
import { useAsync } from '../lib/use-async.js';
import { useCursorList } from '../lib/use-cursor-list.js';
import { useDebounced } from '../lib/use-debounced.js';
import { useFilterInputs } from '../lib/use-filter-inputs.js';
import { useServerForm } from '../lib/use-server-form.js';
import { sensingApi, type Alarm, type AlarmListQuery, type AlarmStatusFilter, type Severity } from './sensing-api.js';
import { AlarmStatusTag, SeverityTag, severityOptions } from './sensing-labels.js';
import './sensing.css';

type Filter = Omit<AlarmListQuery, 'limit' | 'cursor'>;
interface FilterInput {
  status?: AlarmStatusFilter;
  severity?: Severity;
  ruleId?: string;
  deviceId: string;
}

const STATUSES: AlarmStatusFilter[] = ['open', 'active', 'acknowledged', 'cleared'];

const show = (v: unknown) => (v === null || v === undefined ? '—' : String(v));

export function AlarmsPage() {
  const t = useT();
  const { locale } = useLocale();
  const me = useUser();
  const canAck = hasPermission(me, 'sensing.alarms.write');
  const [params] = useSearchParams();
  const inputs = useFilterInputs<FilterInput>({
    deviceId: params.get('deviceId') ?? '',
    status: params.get('deviceId') ? undefined : 'open',
  });
  const { status, severity, ruleId } = inputs.values;
  const deviceId = useDebounced(inputs.values.deviceId.trim());
  const filter: Filter = useMemo(
    () => ({ status, severity, ruleId, deviceId: deviceId || undefined }),
    [status, severity, ruleId, deviceId],
  );
  const list = useCursorList((f: Filter, cursor, limit, signal) => sensingApi.listAlarms({ ...f, cursor, limit }, signal), filter);
  const rules = useAsync((signal) => sensingApi.listRules({ limit: 1000 }, signal), []);
  const [acking, setAcking] = useState<Alarm | null>(null);

  const columns: TableColumnsType<Alarm> = [
    { title: t('sensing.alarm.severity'), dataIndex: 'severity', render: (s: Severity) => <SeverityTag severity={s} /> },
    { title: t('common.status'), dataIndex: 'status', render: (s: Alarm['status']) => <AlarmStatusTag status={s} /> },
    { title: t('sensing.alarm.rule'), dataIndex: 'ruleName' },
    {
      title: t('sensing.alarm.device'),
      dataIndex: 'deviceId',
      render: (id: string) => (
        <Link to={`/sensing/devices/${encodeURIComponent(id)}`} className="zc-mono">
          {id}
        </Link>
      ),
    },
    {
      title: t('sensing.rule.condition'),
      dataIndex: 'condition',
      render: (v: string, a) => (
        <Tooltip title={t('sensing.alarm.values', { first: show(a.firstValue), last: show(a.lastValue) })}>
          <span className="zc-mono">{v}</span>
        </Tooltip>
      ),
    },
    {
      title: t('sensing.alarm.count'),
      dataIndex: 'count',
      align: 'right',
      render: (n: number) => <span data-testid="alarm-count">{n}</span>,
    },
    { title: t('sensing.alarm.lastValue'), dataIndex: 'lastValue', align: 'right', render: (v: unknown) => show(v) },
    { title: t('sensing.alarm.raisedAt'), dataIndex: 'raisedAt', render: (v: string) => formatDateTime(v, locale) },
    { title: t('sensing.alarm.lastSeenAt'), dataIndex: 'lastSeenAt', render: (v: string) => formatDateTime(v, locale) },
    {
      title: t('sensing.alarm.clearedAt'),
      dataIndex: 'clearedAt',
      render: (v: string | null, a) =>
        v ? `${formatDateTime(v, locale)}${a.clearReason ? ` (${t(`sensing.clear.${a.clearReason}`)})` : ''}` : '—',
    },
    {
      title: t('sensing.alarm.ack'),
      key: 'ack',
      render: (_, a) =>
        a.acknowledgedAt ? (
          <Tooltip title={`${formatDateTime(a.acknowledgedAt, locale)} · ${a.acknowledgedBy ?? ''}`}>
            <Typography.Text ellipsis style={{ maxWidth: 200 }} data-testid="alarm-ack-comment">
              {a.ackComment}
            </Typography.Text>
          </Tooltip>
        ) : (
          '—'
        ),
    },
  ];
  if (canAck) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, a) =>
        a.status === 'active' || (a.status === 'cleared' && !a.acknowledged) ? (
          <Button type="link" size="small" onClick={() => setAcking(a)} data-testid={`alarm-ack-${a.id}`}>
            {t('sensing.alarm.acknowledge')}
          </Button>
        ) : null,
    });
  }

  const csvColumns = (): CsvColumn<Alarm>[] => [
    { title: 'id', value: (a) => a.id },
    { title: t('sensing.alarm.severity'), value: (a) => t(`sensing.severity.${a.severity}`) },
    { title: t('common.status'), value: (a) => t(`sensing.alarmStatus.${a.status}`) },
    { title: t('sensing.alarm.rule'), value: (a) => a.ruleName },
    { title: t('sensing.alarm.device'), value: (a) => a.deviceId },
    { title: t('sensing.rule.condition'), value: (a) => a.condition },
    { title: t('sensing.alarm.count'), value: (a) => a.count },
    { title: t('sensing.alarm.firstValue'), value: (a) => show(a.firstValue) },
    { title: t('sensing.alarm.lastValue'), value: (a) => show(a.lastValue) },
    { title: t('sensing.alarm.raisedAt'), value: (a) => formatDateTime(a.raisedAt, locale) },
    { title: t('sensing.alarm.lastSeenAt'), value: (a) => formatDateTime(a.lastSeenAt, locale) },
    { title: t('sensing.alarm.clearedAt'), value: (a) => formatDateTime(a.clearedAt, locale) },
    { title: t('sensing.alarm.ackBy'), value: (a) => a.acknowledgedBy },
    { title: t('sensing.alarm.ack'), value: (a) => a.ackComment },
  ];

  return (
    <ListPage<Alarm>
      testId="alarms-page"
      title={t('sensing.alarms.title')}
      exportCsv={{
        filename: 'alarms',
        columns: csvColumns,
        fetchPage: (cursor, limit) => sensingApi.listAlarms({ ...filter, cursor, limit }),
      }}
      search={{
        placeholder: t('sensing.alarm.deviceSearch'),
        value: inputs.values.deviceId,
        onChange: inputs.set('deviceId'),
        testId: 'alarms-device',
      }}
      controls={
        <>
          <FilterSelect
            inputs={inputs}
            name="status"
            placeholder={t('common.status')}
            options={STATUSES.map((s) => ({ value: s, label: t(`sensing.alarmStatus.${s}`) }))}
          />
          <FilterSelect inputs={inputs} name="severity" placeholder={t('sensing.alarm.severity')} options={severityOptions(t)} />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('sensing.alarm.rule')}
            value={ruleId}
            onChange={inputs.set('ruleId')}
            options={(rules.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))}
            style={{ width: 200 }}
          />
        </>
      }
      filter={{ value: filter, reset: inputs.reset }}
      what={t('sensing.alarms.what')}
      list={list}
      table={{ rowKey: 'id', columns, testId: 'alarms-table', size: 'small' }}
    >
      <AckModal
        alarm={acking}
        onClose={() => setAcking(null)}
        onDone={() => {
          setAcking(null);
          list.reload();
        }}
      />
    </ListPage>
  );
}

/** Acknowledge one alarm: the comment says what was done, and is kept in the alarm's history. */
function AckModal({ alarm, onClose, onDone }: { alarm: Alarm | null; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const server = useServerForm<{ comment: string }>({ fields: ['comment'] });
  const ok = () =>
    server.submit(async (v) => {
      if (!alarm) return;
      await sensingApi.acknowledge(alarm.id, v.comment.trim());
      message.success(t('sensing.alarm.acknowledged'));
      onDone();
    });
  return (
    <Modal
      open={alarm !== null}
      title={t('sensing.alarm.acknowledge.title')}
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={server.saving} onClick={() => void ok()} data-testid="ack-submit">
            {t('sensing.alarm.acknowledge')}
          </Button>
        </Space>
      }
      afterClose={() => server.reset()}
      destroyOnHidden
    >
      {alarm && (
        <Typography.Paragraph>
          <SeverityTag severity={alarm.severity} /> {alarm.ruleName} · <span className="zc-mono">{alarm.deviceId}</span> · {alarm.condition}
        </Typography.Paragraph>
      )}
      {server.error && <Typography.Text type="danger">{server.error}</Typography.Text>}
      <Form form={server.form} layout="vertical">
        <Form.Item
          name="comment"
          label={t('sensing.alarm.comment')}
          rules={[{ required: true, whitespace: true, message: t('sensing.alarm.comment.required') }, { max: 500 }]}
        >
          <Input.TextArea rows={3} placeholder={t('sensing.alarm.comment.placeholder')} data-testid="ack-comment" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

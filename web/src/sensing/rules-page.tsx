/**
 * 规则: the alarm rules, filtered by device type and enabled, with what each watches, its
 * condition and warning colour; create, edit, enable / disable and delete.
 */
import { useMemo, useState } from 'react';
import { App, Button, Popconfirm, Space, Switch } from 'antd';
import type { TableColumnsType } from 'antd';
import { useUser } from '../auth/auth-context.js';
import { FilterSelect } from '../components/filter-controls.js';
import { ListPage } from '../components/list-page.js';
import { useLocale, useT } from '../i18n/i18n.js';
import type { CsvColumn } from '../lib/csv.js';
import { formatDateTime } from '../lib/format.js';
import { hasPermission } from '../lib/permissions.js';
import { useCursorList } from '../lib/use-cursor-list.js';
import { useFilterInputs } from '../lib/use-filter-inputs.js';
import { useRowAction } from '../lib/use-row-action.js';
import { RuleFormDrawer } from './rule-form-drawer.js';
import { sensingApi, type Rule, type RuleListQuery } from './sensing-api.js';
import { SeverityTag, useTypeName } from './sensing-labels.js';
import { useDeviceTypes } from './sensing-lookups.js';
import './sensing.css';

type Filter = Omit<RuleListQuery, 'limit' | 'cursor'>;
interface FilterInput {
  deviceType?: string;
  enabled?: 'yes' | 'no';
}

export function RulesPage() {
  const t = useT();
  const { locale } = useLocale();
  const me = useUser();
  const { message } = App.useApp();
  const canWrite = hasPermission(me, 'sensing.write');
  const types = useDeviceTypes();
  const typeName = useTypeName(types.items);
  const inputs = useFilterInputs<FilterInput>({});
  const { deviceType, enabled } = inputs.values;
  const filter: Filter = useMemo(
    () => ({ deviceType, enabled: enabled === undefined ? undefined : enabled === 'yes' }),
    [deviceType, enabled],
  );
  const list = useCursorList((f: Filter, cursor, limit, signal) => sensingApi.listRules({ ...f, cursor, limit }, signal), filter);
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const action = useRowAction();

  const target = (r: Rule) =>
    r.deviceId
      ? t('sensing.rule.targetOf.device', { name: r.deviceId })
      : r.areaCode
        ? t('sensing.rule.targetOf.area', { name: r.areaCode })
        : t('sensing.rule.targetOf.type', { name: typeName(r.deviceType ?? '') });

  const setEnabled = (r: Rule, on: boolean) =>
    action.run(r.id, async () => {
      await sensingApi.updateRule(r.id, { enabled: on });
      message.success(t(on ? 'sensing.rule.enabledMsg' : 'sensing.rule.disabledMsg', { name: r.name }));
      list.reload();
    });

  const remove = (r: Rule) =>
    action.run(r.id, async () => {
      await sensingApi.deleteRule(r.id);
      message.success(t('sensing.rule.deleted', { name: r.name }));
      list.reload();
    });

  const columns: TableColumnsType<Rule> = [
    { title: t('sensing.rule.name'), dataIndex: 'name' },
    { title: t('sensing.rule.target'), key: 'target', render: (_, r) => target(r) },
    { title: t('sensing.rule.condition'), dataIndex: 'condition', render: (v: string) => <span className="zc-mono">{v}</span> },
    { title: t('sensing.alarm.severity'), dataIndex: 'severity', render: (s: Rule['severity']) => <SeverityTag severity={s} /> },
    {
      title: t('sensing.rule.enabled'),
      dataIndex: 'enabled',
      render: (on: boolean, r) => (
        <Switch
          size="small"
          checked={on}
          disabled={!canWrite}
          loading={action.busyKey === r.id}
          onChange={(next) => void setEnabled(r, next)}
          data-testid={`rule-enabled-${r.id}`}
        />
      ),
    },
    { title: t('sensing.rule.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => formatDateTime(v, locale) },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, r) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(r)}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('sensing.rule.delete.confirm', { name: r.name })}
            description={t('sensing.rule.delete.effect')}
            onConfirm={() => remove(r)}
          >
            <Button type="link" size="small" danger>
              {t('sensing.rule.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  const csvColumns = (): CsvColumn<Rule>[] => [
    { title: 'id', value: (r) => r.id },
    { title: t('sensing.rule.name'), value: (r) => r.name },
    { title: t('sensing.rule.target'), value: (r) => target(r) },
    { title: t('sensing.rule.property'), value: (r) => r.property },
    { title: t('sensing.rule.condition'), value: (r) => r.condition },
    { title: t('sensing.alarm.severity'), value: (r) => t(`sensing.severity.${r.severity}`) },
    { title: t('sensing.rule.enabled'), value: (r) => (r.enabled ? t('sensing.yes') : t('sensing.no')) },
    { title: t('sensing.rule.updatedAt'), value: (r) => formatDateTime(r.updatedAt, locale) },
  ];

  return (
    <ListPage<Rule>
      testId="rules-page"
      title={t('sensing.rules.title')}
      exportCsv={{
        filename: 'alarm-rules',
        columns: csvColumns,
        fetchPage: (cursor, limit) => sensingApi.listRules({ ...filter, cursor, limit }),
      }}
      create={canWrite ? { label: t('sensing.rule.create'), onClick: () => setEditing('new'), testId: 'rule-create' } : undefined}
      controls={
        <>
          <FilterSelect
            inputs={inputs}
            name="deviceType"
            placeholder={t('sensing.filter.type')}
            options={types.items.map((x) => ({ value: x.code, label: typeName(x.code) }))}
            width={180}
          />
          <FilterSelect
            inputs={inputs}
            name="enabled"
            placeholder={t('sensing.rule.enabled')}
            options={[
              { value: 'yes', label: t('sensing.rule.enabledYes') },
              { value: 'no', label: t('sensing.rule.enabledNo') },
            ]}
          />
        </>
      }
      filter={{ value: filter, reset: inputs.reset }}
      what={t('sensing.rules.what')}
      list={list}
      table={{ rowKey: 'id', columns, testId: 'rules-table' }}
    >
      <RuleFormDrawer
        rule={editing === 'new' ? null : editing}
        open={editing !== null}
        onClose={() => setEditing(null)}
        onSaved={(r) => {
          setEditing(null);
          message.success(t('sensing.rule.saved', { name: r.name }));
          list.reload();
        }}
      />
    </ListPage>
  );
}

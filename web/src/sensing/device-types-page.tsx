/**
 * 设备类型 (物模型): every thing model with its properties (unit, value type, possible range,
 * precision), events and commands; a city defines its own types here.
 */
import { useState } from 'react';
import { App, Button, Card, Input, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { TableColumnsType } from 'antd';
import { useUser } from '../auth/auth-context.js';
import { ErrorAlert } from '../components/error-alert.js';
import { ExportButton } from '../components/export-button.js';
import { ListEmpty } from '../components/list-empty.js';
import { PageHead } from '../components/page-head.js';
import { useLocale, useT } from '../i18n/i18n.js';
import type { CsvColumn } from '../lib/csv.js';
import { hasPermission } from '../lib/permissions.js';
import { DeviceTypeFormDrawer } from './device-type-form-drawer.js';
import type { DeviceType, ThingProperty } from './sensing-api.js';
import { localNameOf, useTypeName } from './sensing-labels.js';
import { invalidateTypes, useDeviceTypes } from './sensing-lookups.js';
import './sensing.css';

const range = (p: ThingProperty) => (p.min === undefined && p.max === undefined ? '—' : `${p.min ?? '−∞'} … ${p.max ?? '+∞'}`);

export function DeviceTypesPage() {
  const t = useT();
  const { locale } = useLocale();
  const me = useUser();
  const { message } = App.useApp();
  const canWrite = hasPermission(me, 'sensing.write');
  const [version, setVersion] = useState(0);
  const types = useDeviceTypes(version);
  const typeName = useTypeName(types.items);
  const [creating, setCreating] = useState(false);
  const [q, setQ] = useState('');
  const needle = q.trim().toLowerCase();
  const reload = () => {
    invalidateTypes();
    setVersion((v) => v + 1);
  };
  const items = needle
    ? types.items.filter((x) => [x.code, x.name, x.nameEn ?? ''].some((s) => s.toLowerCase().includes(needle)))
    : types.items;

  const columns: TableColumnsType<DeviceType> = [
    { title: t('sensing.type.code'), dataIndex: 'code', render: (v: string) => <span className="zc-mono">{v}</span> },
    { title: t('sensing.type.name'), key: 'name', render: (_, x) => typeName(x.code) },
    {
      title: t('sensing.type.properties'),
      key: 'properties',
      render: (_, x) => (
        <Space size={[0, 4]} wrap style={{ maxWidth: 420 }}>
          {x.properties.map((p) => (
            <Tag key={p.name}>{localNameOf(p, locale)}</Tag>
          ))}
        </Space>
      ),
    },
    { title: t('sensing.type.commands'), key: 'commands', render: (_, x) => x.commands.map((c) => c.title).join('、') || '—' },
    {
      title: t('sensing.device.interval'),
      dataIndex: 'defaultReportingIntervalSeconds',
      align: 'right',
      render: (v: number) => t('sensing.unit.secondsN', { n: v }),
    },
    {
      title: t('sensing.type.retention'),
      dataIndex: 'retentionDays',
      align: 'right',
      render: (v: number) => t('sensing.unit.daysN', { n: v }),
    },
    {
      title: t('sensing.type.origin'),
      dataIndex: 'builtIn',
      render: (b: boolean) =>
        b ? <Tag color="blue">{t('sensing.type.builtIn')}</Tag> : <Tag color="green">{t('sensing.type.custom')}</Tag>,
    },
  ];

  const propertyColumns: TableColumnsType<ThingProperty> = [
    { title: t('sensing.type.prop.name'), dataIndex: 'name', render: (v: string) => <span className="zc-mono">{v}</span> },
    { title: t('sensing.type.prop.title'), key: 'title', render: (_, p) => localNameOf(p, locale) },
    { title: t('sensing.type.prop.unit'), dataIndex: 'unit', render: (v: string) => v || '—' },
    { title: t('sensing.type.prop.type'), dataIndex: 'type', render: (v: ThingProperty['type']) => t(`sensing.valueType.${v}`) },
    { title: t('sensing.type.prop.range'), key: 'range', render: (_, p) => range(p) },
    { title: t('sensing.type.prop.precision'), dataIndex: 'precision', render: (v: number | undefined) => v ?? '—' },
  ];

  const csvColumns = (): CsvColumn<DeviceType>[] => [
    { title: t('sensing.type.code'), value: (x) => x.code },
    { title: t('sensing.type.name'), value: (x) => typeName(x.code) },
    { title: t('sensing.type.properties'), value: (x) => x.properties.map((p) => `${p.name}${p.unit ? `(${p.unit})` : ''}`).join('; ') },
    { title: t('sensing.device.interval'), value: (x) => x.defaultReportingIntervalSeconds },
    { title: t('sensing.type.retention'), value: (x) => x.retentionDays },
    { title: t('sensing.type.origin'), value: (x) => (x.builtIn ? t('sensing.type.builtIn') : t('sensing.type.custom')) },
  ];

  return (
    <div className="zc-page" data-testid="device-types-page">
      <PageHead
        title={t('sensing.types.title')}
        subtitle={t('sensing.types.subtitle')}
        actions={
          <>
            <ExportButton
              filename="device-types"
              columns={csvColumns}
              fetchPage={async () => ({ items, next: null, total: items.length })}
            />
            {canWrite && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="type-create">
                {t('sensing.type.create')}
              </Button>
            )}
          </>
        }
      />
      <Card>
        <div className="zc-toolbar">
          <Input.Search
            allowClear
            placeholder={t('sensing.types.search')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            style={{ width: 260 }}
          />
        </div>
        {types.error != null && <ErrorAlert error={types.error} onRetry={reload} style={{ marginBottom: 12 }} />}
        <Table<DeviceType>
          rowKey="code"
          columns={columns}
          dataSource={items}
          loading={types.items.length === 0 && !types.error}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <ListEmpty filtered={Boolean(needle)} onReset={() => setQ('')} what={t('sensing.types.what')} /> }}
          data-testid="types-table"
          expandable={{
            expandedRowRender: (x) => (
              <div data-testid={`type-properties-${x.code}`}>
                {x.description && <Typography.Paragraph type="secondary">{x.description}</Typography.Paragraph>}
                <Table<ThingProperty> size="small" rowKey="name" pagination={false} columns={propertyColumns} dataSource={x.properties} />
              </div>
            ),
          }}
        />
      </Card>
      <DeviceTypeFormDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(x) => {
          setCreating(false);
          reload();
          message.success(t('sensing.type.saved', { name: x.name }));
        }}
      />
    </div>
  );
}

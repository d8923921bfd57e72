/**
 * 设备列表: search by id or name, filter by type, district, department and state, server-side
 * paging, CSV export of the whole filter, register one device (token shown once) or import many.
 */
import { useMemo, useState } from 'react';
import { Button, Card, Input, Select, Table, Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import { ImportOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useUser } from '../auth/auth-context.js';
import { CursorPager } from '../components/cursor-pager.js';
import { ErrorAlert } from '../components/error-alert.js';
import { ExportButton } from '../components/export-button.js';
import { ListEmpty } from '../components/list-empty.js';
import { PageHead } from '../components/page-head.js';
import { SecretOnceModal } from '../components/secret-once-modal.js';
import { useLocale, useT } from '../i18n/i18n.js';
import type { CsvColumn } from '../lib/csv.js';
import { formatDateTime } from '../lib/format.js';
import { useAllDepartments } from '../lib/org-lookups.js';
import { hasPermission } from '../lib/permissions.js';
import { useAsync } from '../lib/use-async.js';
import { useCursorList } from '../lib/use-cursor-list.js';
import { useDebounced } from '../lib/use-debounced.js';
import { useFilterInputs } from '../lib/use-filter-inputs.js';
import { DeviceFormDrawer } from './device-form-drawer.js';
import { DeviceImportModal } from './device-import-modal.js';
import { allOpenAlarms, sensingApi, type CreatedDevice, type Device, type DeviceFilter, type DeviceState } from './sensing-api.js';
import { DEVICE_STATES, DeviceStateTag, useTypeName } from './sensing-labels.js';
import './sensing.css';
import { useDeviceTypes, useDistricts } from './sensing-lookups.js';

interface FilterInput {
  q: string;
  type?: string;
  districtCode?: string;
  departmentCode?: string;
  state?: DeviceState;
}

export function DevicesPage() {
  const t = useT();
  const { locale } = useLocale();
  const me = useUser();
  const navigate = useNavigate();
  const canWrite = hasPermission(me, 'sensing.write');
  const types = useDeviceTypes();
  const typeName = useTypeName(types.items);
  const districts = useDistricts();
  const departments = useAllDepartments();
  const deptName = (code: string | null) => (code ? (departments.items.find((d) => d.code === code)?.name ?? code) : '—');

  const inputs = useFilterInputs<FilterInput>({ q: '' });
  const { type, districtCode, departmentCode, state } = inputs.values;
  const q = useDebounced(inputs.values.q.trim());
  const filter: DeviceFilter = useMemo(
    () => ({ q: q || undefined, type, districtCode, departmentCode, state }),
    [q, type, districtCode, departmentCode, state],
  );
  const filtered = Object.values(filter).some(Boolean);
  const list = useCursorList((f: DeviceFilter, cursor, limit, signal) => sensingApi.listDevices({ ...f, cursor, limit }, signal), filter);

  // Which listed devices are in alarm, re-read with the page (a city has a few hundred open alarms at most).
  const openAlarms = useAsync((signal) => allOpenAlarms(signal), [list.items]);
  const alarmed = useMemo(() => new Set((openAlarms.data ?? []).map((a) => a.deviceId)), [openAlarms.data]);

  const [registering, setRegistering] = useState(false);
  const [importing, setImporting] = useState(false);
  const [created, setCreated] = useState<CreatedDevice | null>(null);

  const columns: TableColumnsType<Device> = [
    {
      title: t('sensing.device.id'),
      dataIndex: 'id',
      render: (id: string) => (
        <Link to={`/sensing/devices/${encodeURIComponent(id)}`} className="zc-mono">
          {id}
        </Link>
      ),
    },
    { title: t('sensing.device.name'), dataIndex: 'name' },
    { title: t('sensing.device.type'), dataIndex: 'type', render: (v: string) => typeName(v) },
    {
      title: t('sensing.device.state'),
      dataIndex: 'state',
      render: (s: DeviceState, d) => (
        <>
          <DeviceStateTag state={s} />
          {alarmed.has(d.id) && <DeviceStateTag state="alarm" />}
        </>
      ),
    },
    { title: t('sensing.device.lastSeenAt'), dataIndex: 'lastSeenAt', render: (v: string | null) => formatDateTime(v, locale) },
    {
      title: t('sensing.device.area'),
      key: 'area',
      render: (_, d) => [d.district?.name, d.street?.name].filter(Boolean).join(' / ') || '—',
    },
    { title: t('sensing.device.grid'), key: 'grid', render: (_, d) => <span className="zc-mono">{d.grid?.code ?? '—'}</span> },
    { title: t('sensing.device.department'), dataIndex: 'departmentCode', render: (v: string | null) => deptName(v) },
    {
      title: t('sensing.device.interval'),
      dataIndex: 'reportingIntervalSeconds',
      align: 'right',
      render: (v: number) => t('sensing.unit.secondsN', { n: v }),
    },
  ];

  const csvColumns = (): CsvColumn<Device>[] => [
    { title: t('sensing.device.id'), value: (d) => d.id },
    { title: t('sensing.device.name'), value: (d) => d.name },
    { title: t('sensing.device.typeCode'), value: (d) => d.type },
    { title: t('sensing.device.type'), value: (d) => typeName(d.type) },
    { title: t('sensing.device.state'), value: (d) => t(`sensing.state.${d.state}`) },
    { title: t('sensing.device.lastSeenAt'), value: (d) => formatDateTime(d.lastSeenAt, locale) },
    { title: t('sensing.device.lon'), value: (d) => d.location.lon },
    { title: t('sensing.device.lat'), value: (d) => d.location.lat },
    { title: t('sensing.device.district'), value: (d) => d.district?.name },
    { title: t('sensing.device.grid'), value: (d) => d.grid?.code },
    { title: t('sensing.device.department'), value: (d) => deptName(d.departmentCode) },
    { title: t('sensing.device.interval'), value: (d) => d.reportingIntervalSeconds },
    { title: t('sensing.device.installDate'), value: (d) => d.installDate },
  ];

  return (
    <div className="zc-page" data-testid="devices-page">
      <PageHead
        title={t('sensing.devices.title')}
        actions={
          <>
            <ExportButton
              filename="devices"
              columns={csvColumns}
              fetchPage={(cursor, limit) => sensingApi.listDevices({ ...filter, cursor, limit })}
            />
            {canWrite && (
              <Button icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="device-import">
                {t('sensing.import.button')}
              </Button>
            )}
            {canWrite && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)} data-testid="device-register">
                {t('sensing.device.register')}
              </Button>
            )}
          </>
        }
      />
      <Card>
        <div className="zc-toolbar">
          <Input.Search
            allowClear
            placeholder={t('sensing.devices.search')}
            value={inputs.values.q}
            onChange={(e) => inputs.set('q')(e.target.value)}
            style={{ width: 240 }}
            data-testid="devices-search"
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('sensing.filter.type')}
            value={type}
            onChange={inputs.set('type')}
            options={types.items.map((x) => ({ value: x.code, label: typeName(x.code) }))}
            style={{ width: 170 }}
            data-testid="devices-filter-type"
          />
          <Select
            allowClear
            placeholder={t('sensing.filter.district')}
            value={districtCode}
            onChange={inputs.set('districtCode')}
            options={districts.items.map((d) => ({ value: d.code, label: d.name }))}
            style={{ width: 140 }}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('sensing.filter.department')}
            value={departmentCode}
            onChange={inputs.set('departmentCode')}
            options={departments.items.map((d) => ({ value: d.code, label: d.name }))}
            style={{ width: 190 }}
          />
          <Select
            allowClear
            placeholder={t('sensing.filter.state')}
            value={state}
            onChange={inputs.set('state')}
            options={DEVICE_STATES.map((s) => ({ value: s, label: t(`sensing.state.${s}`) }))}
            style={{ width: 120 }}
            data-testid="devices-filter-state"
          />
          {filtered && <Button onClick={inputs.reset}>{t('common.reset')}</Button>}
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />
          </Tooltip>
        </div>
        {list.error != null && <ErrorAlert error={list.error} onRetry={list.reload} style={{ marginBottom: 12 }} />}
        <Table<Device>
          rowKey="id"
          columns={columns}
          dataSource={list.items}
          loading={list.loading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <ListEmpty filtered={filtered} onReset={inputs.reset} what={t('sensing.devices.what')} /> }}
          data-testid="devices-table"
        />
        <CursorPager list={list} />
      </Card>
      <DeviceFormDrawer
        device={null}
        open={registering}
        onClose={() => setRegistering(false)}
        onCreated={(d) => {
          setRegistering(false);
          setCreated(d);
          list.reload();
        }}
        onSaved={() => undefined}
      />
      <DeviceImportModal open={importing} onClose={() => setImporting(false)} onImported={list.reload} />
      <SecretOnceModal
        open={created !== null}
        title={t('sensing.token.title')}
        label={t('sensing.token.label', { id: created?.id ?? '' })}
        secret={created?.token ?? ''}
        onClose={() => {
          const id = created?.id;
          setCreated(null);
          if (id) navigate(`/sensing/devices/${encodeURIComponent(id)}`);
        }}
      />
    </div>
  );
}

/**
 * 设备详情: what the device is and where, its state and last sign of life, its newest values
 * (re-read every 5 s), the history chart, its open alarms, the readings the platform refused and
 * why; edit, enable / disable, and a new token (shown once).
 */
import { useEffect, useState } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Popconfirm, Row, Table, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined, KeyOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useUser } from '../auth/auth-context.js';
import { ErrorAlert } from '../components/error-alert.js';
import { FullPageSpin } from '../components/full-page-spin.js';
import { PageHead } from '../components/page-head.js';
import { SecretOnceModal } from '../components/secret-once-modal.js';
import { useLocale, useT } from '../i18n/i18n.js';
import { errorLine } from '../lib/describe-error.js';
import { formatDateTime } from '../lib/format.js';
import { useAllDepartments } from '../lib/org-lookups.js';
import { hasPermission } from '../lib/permissions.js';
import { useAsync } from '../lib/use-async.js';
import { DeviceCommands } from './device-commands.js';
import { DeviceFormDrawer } from './device-form-drawer.js';
import { DeviceHistory } from './device-history.js';
import { PointMap } from '../map/point-map.js';
import { sensingApi, type Alarm, type Device, type LatestValues, type Rejection } from './sensing-api.js';
import { AlarmStatusTag, DeviceStateTag, SeverityTag, formatValue, localNameOf, useTypeName } from './sensing-labels.js';
import './sensing.css';
import { useDeviceTypes } from './sensing-lookups.js';

/** How often the newest values and the state are re-read. */
const POLL_MS = 5_000;

export function DeviceDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const me = useUser();
  const canWrite = hasPermission(me, 'sensing.write');
  const types = useDeviceTypes();
  const typeName = useTypeName(types.items);
  const departments = useAllDepartments();

  const [tick, setTick] = useState(0);
  const [device, setDevice] = useState<Device | null>(null);
  const [latest, setLatest] = useState<LatestValues | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);
  const [token, setToken] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [historyKey, setHistoryKey] = useState(0);

  // Device and newest values together, every few seconds; a failed poll keeps what is shown.
  useEffect(() => {
    let live = true;
    const controller = new AbortController();
    const load = () =>
      Promise.all([sensingApi.device(id, controller.signal), sensingApi.latest(id, controller.signal)]).then(
        ([d, l]) => {
          if (!live) return;
          setDevice(d);
          setLatest(l);
          setError(null);
        },
        (err: unknown) => live && !controller.signal.aborted && setError(err),
      );
    void load();
    const handle = setInterval(() => void load(), POLL_MS);
    return () => {
      live = false;
      controller.abort();
      clearInterval(handle);
    };
  }, [id, tick]);

  const alarms = useAsync((signal) => sensingApi.listAlarms({ deviceId: id, limit: 20 }, signal), [id, tick]);
  const rejections = useAsync((signal) => sensingApi.rejections(id, 20, signal), [id, tick]);

  if (!device) {
    return error ? <ErrorAlert error={error} onRetry={() => setTick((n) => n + 1)} /> : <FullPageSpin />;
  }

  const type = types.items.find((x) => x.code === device.type);
  const values = latest?.values ?? {};
  const latestRows = Object.keys(values).map((name) => ({ name, ...values[name]! }));
  const deptName = device.departmentCode
    ? (departments.items.find((d) => d.code === device.departmentCode)?.name ?? device.departmentCode)
    : '—';

  const setEnabled = async (enabled: boolean) => {
    setBusy(true);
    try {
      setDevice(await sensingApi.updateDevice(device.id, { enabled }));
      message.success(t(enabled ? 'sensing.device.enabled' : 'sensing.device.disabled', { name: device.name }));
    } catch (err) {
      message.error(errorLine(err, t));
    } finally {
      setBusy(false);
    }
  };

  const rotate = async () => {
    setBusy(true);
    try {
      setToken((await sensingApi.rotateToken(device.id)).token);
    } catch (err) {
      message.error(errorLine(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="zc-page" data-testid="device-detail">
      <PageHead
        title={device.name}
        subtitle={`${device.id} · ${typeName(device.type)}`}
        actions={
          <>
            <Link to="/sensing/devices">
              <Button icon={<ArrowLeftOutlined />}>{t('sensing.devices.title')}</Button>
            </Link>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => {
                setTick((n) => n + 1);
                setHistoryKey((n) => n + 1);
              }}
              aria-label={t('common.refresh')}
            />
            {canWrite && (
              <>
                <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="device-edit">
                  {t('common.edit')}
                </Button>
                {device.enabled ? (
                  <Popconfirm
                    title={t('sensing.device.disable.confirm', { name: device.name })}
                    description={t('sensing.device.disable.effect')}
                    onConfirm={() => setEnabled(false)}
                  >
                    <Button danger loading={busy} data-testid="device-disable">
                      {t('common.disable')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button loading={busy} onClick={() => void setEnabled(true)} data-testid="device-enable">
                    {t('common.enable')}
                  </Button>
                )}
                <Popconfirm
                  title={t('sensing.token.rotate.confirm')}
                  description={t('sensing.token.rotate.effect')}
                  onConfirm={() => rotate()}
                >
                  <Button icon={<KeyOutlined />} loading={busy} data-testid="device-rotate-token">
                    {t('sensing.token.rotate')}
                  </Button>
                </Popconfirm>
              </>
            )}
          </>
        }
      />
      {error != null && <ErrorAlert error={error} style={{ marginBottom: 12 }} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('sensing.device.info')} style={{ height: '100%' }}>
            <Descriptions size="small" column={{ xs: 1, md: 2 }} data-testid="device-info">
              <Descriptions.Item label={t('sensing.device.id')}>
                <span className="zc-mono">{device.id}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('sensing.device.type')}>
                {typeName(device.type)} <span className="zc-muted zc-mono">{device.type}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('sensing.device.state')}>
                <span data-testid="device-state">
                  <DeviceStateTag state={device.state} />
                  {(alarms.data?.items ?? []).some((a) => a.status !== 'cleared') && <DeviceStateTag state="alarm" />}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('sensing.device.lastSeenAt')}>
                <span data-testid="device-last-seen">{formatDateTime(device.lastSeenAt, locale)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('sensing.device.interval')}>
                {t('sensing.unit.secondsN', { n: device.reportingIntervalSeconds })}
              </Descriptions.Item>
              <Descriptions.Item label={t('sensing.device.department')}>{deptName}</Descriptions.Item>
              <Descriptions.Item label={t('sensing.device.area')}>
                {[device.district?.name, device.street?.name, device.community?.name].filter(Boolean).join(' / ') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('sensing.device.grid')}>
                <span className="zc-mono">{device.grid?.code ?? '—'}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('sensing.device.location')}>
                <span className="zc-mono">
                  {device.location.lon.toFixed(6)}, {device.location.lat.toFixed(6)}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('sensing.device.installDate')}>{device.installDate ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('sensing.device.createdAt')}>{formatDateTime(device.createdAt, locale)}</Descriptions.Item>
              <Descriptions.Item label={t('sensing.device.metadata')}>
                {Object.keys(device.metadata).length === 0 ? (
                  '—'
                ) : (
                  <span className="zc-mono" style={{ fontSize: 12 }}>
                    {JSON.stringify(device.metadata)}
                  </span>
                )}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('sensing.device.location')} style={{ height: '100%' }}>
            <PointMap value={device.location} testId="device-mini-map" />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('sensing.latest.title')} extra={<Typography.Text type="secondary">{t('sensing.latest.polling')}</Typography.Text>}>
            <Table
              size="small"
              rowKey="name"
              pagination={false}
              dataSource={latestRows}
              data-testid="latest-values"
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sensing.latest.none')} /> }}
              columns={[
                {
                  title: t('sensing.latest.property'),
                  dataIndex: 'name',
                  render: (name: string) => {
                    const p = type?.properties.find((x) => x.name === name);
                    return p ? localNameOf(p, locale) : <span className="zc-mono">{name}</span>;
                  },
                },
                {
                  title: t('sensing.latest.value'),
                  dataIndex: 'value',
                  align: 'right',
                  render: (v: unknown, r) => (
                    <span className="zc-num" data-property={r.name}>
                      {formatValue(
                        v,
                        type?.properties.find((x) => x.name === r.name),
                      )}
                    </span>
                  ),
                },
                { title: t('sensing.latest.ts'), dataIndex: 'ts', render: (v: string) => formatDateTime(v, locale) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <DeviceHistory deviceId={device.id} type={type} refreshKey={historyKey} />
        </Col>
        <Col xs={24} xl={12}>
          <Card
            title={t('sensing.device.alarms')}
            extra={<Link to={`/sensing/alarms?deviceId=${encodeURIComponent(device.id)}`}>{t('sensing.alarms.all')}</Link>}
          >
            {alarms.error != null && <ErrorAlert error={alarms.error} onRetry={alarms.reload} />}
            <Table<Alarm>
              size="small"
              rowKey="id"
              pagination={false}
              loading={alarms.loading}
              dataSource={alarms.data?.items ?? []}
              data-testid="device-alarms"
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sensing.device.noAlarms')} /> }}
              columns={[
                {
                  title: t('sensing.alarm.severity'),
                  dataIndex: 'severity',
                  render: (s: Alarm['severity']) => <SeverityTag severity={s} />,
                },
                { title: t('sensing.alarm.rule'), dataIndex: 'ruleName' },
                { title: t('common.status'), dataIndex: 'status', render: (s: Alarm['status']) => <AlarmStatusTag status={s} /> },
                { title: t('sensing.alarm.raisedAt'), dataIndex: 'raisedAt', render: (v: string) => formatDateTime(v, locale) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('sensing.rejections.title')}>
            {rejections.error != null && <ErrorAlert error={rejections.error} onRetry={rejections.reload} />}
            <Table<Rejection>
              size="small"
              rowKey="id"
              pagination={false}
              loading={rejections.loading}
              dataSource={rejections.data?.items ?? []}
              data-testid="device-rejections"
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sensing.rejections.none')} /> }}
              columns={[
                { title: t('sensing.rejections.at'), dataIndex: 'receivedAt', render: (v: string) => formatDateTime(v, locale) },
                { title: t('sensing.rejections.channel'), dataIndex: 'channel', render: (v: string) => v.toUpperCase() },
                {
                  title: t('sensing.rejections.property'),
                  dataIndex: 'property',
                  render: (v: string | null) => <span className="zc-mono">{v ?? '—'}</span>,
                },
                { title: t('sensing.rejections.reason'), dataIndex: 'reason' },
              ]}
            />
          </Card>
        </Col>
        {type && type.commands.length > 0 && canWrite && (
          <Col xs={24}>
            <DeviceCommands deviceId={device.id} commands={type.commands} />
          </Col>
        )}
      </Row>
      <DeviceFormDrawer
        device={device}
        open={editing}
        onClose={() => setEditing(false)}
        onCreated={() => undefined}
        onSaved={(d) => {
          setEditing(false);
          setDevice(d);
          message.success(t('sensing.device.saved', { name: d.name }));
        }}
      />
      <SecretOnceModal
        open={token !== null}
        title={t('sensing.token.title')}
        label={t('sensing.token.label', { id: device.id })}
        secret={token ?? ''}
        onClose={() => setToken(null)}
      />
    </div>
  );
}

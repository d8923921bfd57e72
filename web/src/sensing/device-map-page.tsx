/**
 * 设备地图: every device of the city on the map, coloured by state (online green, offline grey,
 * in alarm red, disabled hollow), with filters by type, district and text, counts per state that
 * double as a state filter, and a side panel with the clicked device's latest values. Refreshed
 * every 30 s so new alarms turn their devices red without a reload.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Descriptions, Empty, Input, Select, Space, Spin, Typography } from 'antd';
import { CloseOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { geoApi } from '../api/endpoints.js';
import { isAbort } from '../api/client.js';
import { ErrorAlert } from '../components/error-alert.js';
import { useLocale, useT } from '../i18n/i18n.js';
import { formatDateTime, formatNumber } from '../lib/format.js';
import { useAsync } from '../lib/use-async.js';
import { useDebounced } from '../lib/use-debounced.js';
import { DeviceMapController, type MapDevice } from './device-map-controller.js';
import { allOpenAlarms, sensingApi, type Alarm, type DeviceFeature, type DeviceFilter } from './sensing-api.js';
import {
  DeviceStateTag,
  MAP_STATES,
  STATE_COLORS,
  SeverityTag,
  formatValue,
  localNameOf,
  useTypeName,
  type MapState,
} from './sensing-labels.js';
import { useDeviceTypes, useDistricts } from './sensing-lookups.js';
import './sensing.css';

const REFRESH_MS = 30_000;
/** Search matches listed under the search box; more means the search should be narrower. */
const RESULT_LIMIT = 8;

/** A device's state on the map: an open alarm outranks online / offline. */
function mapStateOf(f: DeviceFeature, alarmed: ReadonlySet<string>): MapState {
  if (f.properties.state === 'disabled') return 'disabled';
  return alarmed.has(f.properties.id) ? 'alarm' : f.properties.state;
}

export function DeviceMapPage() {
  const t = useT();
  const { locale } = useLocale();
  const types = useDeviceTypes();
  const districts = useDistricts();
  const typeName = useTypeName(types.items);
  const containerRef = useRef<HTMLDivElement>(null);
  const controllerRef = useRef<DeviceMapController | null>(null);
  const [mapReady, setMapReady] = useState(false);
  const framedRef = useRef(false);

  const [type, setType] = useState<string | undefined>();
  const [districtCode, setDistrictCode] = useState<string | undefined>();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const [states, setStates] = useState<MapState[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [hover, setHover] = useState<{ id: string; name: string; x: number; y: number } | null>(null);
  const [tick, setTick] = useState(0);

  const filter: DeviceFilter = useMemo(() => ({ type, districtCode, q: q || undefined }), [type, districtCode, q]);
  const data = useAsync(
    async (signal) => {
      const [fc, alarms] = await Promise.all([sensingApi.devicesGeoJson(filter, signal), allOpenAlarms(signal)]);
      return { fc, alarms };
    },
    [JSON.stringify(filter), tick],
  );

  useEffect(() => {
    const handle = setInterval(() => setTick((n) => n + 1), REFRESH_MS);
    return () => clearInterval(handle);
  }, []);

  const alarmsByDevice = useMemo(() => {
    const m = new Map<string, Alarm[]>();
    for (const a of data.data?.alarms ?? []) m.set(a.deviceId, [...(m.get(a.deviceId) ?? []), a]);
    return m;
  }, [data.data]);

  const all: MapDevice[] = useMemo(() => {
    const alarmed = new Set(alarmsByDevice.keys());
    return (data.data?.fc.features ?? []).map((f) => ({
      id: f.properties.id,
      name: f.properties.name,
      type: f.properties.type,
      state: mapStateOf(f, alarmed),
      lon: f.geometry.coordinates[0] ?? 0,
      lat: f.geometry.coordinates[1] ?? 0,
    }));
  }, [data.data, alarmsByDevice]);

  const counts = useMemo(() => {
    const c: Record<MapState, number> = { online: 0, offline: 0, alarm: 0, disabled: 0 };
    for (const d of all) c[d.state] += 1;
    return c;
  }, [all]);
  const shown = useMemo(() => (states.length === 0 ? all : all.filter((d) => states.includes(d.state))), [all, states]);

  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const controller = new DeviceMapController(el, {
      onPick: setSelectedId,
      onHover: (info) => setHover((prev) => (prev?.id === info?.id && prev?.x === info?.x && prev?.y === info?.y ? prev : info)),
    });
    controllerRef.current = controller;
    const abort = new AbortController();
    void controller.ready.then(async () => {
      setMapReady(true);
      try {
        const [summary, fc] = await Promise.all([geoApi.summary(), geoApi.areas('district', {}, abort.signal)]);
        if (abort.signal.aborted) return;
        if (summary.bbox && !framedRef.current) controller.fitBounds(summary.bbox);
        controller.setDistricts(fc);
      } catch (err) {
        // The districts are context only; the devices still show without them.
        if (!isAbort(err)) console.warn('district outlines', err);
      }
    });
    return () => {
      abort.abort();
      controller.destroy();
      controllerRef.current = null;
    };
  }, []);

  useEffect(() => {
    if (mapReady) controllerRef.current?.setDevices(shown);
  }, [shown, mapReady]);

  // The first time devices arrive, frame them (the city's devices, not its empty outskirts).
  useEffect(() => {
    if (!mapReady || framedRef.current || all.length === 0) return;
    framedRef.current = true;
    const bbox = [Infinity, Infinity, -Infinity, -Infinity];
    for (const d of all) {
      bbox[0] = Math.min(bbox[0]!, d.lon);
      bbox[1] = Math.min(bbox[1]!, d.lat);
      bbox[2] = Math.max(bbox[2]!, d.lon);
      bbox[3] = Math.max(bbox[3]!, d.lat);
    }
    controllerRef.current?.fitBounds(bbox);
  }, [all, mapReady]);

  const selected = selectedId ? all.find((d) => d.id === selectedId) : undefined;
  useEffect(() => {
    if (mapReady) controllerRef.current?.setSelected(selected ? { lon: selected.lon, lat: selected.lat } : null);
  }, [selected, mapReady]);

  const toggleState = (s: MapState) => setStates((cur) => (cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s]));
  const filtered = Boolean(type || districtCode || q || states.length);

  return (
    <div className="zc-sensing-map-page" data-testid="device-map-page">
      <div ref={containerRef} className="zc-sensing-map" data-testid="device-map" />

      {hover && (
        <div className="zc-map-tooltip" style={{ transform: `translate(${hover.x + 14}px, ${hover.y + 14}px)` }}>
          <div className="zc-map-tooltip-name">{hover.name}</div>
          <div className="zc-map-tooltip-meta zc-mono">{hover.id}</div>
        </div>
      )}

      <div className="zc-sensing-map-left">
        <div className="zc-map-card">
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('sensing.map.title')}
          </Typography.Title>
          <Space direction="vertical" style={{ width: '100%' }} size={8}>
            <Input.Search
              allowClear
              placeholder={t('sensing.devices.search')}
              value={text}
              onChange={(e) => setText(e.target.value)}
              data-testid="map-search"
            />
            {q && data.data && (
              <div className="zc-map-results" data-testid="map-results">
                {all.length === 0 && <Typography.Text type="secondary">{t('sensing.map.noMatch')}</Typography.Text>}
                {all.slice(0, RESULT_LIMIT).map((d) => (
                  <button
                    type="button"
                    key={d.id}
                    className={`zc-map-result${d.id === selectedId ? ' zc-map-result-on' : ''}`}
                    onClick={() => {
                      setSelectedId(d.id);
                      controllerRef.current?.flyTo(d.lon, d.lat);
                    }}
                    data-testid="map-result"
                    data-id={d.id}
                  >
                    <i className="zc-dot" style={{ background: d.state === 'disabled' ? '#fff' : STATE_COLORS[d.state] }} />
                    <span className="zc-map-result-name">{d.name}</span>
                    <span className="zc-mono zc-muted">{d.id}</span>
                  </button>
                ))}
                {all.length > RESULT_LIMIT && (
                  <Typography.Text type="secondary">{t('sensing.map.moreMatches', { n: all.length - RESULT_LIMIT })}</Typography.Text>
                )}
              </div>
            )}
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('sensing.filter.type')}
              value={type}
              onChange={setType}
              options={types.items.map((x) => ({ value: x.code, label: typeName(x.code) }))}
              style={{ width: '100%' }}
              data-testid="map-filter-type"
            />
            <Select
              allowClear
              placeholder={t('sensing.filter.district')}
              value={districtCode}
              onChange={setDistrictCode}
              options={districts.items.map((d) => ({ value: d.code, label: d.name }))}
              style={{ width: '100%' }}
              data-testid="map-filter-district"
            />
          </Space>
          <div className="zc-state-chips" data-testid="map-state-counts">
            {MAP_STATES.map((s) => (
              <button
                type="button"
                key={s}
                className={`zc-state-chip${states.includes(s) ? ' zc-state-chip-on' : ''}`}
                onClick={() => toggleState(s)}
                data-testid={`map-state-${s}`}
                data-count={counts[s]}
                aria-pressed={states.includes(s)}
              >
                <i className={`zc-dot zc-dot-${s}`} style={{ background: s === 'disabled' ? '#fff' : STATE_COLORS[s] }} />
                {t(`sensing.state.${s}`)} <b>{formatNumber(counts[s], locale)}</b>
              </button>
            ))}
          </div>
          <div className="zc-map-foot">
            <Typography.Text type="secondary" data-testid="map-shown-count" data-count={shown.length}>
              {t('sensing.map.shown', { n: formatNumber(shown.length, locale), total: formatNumber(all.length, locale) })}
            </Typography.Text>
            <Space size={4}>
              {filtered && (
                <Button
                  size="small"
                  type="link"
                  onClick={() => {
                    setType(undefined);
                    setDistrictCode(undefined);
                    setText('');
                    setStates([]);
                  }}
                >
                  {t('common.reset')}
                </Button>
              )}
              <Button size="small" icon={<ReloadOutlined />} onClick={data.reload} aria-label={t('common.refresh')} />
            </Space>
          </div>
        </div>
      </div>

      {data.loading && !data.data && (
        <div className="zc-map-loading" data-testid="device-map-loading">
          <Spin size="small" /> <span>{t('sensing.map.loading')}</span>
        </div>
      )}

      <aside className="zc-map-panel">
        {data.error != null && <ErrorAlert error={data.error} onRetry={data.reload} />}
        {selectedId ? (
          <DevicePeek
            id={selectedId}
            alarms={alarmsByDevice.get(selectedId) ?? []}
            mapState={selected?.state}
            typeName={typeName}
            onClose={() => setSelectedId(null)}
          />
        ) : (
          <Card size="small">
            <Typography.Text type="secondary">{t('sensing.map.hint')}</Typography.Text>
          </Card>
        )}
      </aside>
    </div>
  );
}

interface DevicePeekProps {
  id: string;
  alarms: Alarm[];
  mapState: MapState | undefined;
  typeName: (code: string) => string;
  onClose: () => void;
}

/** The side panel of a clicked device: what it is, where, its state and its newest values. */
function DevicePeek({ id, alarms, mapState, typeName, onClose }: DevicePeekProps) {
  const t = useT();
  const { locale } = useLocale();
  const types = useDeviceTypes();
  const loaded = useAsync(
    async (signal) => {
      const [device, latest] = await Promise.all([sensingApi.device(id, signal), sensingApi.latest(id, signal)]);
      return { device, latest };
    },
    [id],
  );
  const d = loaded.data?.device;
  const props = types.items.find((x) => x.code === d?.type)?.properties ?? [];
  const values = loaded.data?.latest.values ?? {};
  const names = Object.keys(values);

  return (
    <Card
      size="small"
      data-testid="device-peek"
      title={d ? d.name : id}
      extra={<Button type="text" size="small" icon={<CloseOutlined />} onClick={onClose} aria-label={t('common.close')} />}
    >
      {loaded.error != null && <ErrorAlert error={loaded.error} onRetry={loaded.reload} />}
      {loaded.loading && !d && <Spin />}
      {d && (
        <>
          <Descriptions size="small" column={1} colon={false} labelStyle={{ width: 84 }}>
            <Descriptions.Item label={t('sensing.device.id')}>
              <span className="zc-mono">{d.id}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('sensing.device.type')}>{typeName(d.type)}</Descriptions.Item>
            <Descriptions.Item label={t('sensing.device.state')}>
              <DeviceStateTag state={mapState ?? d.state} />
            </Descriptions.Item>
            <Descriptions.Item label={t('sensing.device.lastSeenAt')}>{formatDateTime(d.lastSeenAt, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('sensing.device.area')}>
              {[d.district?.name, d.street?.name, d.community?.name].filter(Boolean).join(' / ') || '—'}
            </Descriptions.Item>
          </Descriptions>
          {alarms.length > 0 && (
            <Alert
              type="error"
              style={{ margin: '8px 0' }}
              title={
                <Space direction="vertical" size={2}>
                  {alarms.map((a) => (
                    <span key={a.id}>
                      <SeverityTag severity={a.severity} /> {a.ruleName} · {a.condition}
                    </span>
                  ))}
                </Space>
              }
            />
          )}
          <Typography.Text strong>{t('sensing.latest.title')}</Typography.Text>
          {names.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sensing.latest.none')} />
          ) : (
            <table className="zc-kv" data-testid="peek-latest">
              <tbody>
                {names.map((name) => {
                  const p = props.find((x) => x.name === name);
                  return (
                    <tr key={name}>
                      <td>{p ? localNameOf(p, locale) : name}</td>
                      <td className="zc-num">{formatValue(values[name]?.value, p)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          <div style={{ marginTop: 12, textAlign: 'right' }}>
            <Link to={`/sensing/devices/${encodeURIComponent(d.id)}`} data-testid="peek-detail-link">
              {t('sensing.map.openDetail')}
            </Link>
          </div>
        </>
      )}
    </Card>
  );
}

/**
 * 一张图: the city's districts, streets, communities, unit grids and roads on one map, with
 * address search, hover names, and a side panel for what was clicked or found.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Spin, Typography } from 'antd';
import type { AreaDetail, AreaLevel, AreaProperties, GeoSummary, GeocodeCandidate, LocateResult } from '../api/types.js';
import { geoApi } from '../api/endpoints.js';
import { isAbort } from '../api/client.js';
import { useLocale, useT } from '../i18n/i18n.js';
import { describeError } from '../lib/describe-error.js';
import { formatNumber } from '../lib/format.js';
import { AddressSearch } from './address-search.js';
import { CityMapController } from './city-map-controller.js';
import { LayerSwitcher } from './layer-switcher.js';
import type { LayerKey } from './map-layers.js';
import { AreaCard, LocateCard, SearchResultCard, type Loadable } from './map-side-panel.js';

const ALL_VISIBLE: Record<LayerKey, boolean> = { district: true, street: true, community: true, grid: true, road: true };
type Level = Exclude<AreaLevel, 'city'>;

export function MapPage() {
  const t = useT();
  const { locale } = useLocale();
  const containerRef = useRef<HTMLDivElement>(null);
  const tooltipRef = useRef<HTMLDivElement>(null);
  const controllerRef = useRef<CityMapController | null>(null);
  const clickRef = useRef<(lon: number, lat: number, area: AreaProperties | null) => void>(() => undefined);
  const requestRef = useRef<AbortController | null>(null);

  const [zoom, setZoom] = useState(10);
  const [visible, setVisible] = useState(ALL_VISIBLE);
  const [layerLoading, setLayerLoading] = useState<Partial<Record<LayerKey, boolean>>>({});
  const [loadError, setLoadError] = useState<unknown>(null);
  const [summary, setSummary] = useState<GeoSummary | null>(null);
  const [hover, setHover] = useState<AreaProperties | null>(null);
  const [result, setResult] = useState<GeocodeCandidate | null>(null);
  const [clicked, setClicked] = useState<{ lon: number; lat: number } | null>(null);
  const [locate, setLocate] = useState<Loadable<LocateResult>>({ loading: false });
  const [area, setArea] = useState<Loadable<AreaDetail> | null>(null);

  const loadLayers = useCallback(async (controller: CityMapController, signal: AbortSignal) => {
    setLoadError(null);
    setLayerLoading({ district: true, street: true, community: true, road: true, grid: true });
    const done = (key: LayerKey) => setLayerLoading((s) => ({ ...s, [key]: false }));
    try {
      const s = await geoApi.summary();
      if (signal.aborted) return;
      setSummary(s);
      if (s.bbox) controller.fitBounds(s.bbox);
      const level = (l: Level) =>
        geoApi.areas(l, {}, signal).then((fc) => {
          controller.setAreas(l, fc);
          done(l);
        });
      await Promise.all([
        level('district'),
        level('street'),
        level('community'),
        geoApi.roads(signal).then((fc) => {
          controller.setRoads(fc);
          done('road');
        }),
      ]);
      // Grids are the largest layer and only show when zoomed in: fetched last.
      await level('grid');
    } catch (err) {
      if (signal.aborted || isAbort(err)) return;
      setLoadError(err);
      setLayerLoading({});
    }
  }, []);

  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const controller = new CityMapController(el, {
      onHover: (info) => {
        const tip = tooltipRef.current;
        if (tip && info) tip.style.transform = `translate(${info.x + 14}px, ${info.y + 14}px)`;
        setHover((prev) => (prev?.code === info?.area.code ? prev : (info?.area ?? null)));
      },
      onClick: (lon, lat, a) => clickRef.current(lon, lat, a),
      onZoom: setZoom,
    });
    controllerRef.current = controller;
    const abort = new AbortController();
    void controller.ready.then(() => loadLayers(controller, abort.signal));
    return () => {
      abort.abort();
      requestRef.current?.abort();
      controller.destroy();
      controllerRef.current = null;
    };
  }, [loadLayers, attempt]);

  /** Load an area's details into the panel and outline it on the map. */
  const showArea = useCallback((code: string, signal: AbortSignal) => {
    setArea({ loading: true });
    geoApi.area(code, signal).then(
      (detail) => {
        setArea({ loading: false, data: detail });
        controllerRef.current?.setSelection(detail.geometry);
      },
      (err: unknown) => !isAbort(err) && setArea({ loading: false, error: err }),
    );
  }, []);

  clickRef.current = (lon, lat, a) => {
    requestRef.current?.abort();
    const ctrl = new AbortController();
    requestRef.current = ctrl;
    setClicked({ lon, lat });
    setLocate({ loading: true });
    geoApi.locate(lon, lat, ctrl.signal).then(
      (data) => setLocate({ loading: false, data }),
      (err: unknown) => !isAbort(err) && setLocate({ loading: false, error: err }),
    );
    if (a) showArea(a.code, ctrl.signal);
    else {
      setArea(null);
      controllerRef.current?.setSelection(null);
    }
  };

  const onPick = (c: GeocodeCandidate) => {
    requestRef.current?.abort();
    const ctrl = new AbortController();
    requestRef.current = ctrl;
    setResult(c);
    setClicked(null);
    const map = controllerRef.current;
    map?.flyTo(c.lon, c.lat, 16);
    map?.setPin(c.lon, c.lat, c.address);
    if (c.grid) showArea(c.grid.code, ctrl.signal);
    else {
      setArea(null);
      map?.setSelection(null);
    }
  };

  const clearResult = () => {
    setResult(null);
    setArea(null);
    controllerRef.current?.clearPin();
    controllerRef.current?.setSelection(null);
  };

  const toggleLayer = (key: LayerKey, on: boolean) => {
    setVisible((v) => ({ ...v, [key]: on }));
    controllerRef.current?.setLayerVisible(key, on);
  };

  const loadingAny = Object.values(layerLoading).some(Boolean);
  const nothingShown = !result && !clicked && !area;
  const loadErrorText = loadError ? describeError(loadError, t) : null;

  return (
    <div className="zc-map-page">
      <div ref={containerRef} className="zc-map" data-testid="city-map" />
      <div ref={tooltipRef} className="zc-map-tooltip" style={{ display: hover ? 'block' : 'none' }} data-testid="map-tooltip">
        {hover && (
          <>
            <div className="zc-map-tooltip-name">{hover.name}</div>
            <div className="zc-map-tooltip-meta">
              {t(`level.${hover.level}`)} · <span className="zc-mono">{hover.code}</span>
            </div>
          </>
        )}
      </div>

      <div className="zc-map-left">
        <div className="zc-map-card">
          <AddressSearch onPick={onPick} />
        </div>
        <LayerSwitcher visible={visible} onChange={toggleLayer} zoom={zoom} loading={layerLoading} />
      </div>

      {loadingAny && (
        <div className="zc-map-loading" data-testid="map-loading">
          <Spin size="small" /> <span>{t('map.loadingLayers')}</span>
        </div>
      )}

      <aside className="zc-map-panel" data-testid="map-panel">
        {loadErrorText && (
          <Alert
            type="error"
            showIcon
            title={t('map.loadFailed', { message: loadErrorText.message })}
            description={loadErrorText.hint}
            action={
              <Button size="small" onClick={() => setAttempt((n) => n + 1)}>
                {t('common.retry')}
              </Button>
            }
          />
        )}
        {result && <SearchResultCard candidate={result} onClose={clearResult} />}
        {clicked && <LocateCard point={clicked} state={locate} />}
        {area && <AreaCard state={area} onZoomTo={(d) => controllerRef.current?.fitBounds(d.bbox, true)} />}
        {nothingShown && !loadErrorText && (
          <div className="zc-map-card">
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {summary?.city?.name ?? t('app.city')} · {t('nav.map')}
            </Typography.Title>
            <Typography.Paragraph type="secondary">{t('map.hint')}</Typography.Paragraph>
            {summary && (
              <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                {t('map.summary', {
                  district: formatNumber(summary.counts.district, locale),
                  street: formatNumber(summary.counts.street, locale),
                  community: formatNumber(summary.counts.community, locale),
                  grid: formatNumber(summary.counts.grid, locale),
                  address: formatNumber(summary.counts.address, locale),
                })}
              </Typography.Paragraph>
            )}
          </div>
        )}
      </aside>
    </div>
  );
}

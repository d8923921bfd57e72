/**
 * 案件地图: every open case with a place, as a circle coloured by its card (on time, yellow, red);
 * red ones are drawn last and larger so an overdue case is never hidden. A click opens the case.
 * Filters by card narrow the map; counts per card stay visible in the legend.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { FeatureCollection } from 'geojson';
import { Card, Checkbox, Space, Spin, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { geoApi } from '../api/endpoints.js';
import { ErrorAlert } from '../components/error-alert.js';
import { useT } from '../i18n/i18n.js';
import { useAsync } from '../lib/use-async.js';
import { BASE_STYLE } from '../map/map-layers.js';
import { maplibregl, type GeoJSONSource, type MapLibreMap } from '../map/maplibre.js';
import { allCases, type CaseCard, type CaseItem } from './cases-api.js';
import { CARDS, CARD_COLORS } from './cases-labels.js';
import './cases.css';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
const RANK: Record<CaseCard, number> = { none: 0, yellow: 1, red: 2 };

function toFeatures(items: CaseItem[], shown: Set<CaseCard>): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: items
      .filter((c) => c.location && shown.has(c.card))
      .sort((a, b) => RANK[a.card] - RANK[b.card])
      .map((c) => ({
        type: 'Feature',
        properties: { id: c.id, number: c.number, card: c.card, rank: RANK[c.card] },
        geometry: { type: 'Point', coordinates: [c.location!.lon, c.location!.lat] },
      })),
  };
}

export function CaseMapPage() {
  const t = useT();
  const navigate = useNavigate();
  const ref = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const [ready, setReady] = useState(false);
  const [shown, setShown] = useState<Set<CaseCard>>(new Set(CARDS));
  const [hover, setHover] = useState<{ number: string; x: number; y: number } | null>(null);
  const cases = useAsync((signal) => allCases({ status: 'open' }, 5000, signal), []);
  const items = useMemo(() => cases.data ?? [], [cases.data]);
  const counts = useMemo(() => {
    const n: Record<CaseCard, number> = { none: 0, yellow: 0, red: 0 };
    for (const c of items) n[c.card] += 1;
    return n;
  }, [items]);
  const unplaced = items.filter((c) => !c.location).length;

  useEffect(() => {
    if (!ref.current) return;
    const map = new maplibregl.Map({
      container: ref.current,
      style: BASE_STYLE,
      center: [119.65, 29.1],
      zoom: 10,
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
    });
    mapRef.current = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'bottom-right');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    let live = true;
    map.once('load', () => {
      map.addSource('districts', { type: 'geojson', data: EMPTY });
      map.addLayer({ id: 'districts-fill', type: 'fill', source: 'districts', paint: { 'fill-color': '#1456b8', 'fill-opacity': 0.04 } });
      map.addLayer({
        id: 'districts-line',
        type: 'line',
        source: 'districts',
        paint: { 'line-color': '#1456b8', 'line-width': 1.2, 'line-opacity': 0.6 },
      });
      map.addSource('cases', { type: 'geojson', data: EMPTY });
      map.addLayer({
        id: 'cases-circle',
        type: 'circle',
        source: 'cases',
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, ['+', 3, ['get', 'rank']], 15, ['+', 7, ['*', 2, ['get', 'rank']]]],
          'circle-color': ['match', ['get', 'card'], 'red', CARD_COLORS.red, 'yellow', CARD_COLORS.yellow, CARD_COLORS.none],
          'circle-stroke-color': '#fff',
          'circle-stroke-width': 1.2,
        },
      });
      map.on('click', 'cases-circle', (e) => {
        const id = e.features?.[0]?.properties?.id as string | undefined;
        if (id) navigate(`/cases/${encodeURIComponent(id)}`);
      });
      map.on('mousemove', 'cases-circle', (e) => {
        map.getCanvas().style.cursor = 'pointer';
        const number = e.features?.[0]?.properties?.number as string | undefined;
        if (number) setHover({ number, x: e.point.x, y: e.point.y });
      });
      map.on('mouseleave', 'cases-circle', () => {
        map.getCanvas().style.cursor = '';
        setHover(null);
      });
      void Promise.all([geoApi.summary(), geoApi.areas('district')]).then(
        ([summary, fc]) => {
          if (!live) return;
          (map.getSource('districts') as GeoJSONSource | undefined)?.setData(fc as unknown as FeatureCollection);
          const b = summary.bbox;
          if (b)
            map.fitBounds(
              [
                [b[0], b[1]],
                [b[2], b[3]],
              ],
              { padding: 30, animate: false },
            );
        },
        () => undefined,
      );
      setReady(true);
    });
    return () => {
      live = false;
      map.remove();
      mapRef.current = null;
    };
  }, []);

  useEffect(() => {
    if (!ready) return;
    (mapRef.current?.getSource('cases') as GeoJSONSource | undefined)?.setData(toFeatures(items, shown));
  }, [ready, items, shown]);

  return (
    <div className="zc-case-map-page" data-testid="case-map-page">
      <div ref={ref} className="zc-case-map" data-testid="case-map" data-count={toFeatures(items, shown).features.length} />
      <Card size="small" className="zc-case-map-legend" title={t('cases.map.title')}>
        {cases.loading && <Spin size="small" />}
        {cases.error != null && <ErrorAlert error={cases.error} onRetry={cases.reload} />}
        <Space orientation="vertical" size={4}>
          {CARDS.map((card) => (
            <Checkbox
              key={card}
              checked={shown.has(card)}
              onChange={(e) =>
                setShown((s) => {
                  const n = new Set(s);
                  if (e.target.checked) n.add(card);
                  else n.delete(card);
                  return n;
                })
              }
              data-testid={`case-map-card-${card}`}
            >
              <span className="zc-case-dot" style={{ background: CARD_COLORS[card] }} />
              {t(`cases.card.${card}`)} <b data-testid={`case-map-count-${card}`}>{counts[card]}</b>
            </Checkbox>
          ))}
          {unplaced > 0 && <Typography.Text type="secondary">{t('cases.map.unplaced', { n: unplaced })}</Typography.Text>}
          <Typography.Text type="secondary">{t('cases.map.hint')}</Typography.Text>
        </Space>
      </Card>
      {hover && (
        <div className="zc-case-map-tip" style={{ left: hover.x + 12, top: hover.y + 12 }}>
          {hover.number}
        </div>
      )}
    </div>
  );
}

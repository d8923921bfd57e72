/**
 * A small map of one point: shows where a device or a case is (detail screens) or lets the user
 * place it by clicking (device form, case intake). District outlines give the click a context.
 */
import { useEffect, useRef } from 'react';
import type { FeatureCollection } from 'geojson';
import { geoApi } from '../api/endpoints.js';
import { BASE_STYLE } from './map-layers.js';
import { maplibregl, type GeoJSONSource, type MapLibreMap } from './maplibre.js';

export interface PointMapProps {
  value: { lon: number; lat: number } | null;
  /** Given: a click moves the point. */
  onPick?: (lon: number, lat: number) => void;
  testId?: string;
  /** Height in px (default 220). */
  height?: number;
  /** Colour of the point (default the brand blue). */
  color?: string;
  /**
   * Bring a changed point into view even while clicks place it — for forms where the point also
   * comes from elsewhere (an address found by the geocoder). Default: only when clicks do not place it.
   */
  followWhilePicking?: boolean;
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

function pointData(v: { lon: number; lat: number } | null): FeatureCollection {
  return v
    ? {
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [v.lon, v.lat] } }],
      }
    : EMPTY;
}

export function PointMap({ value, onPick, testId, height = 220, color = '#1456b8', followWhilePicking = false }: PointMapProps) {
  const ref = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const pickRef = useRef(onPick);
  pickRef.current = onPick;
  const valueRef = useRef(value);
  valueRef.current = value;

  useEffect(() => {
    if (!ref.current) return;
    const start = valueRef.current;
    const map = new maplibregl.Map({
      container: ref.current,
      style: BASE_STYLE,
      center: start ? [start.lon, start.lat] : [119.65, 29.1],
      zoom: start ? 14 : 10,
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
    });
    mapRef.current = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'bottom-right');
    let live = true;
    map.once('load', () => {
      map.addSource('districts', { type: 'geojson', data: EMPTY });
      map.addLayer({
        id: 'districts-line',
        type: 'line',
        source: 'districts',
        paint: { 'line-color': '#1456b8', 'line-width': 1, 'line-opacity': 0.5 },
      });
      map.addSource('point', { type: 'geojson', data: pointData(valueRef.current) });
      map.addLayer({
        id: 'point',
        type: 'circle',
        source: 'point',
        paint: { 'circle-radius': 7, 'circle-color': color, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
      });
      void Promise.all([geoApi.summary(), geoApi.areas('district')]).then(
        ([summary, fc]) => {
          if (!live) return;
          (map.getSource('districts') as GeoJSONSource | undefined)?.setData(fc as unknown as FeatureCollection);
          if (!valueRef.current && summary.bbox) {
            const b = summary.bbox;
            map.fitBounds(
              [
                [b[0], b[1]],
                [b[2], b[3]],
              ],
              { padding: 10, animate: false },
            );
          }
        },
        () => undefined, // outlines are context only
      );
    });
    map.on('click', (e) => pickRef.current?.(Math.round(e.lngLat.lng * 1e6) / 1e6, Math.round(e.lngLat.lat * 1e6) / 1e6));
    if (onPick) map.getCanvas().style.cursor = 'crosshair';
    return () => {
      live = false;
      map.remove();
      mapRef.current = null;
    };
    // The map is built once; the point follows `value` below.
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    const source = map?.getSource('point') as GeoJSONSource | undefined;
    source?.setData(pointData(value));
    if (map && value && (!onPick || followWhilePicking)) {
      map.easeTo({ center: [value.lon, value.lat], zoom: Math.max(map.getZoom(), 14), duration: 0 });
    }
  }, [value?.lon, value?.lat]);

  return <div ref={ref} className="zc-mini-map" style={{ height }} data-testid={testId} />;
}

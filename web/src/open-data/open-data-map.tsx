/** The map preview of a dataset with coordinates: the rows of the current preview page as points. */
import { useEffect, useRef } from 'react';
import type { FeatureCollection } from 'geojson';
import { BASE_STYLE } from '../map/map-layers.js';
import { maplibregl, type GeoJSONSource, type MapLibreMap } from '../map/maplibre.js';

export interface OpenDataMapProps {
  records: Array<Record<string, unknown>>;
  lon: string;
  lat: string;
  label?: string;
}

function toFeatures(records: Array<Record<string, unknown>>, lon: string, lat: string, label?: string): FeatureCollection {
  const features = records.flatMap((r) => {
    const x = Number(r[lon]);
    const y = Number(r[lat]);
    if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 180 || Math.abs(y) > 90) return [];
    return [
      {
        type: 'Feature' as const,
        properties: { label: label ? String(r[label] ?? '') : '' },
        geometry: { type: 'Point' as const, coordinates: [x, y] },
      },
    ];
  });
  return { type: 'FeatureCollection', features };
}

export function OpenDataMap({ records, lon, lat, label }: OpenDataMapProps) {
  const ref = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const data = toFeatures(records, lon, lat, label);
  const dataRef = useRef(data);
  dataRef.current = data;

  const fit = (map: MapLibreMap, fc: FeatureCollection) => {
    const pts = fc.features.map((f) => (f.geometry as unknown as { coordinates: [number, number] }).coordinates);
    if (!pts.length) return;
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    map.fitBounds(
      [
        [Math.min(...xs), Math.min(...ys)],
        [Math.max(...xs), Math.max(...ys)],
      ],
      { padding: 40, maxZoom: 15, animate: false },
    );
  };

  useEffect(() => {
    if (!ref.current) return;
    const map = new maplibregl.Map({
      container: ref.current,
      style: BASE_STYLE,
      center: [119.65, 29.1],
      zoom: 10,
      attributionControl: false,
      dragRotate: false,
    });
    mapRef.current = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'bottom-right');
    map.once('load', () => {
      map.addSource('points', { type: 'geojson', data: dataRef.current });
      map.addLayer({
        id: 'points',
        type: 'circle',
        source: 'points',
        paint: { 'circle-radius': 6, 'circle-color': '#1456b8', 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 },
      });
      fit(map, dataRef.current);
    });
    return () => {
      mapRef.current = null;
      map.remove();
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    const src = map?.getSource('points') as GeoJSONSource | undefined;
    if (map && src) {
      src.setData(data);
      fit(map, data);
    }
  });

  return <div ref={ref} style={{ height: 420, borderRadius: 6, overflow: 'hidden' }} data-testid="od-map" />;
}

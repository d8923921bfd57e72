/**
 * The MapLibre map of 设备地图: district outlines for context and every device as a circle coloured
 * by its state, from one GeoJSON source (2,000 points draw in one call, so no clustering is
 * needed and every device stays visible). Devices in alarm are drawn last and larger so a red dot
 * is never hidden under a green one. React talks to it through a few methods and one callback.
 */
import type { FeatureCollection } from 'geojson';
import type { ExpressionSpecification } from 'maplibre-gl';
import type { AreaCollection } from '../api/types.js';
import { BASE_STYLE } from '../map/map-layers.js';
import { maplibregl, type GeoJSONSource, type MapLibreMap, type MapMouseEvent } from '../map/maplibre.js';
import { STATE_COLORS, type MapState } from './sensing-labels.js';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
const DISTRICTS = 'sensing-districts';
const DEVICES = 'sensing-devices';
const SELECTED = 'sensing-selected';
const LAYER_DEVICES = 'devices-circle';
const LAYER_ALARM = 'devices-alarm';

/** A device as the map draws it. */
export interface MapDevice {
  id: string;
  name: string;
  type: string;
  state: MapState;
  lon: number;
  lat: number;
}

const stateColor: ExpressionSpecification = [
  'match',
  ['get', 'state'],
  'online',
  STATE_COLORS.online,
  'offline',
  STATE_COLORS.offline,
  'alarm',
  STATE_COLORS.alarm,
  '#ffffff',
];

/** What the map reports back: a click on a device (or on nothing), and the device under the pointer. */
export interface DeviceMapCallbacks {
  onPick: (id: string | null) => void;
  onHover?: (device: { id: string; name: string; x: number; y: number } | null) => void;
}

export class DeviceMapController {
  readonly map: MapLibreMap;
  readonly ready: Promise<void>;

  constructor(
    container: HTMLElement,
    private readonly callbacks: DeviceMapCallbacks,
  ) {
    this.map = new maplibregl.Map({
      container,
      style: BASE_STYLE,
      center: [119.65, 29.1],
      zoom: 10,
      attributionControl: false,
      maxZoom: 19,
      dragRotate: false,
      pitchWithRotate: false,
    });
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'bottom-right');
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    this.map.touchZoomRotate.disableRotation();
    this.ready = new Promise((resolve) => this.map.once('load', () => resolve()));
    void this.ready.then(() => this.addLayers());
    this.map.on('click', this.handleClick);
    this.map.on('mousemove', this.handleMove);
    this.map.on('mouseout', () => this.callbacks.onHover?.(null));
  }

  private addLayers(): void {
    this.map.addSource(DISTRICTS, { type: 'geojson', data: EMPTY });
    this.map.addLayer({ id: 'districts-fill', type: 'fill', source: DISTRICTS, paint: { 'fill-color': '#1456b8', 'fill-opacity': 0.04 } });
    this.map.addLayer({
      id: 'districts-line',
      type: 'line',
      source: DISTRICTS,
      paint: { 'line-color': '#1456b8', 'line-width': 1.5, 'line-opacity': 0.55, 'line-dasharray': [3, 2] },
    });
    this.map.addSource(DEVICES, { type: 'geojson', data: EMPTY, promoteId: 'id' });
    const radius: ExpressionSpecification = ['interpolate', ['linear'], ['zoom'], 9, 2.5, 13, 5, 17, 8];
    this.map.addLayer({
      id: LAYER_DEVICES,
      type: 'circle',
      source: DEVICES,
      filter: ['!=', ['get', 'state'], 'alarm'],
      paint: {
        'circle-radius': radius,
        'circle-color': stateColor,
        // Disabled devices are hollow: a white fill in a grey ring.
        'circle-opacity': ['case', ['==', ['get', 'state'], 'disabled'], 0.6, 0.9],
        'circle-stroke-color': ['case', ['==', ['get', 'state'], 'disabled'], STATE_COLORS.disabled, '#ffffff'],
        'circle-stroke-width': ['case', ['==', ['get', 'state'], 'disabled'], 1.5, 0.6],
      },
    });
    this.map.addLayer({
      id: LAYER_ALARM,
      type: 'circle',
      source: DEVICES,
      filter: ['==', ['get', 'state'], 'alarm'],
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 5, 13, 8, 17, 11],
        'circle-color': STATE_COLORS.alarm,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
      },
    });
    this.map.addSource(SELECTED, { type: 'geojson', data: EMPTY });
    this.map.addLayer({
      id: 'selected-ring',
      type: 'circle',
      source: SELECTED,
      paint: { 'circle-radius': 13, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#1456b8', 'circle-stroke-width': 3 },
    });
  }

  private handleClick = (e: MapMouseEvent): void => {
    const hit = this.map.queryRenderedFeatures(this.box(e), { layers: [LAYER_ALARM, LAYER_DEVICES] })[0];
    this.callbacks.onPick(hit ? String(hit.properties.id) : null);
  };

  private handleMove = (e: MapMouseEvent): void => {
    const hit = this.map.queryRenderedFeatures(this.box(e), { layers: [LAYER_ALARM, LAYER_DEVICES] })[0];
    this.map.getCanvas().style.cursor = hit ? 'pointer' : '';
    this.callbacks.onHover?.(hit ? { id: String(hit.properties.id), name: String(hit.properties.name), x: e.point.x, y: e.point.y } : null);
  };

  /** A few pixels around the pointer: small dots are hard to hit exactly. */
  private box(e: MapMouseEvent): [[number, number], [number, number]] {
    const r = 4;
    return [
      [e.point.x - r, e.point.y - r],
      [e.point.x + r, e.point.y + r],
    ];
  }

  setDistricts(collection: AreaCollection): void {
    (this.map.getSource(DISTRICTS) as GeoJSONSource | undefined)?.setData(collection as unknown as FeatureCollection);
  }

  setDevices(devices: readonly MapDevice[]): void {
    const data: FeatureCollection = {
      type: 'FeatureCollection',
      features: devices.map((d) => ({
        type: 'Feature',
        id: d.id,
        geometry: { type: 'Point', coordinates: [d.lon, d.lat] },
        properties: { id: d.id, name: d.name, type: d.type, state: d.state },
      })),
    };
    (this.map.getSource(DEVICES) as GeoJSONSource | undefined)?.setData(data);
  }

  setSelected(device: { lon: number; lat: number } | null): void {
    const data: FeatureCollection = device
      ? {
          type: 'FeatureCollection',
          features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [device.lon, device.lat] } }],
        }
      : EMPTY;
    (this.map.getSource(SELECTED) as GeoJSONSource | undefined)?.setData(data);
  }

  /** Frame a [west, south, east, north] box; on wide screens some room is kept for the overlays. */
  fitBounds(bbox: readonly number[]): void {
    const wide = this.map.getContainer().clientWidth > 1000;
    this.map.fitBounds(
      [
        [bbox[0], bbox[1]],
        [bbox[2], bbox[3]],
      ],
      { padding: { top: 40, bottom: 40, left: wide ? 200 : 24, right: wide ? 200 : 24 }, animate: false, maxZoom: 16 },
    );
  }

  flyTo(lon: number, lat: number): void {
    this.map.easeTo({ center: [lon, lat], zoom: Math.max(this.map.getZoom(), 15) });
  }

  destroy(): void {
    this.map.remove();
  }
}

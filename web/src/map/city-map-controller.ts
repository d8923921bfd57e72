/**
 * Imperative wrapper around the MapLibre map of 一张图: owns the sources and layers, the hover
 * highlight (feature-state), the search pin and the selection outline. React screens talk to it
 * through a few methods and two callbacks; MapLibre objects never leak into component state.
 */
import type { FeatureCollection } from 'geojson';
import type { AreaCollection, AreaDetail, AreaLevel, AreaProperties, RoadCollection } from '../api/types.js';
import {
  BASE_STYLE,
  DISTRICT_COLORS,
  GRID_MIN_ZOOM,
  PICK_LEVELS,
  ROADS_LAYER,
  ROADS_SOURCE,
  ROAD_PAINT,
  SELECTION_LAYER,
  SELECTION_PAINT,
  SELECTION_SOURCE,
  fillLayerId,
  fillPaint,
  layersOf,
  lineLayerId,
  linePaint,
  sourceId,
  type LayerKey,
} from './map-layers.js';
import { maplibregl, type GeoJSONSource, type MapLibreMap, type MapMouseEvent, type Marker } from './maplibre.js';

type Level = Exclude<AreaLevel, 'city'>;

export interface HoverInfo {
  area: AreaProperties;
  /** Pixel position inside the map container. */
  x: number;
  y: number;
}

export interface CityMapCallbacks {
  onHover: (info: HoverInfo | null) => void;
  /** A click anywhere; `area` is the finest visible area under the pointer, if any. */
  onClick: (lon: number, lat: number, area: AreaProperties | null) => void;
  onZoom?: (zoom: number) => void;
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** Geometry as the API types it: an open object that its OpenAPI schema calls "GeoJSON geometry (WGS84)". */
type ApiGeometry = AreaDetail['geometry'];

/**
 * Area and road collections for MapLibre. The server builds their geometry as GeoJSON, but its
 * OpenAPI schema only says "an object", so the compiler is told here, once; MapLibre checks what
 * it draws.
 */
function asGeoJson(collection: {
  type: 'FeatureCollection';
  features: Array<{ type: 'Feature'; properties: Record<string, unknown>; geometry: ApiGeometry }>;
}): FeatureCollection {
  return collection as unknown as FeatureCollection;
}

export class CityMapController {
  readonly map: MapLibreMap;
  /** Resolves once the style is loaded and layers can be added. */
  readonly ready: Promise<void>;
  private hovered: { level: Level; code: string } | null = null;
  private pin: Marker | null = null;
  private visible = new Set<LayerKey>(['district', 'street', 'community', 'grid', 'road']);

  constructor(
    container: HTMLElement,
    private readonly callbacks: CityMapCallbacks,
  ) {
    this.map = new maplibregl.Map({
      container,
      style: BASE_STYLE,
      center: [119.65, 29.1],
      zoom: 10,
      attributionControl: false,
      // The city sits in one province; there is nothing to see beyond ±2° of it.
      maxZoom: 19,
      dragRotate: false,
      pitchWithRotate: false,
    });
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'bottom-right');
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    this.map.touchZoomRotate.disableRotation();
    this.ready = new Promise((resolve) => this.map.once('load', () => resolve()));
    void this.ready.then(() => this.addLayers());
    this.map.on('mousemove', this.handleMove);
    this.map.on('mouseout', this.clearHover);
    this.map.on('click', this.handleClick);
    this.map.on('zoomend', () => this.callbacks.onZoom?.(this.map.getZoom()));
  }

  private addLayers(): void {
    // Fills first (coarse → fine), then outlines, roads and the selection on top.
    for (const level of ['district', 'street', 'community', 'grid'] as const) {
      this.map.addSource(sourceId(level), { type: 'geojson', data: EMPTY, promoteId: 'code' });
      this.map.addLayer({
        id: fillLayerId(level),
        type: 'fill',
        source: sourceId(level),
        paint: fillPaint(level),
        ...(level === 'grid' ? { minzoom: GRID_MIN_ZOOM } : {}),
      });
    }
    for (const level of ['district', 'street', 'community', 'grid'] as const) {
      this.map.addLayer({
        id: lineLayerId(level),
        type: 'line',
        source: sourceId(level),
        paint: linePaint(level),
        layout: { 'line-join': 'round' },
        ...(level === 'grid' ? { minzoom: GRID_MIN_ZOOM } : {}),
      });
    }
    this.map.addSource(ROADS_SOURCE, { type: 'geojson', data: EMPTY });
    this.map.addLayer({
      id: ROADS_LAYER,
      type: 'line',
      source: ROADS_SOURCE,
      paint: ROAD_PAINT,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
    });
    this.map.addSource(SELECTION_SOURCE, { type: 'geojson', data: EMPTY });
    this.map.addLayer({ id: SELECTION_LAYER, type: 'line', source: SELECTION_SOURCE, paint: SELECTION_PAINT });
    for (const key of ['district', 'street', 'community', 'grid', 'road'] as const) this.applyVisibility(key);
  }

  /** Replace the polygons of one level. Districts get distinct colours by their order. */
  setAreas(level: Level, collection: AreaCollection): void {
    const data =
      level === 'district'
        ? {
            ...collection,
            features: collection.features.map((f, i) => ({
              ...f,
              properties: { ...f.properties, color: DISTRICT_COLORS[i % DISTRICT_COLORS.length] },
            })),
          }
        : collection;
    (this.map.getSource(sourceId(level)) as GeoJSONSource | undefined)?.setData(asGeoJson(data));
  }

  setRoads(collection: RoadCollection): void {
    (this.map.getSource(ROADS_SOURCE) as GeoJSONSource | undefined)?.setData(asGeoJson(collection));
  }

  setLayerVisible(key: LayerKey, visible: boolean): void {
    if (visible) this.visible.add(key);
    else this.visible.delete(key);
    this.applyVisibility(key);
  }

  private applyVisibility(key: LayerKey): void {
    for (const id of layersOf(key)) {
      if (this.map.getLayer(id)) this.map.setLayoutProperty(id, 'visibility', this.visible.has(key) ? 'visible' : 'none');
    }
  }

  /** Fit a box, keeping it clear of the search box (left) and the side panel (right) when there is room. */
  fitBounds(bbox: readonly number[], animate = false): void {
    // The overlays cover the top-left corner and the right edge; give up part of that space only.
    const wide = this.map.getContainer().clientWidth > 1000;
    this.map.fitBounds(
      [
        [bbox[0], bbox[1]],
        [bbox[2], bbox[3]],
      ],
      { padding: { top: 40, bottom: 40, left: wide ? 160 : 24, right: wide ? 320 : 24 }, animate, maxZoom: 17 },
    );
  }

  flyTo(lon: number, lat: number, zoom = 16): void {
    this.map.flyTo({ center: [lon, lat], zoom: Math.max(zoom, this.map.getZoom()), speed: 1.6 });
  }

  /** Drop (or move) the search pin; its element carries data-testid="search-pin". */
  setPin(lon: number, lat: number, title: string): void {
    if (!this.pin) {
      this.pin = new maplibregl.Marker({ color: '#e11d48' });
      const el = this.pin.getElement();
      el.setAttribute('data-testid', 'search-pin');
    }
    this.pin.getElement().setAttribute('title', title);
    this.pin.setLngLat([lon, lat]).addTo(this.map);
  }

  clearPin(): void {
    this.pin?.remove();
  }

  /** Outline a geometry (the selected area), or clear it. */
  setSelection(geometry: ApiGeometry | null): void {
    const data = geometry ? asGeoJson({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry }] }) : EMPTY;
    (this.map.getSource(SELECTION_SOURCE) as GeoJSONSource | undefined)?.setData(data);
  }

  /** The finest visible area under a pixel. */
  private pick(point: { x: number; y: number }): { level: Level; area: AreaProperties } | null {
    const layers = PICK_LEVELS.filter((l) => this.visible.has(l))
      .map(fillLayerId)
      .filter((id) => this.map.getLayer(id));
    if (layers.length === 0) return null;
    const features = this.map.queryRenderedFeatures([point.x, point.y], { layers });
    for (const level of PICK_LEVELS) {
      const hit = features.find((f) => f.layer.id === fillLayerId(level));
      if (hit) return { level, area: hit.properties as AreaProperties };
    }
    return null;
  }

  private setHover(next: { level: Level; code: string } | null): void {
    const prev = this.hovered;
    if (prev && next && prev.level === next.level && prev.code === next.code) return;
    if (prev) this.map.setFeatureState({ source: sourceId(prev.level), id: prev.code }, { hover: false });
    if (next) this.map.setFeatureState({ source: sourceId(next.level), id: next.code }, { hover: true });
    this.hovered = next;
  }

  private handleMove = (e: MapMouseEvent): void => {
    const hit = this.pick(e.point);
    this.setHover(hit ? { level: hit.level, code: hit.area.code } : null);
    this.map.getCanvas().style.cursor = hit ? 'pointer' : '';
    this.callbacks.onHover(hit ? { area: hit.area, x: e.point.x, y: e.point.y } : null);
  };

  private clearHover = (): void => {
    this.setHover(null);
    this.callbacks.onHover(null);
  };

  private handleClick = (e: MapMouseEvent): void => {
    const hit = this.pick(e.point);
    this.callbacks.onClick(e.lngLat.lng, e.lngLat.lat, hit?.area ?? null);
  };

  destroy(): void {
    this.pin?.remove();
    this.map.remove();
  }
}

/**
 * The map's style and layers. No tile server and no remote glyphs or sprites: the style is a plain
 * background and every layer is our own GeoJSON; names are shown in HTML (tooltip, side panel),
 * because MapLibre text labels would need a glyph server.
 */
import type { AreaLevel } from '../api/types.js';
import type { ExpressionSpecification, FillLayerSpecification, LineLayerSpecification, StyleSpecification } from 'maplibre-gl';

/** Switchable layers, finest last. */
export const LAYER_KEYS = ['district', 'street', 'community', 'grid', 'road'] as const;
export type LayerKey = (typeof LAYER_KEYS)[number];

/** Levels whose polygons answer hover and click, finest first (the finest visible one wins). */
export const PICK_LEVELS: readonly Exclude<AreaLevel, 'city'>[] = ['grid', 'community', 'street', 'district'];

/** Unit grids are too dense to read below this zoom (about 1:70 000). */
export const GRID_MIN_ZOOM = 13;

/** Distinct, colour-blind-friendly district fills (Okabe–Ito palette). */
export const DISTRICT_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#999999'];

/**
 * The road kinds the map styles and its legend names. The API types a road's kind as free text; a
 * kind not listed here is drawn thin and grey.
 */
export const ROAD_STYLE = {
  trunk: { color: '#c0392b', width: 4 },
  primary: { color: '#e67e22', width: 3 },
  secondary: { color: '#b8962e', width: 2 },
  branch: { color: '#8a96a3', width: 1.2 },
} as const satisfies Record<string, { color: string; width: number }>;

export const BASE_STYLE: StyleSpecification = {
  version: 8,
  name: 'zhicheng-plain',
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef2f6' } }],
};

export const sourceId = (level: Exclude<AreaLevel, 'city'>) => `areas-${level}`;
export const fillLayerId = (level: Exclude<AreaLevel, 'city'>) => `${level}-fill`;
export const lineLayerId = (level: Exclude<AreaLevel, 'city'>) => `${level}-line`;
export const ROADS_SOURCE = 'roads';
export const ROADS_LAYER = 'roads-line';
export const SELECTION_SOURCE = 'selection';
export const SELECTION_LAYER = 'selection-line';

/** Map layers that make up one switchable layer. */
export function layersOf(key: LayerKey): string[] {
  return key === 'road' ? [ROADS_LAYER] : [fillLayerId(key), lineLayerId(key)];
}

const hover = (on: number, off: number): ExpressionSpecification => ['case', ['boolean', ['feature-state', 'hover'], false], on, off];

/** Fill paint per level: districts tinted, finer levels transparent until hovered. */
export function fillPaint(level: Exclude<AreaLevel, 'city'>): FillLayerSpecification['paint'] {
  if (level === 'district') {
    return { 'fill-color': ['get', 'color'], 'fill-opacity': hover(0.42, 0.22) };
  }
  return { 'fill-color': '#1456b8', 'fill-opacity': hover(0.22, 0) };
}

/** Line paint per level: heavier for coarser levels. */
export function linePaint(level: Exclude<AreaLevel, 'city'>): LineLayerSpecification['paint'] {
  switch (level) {
    case 'district':
      return { 'line-color': '#2c3e50', 'line-width': 2.2 };
    case 'street':
      return { 'line-color': '#34495e', 'line-width': 1.4, 'line-dasharray': [3, 2] };
    case 'community':
      return { 'line-color': '#5d6d7e', 'line-width': 0.9 };
    case 'grid':
      return { 'line-color': '#7f8c8d', 'line-width': 0.4, 'line-opacity': 0.8 };
  }
}

function roadWidth(): ExpressionSpecification {
  return [
    'match',
    ['get', 'kind'],
    ...Object.entries(ROAD_STYLE).flatMap(([k, s]) => [k, s.width]),
    1,
  ] as unknown as ExpressionSpecification;
}

export const ROAD_PAINT: LineLayerSpecification['paint'] = {
  'line-color': [
    'match',
    ['get', 'kind'],
    ...Object.entries(ROAD_STYLE).flatMap(([k, s]) => [k, s.color]),
    '#9aa5b1',
  ] as unknown as ExpressionSpecification,
  // Thin at city scale so the area boundaries stay readable, wider when zoomed in to streets.
  'line-width': [
    'interpolate',
    ['linear'],
    ['zoom'],
    11,
    ['*', 0.45, roadWidth()],
    14,
    roadWidth(),
    17,
    ['*', 2.5, roadWidth()],
  ] as unknown as ExpressionSpecification,
  'line-opacity': ['interpolate', ['linear'], ['zoom'], 11, 0.75, 14, 0.95] as unknown as ExpressionSpecification,
};

/** The outline of the selected area (clicked, or the grid of a search result). */
export const SELECTION_PAINT: LineLayerSpecification['paint'] = {
  'line-color': '#ff3b30',
  'line-width': 3,
};

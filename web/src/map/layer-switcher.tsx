/** Checkboxes that show and hide the map's layers, with a small legend. */
import { Checkbox, Typography } from 'antd';
import { useT } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/zh-CN.js';
import { GRID_MIN_ZOOM, LAYER_KEYS, ROAD_STYLE, type LayerKey } from './map-layers.js';

const LABELS: Record<LayerKey, MessageKey> = {
  district: 'map.layer.district',
  street: 'map.layer.street',
  community: 'map.layer.community',
  grid: 'map.layer.grid',
  road: 'map.layer.road',
};

export interface LayerSwitcherProps {
  visible: Record<LayerKey, boolean>;
  onChange: (key: LayerKey, visible: boolean) => void;
  zoom: number;
  /** Layers still loading. */
  loading: Partial<Record<LayerKey, boolean>>;
}

export function LayerSwitcher({ visible, onChange, zoom, loading }: LayerSwitcherProps) {
  const t = useT();
  return (
    <div className="zc-map-card zc-layer-switcher" data-testid="layer-switcher">
      <Typography.Text strong>{t('map.layers')}</Typography.Text>
      {LAYER_KEYS.map((key) => (
        <div key={key}>
          <Checkbox checked={visible[key]} onChange={(e) => onChange(key, e.target.checked)} data-testid={`layer-${key}`}>
            {t(LABELS[key])}
            {loading[key] && <span className="zc-muted"> · {t('common.loading')}</span>}
            {key === 'grid' && zoom < GRID_MIN_ZOOM && (
              <span className="zc-muted"> · {t('map.layer.grid.zoomHint', { zoom: GRID_MIN_ZOOM })}</span>
            )}
          </Checkbox>
        </div>
      ))}
      {visible.road && (
        <div className="zc-road-legend">
          {Object.entries(ROAD_STYLE).map(([kind, s]) => (
            <span key={kind}>
              <i style={{ background: s.color, height: Math.max(2, s.width) }} />
              {t(`map.road.${kind as keyof typeof ROAD_STYLE}`)}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}

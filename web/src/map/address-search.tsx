/**
 * Address search of 一张图: type a Chinese address (道路 + 门牌, or a place name), pick one of the
 * geocoder's candidates. Requests are debounced and superseded ones cancelled.
 */
import { useEffect, useRef, useState } from 'react';
import { AutoComplete, Input, Spin, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { isAbort } from '../api/client.js';
import { geoApi } from '../api/endpoints.js';
import type { GeocodeCandidate } from '../api/types.js';
import { useT } from '../i18n/i18n.js';
import { errorLine } from '../lib/describe-error.js';
import { useDebounced } from '../lib/use-debounced.js';

export function AddressSearch({ onPick }: { onPick: (candidate: GeocodeCandidate) => void }) {
  const t = useT();
  const [text, setText] = useState('');
  const query = useDebounced(text.trim(), 300);
  const [candidates, setCandidates] = useState<GeocodeCandidate[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The text we set after a pick should not search again.
  const picked = useRef<string | null>(null);

  useEffect(() => {
    if (!query || query === picked.current) {
      setCandidates([]);
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    geoApi.geocode(query, 8, controller.signal).then(
      (res) => {
        setCandidates(res.candidates);
        setLoading(false);
      },
      (err: unknown) => {
        if (isAbort(err)) return;
        setCandidates([]);
        setError(errorLine(err, t));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [query, t]);

  const notFound = loading ? (
    <Spin size="small" />
  ) : error ? (
    <Typography.Text type="danger">{error}</Typography.Text>
  ) : query && query !== picked.current ? (
    <Typography.Text type="secondary">{t('map.search.none')}</Typography.Text>
  ) : null;

  return (
    <AutoComplete
      value={text}
      onChange={(v: string) => {
        picked.current = null;
        setText(v);
      }}
      onSelect={(_: string, option: { candidate?: GeocodeCandidate }) => {
        const c = option.candidate;
        if (!c) return;
        picked.current = c.address;
        setText(c.address);
        setCandidates([]);
        onPick(c);
      }}
      options={candidates.map((c, i) => ({
        value: `${i}:${c.address}`,
        candidate: c,
        label: (
          <div className="zc-geocode-option" data-testid="geocode-option">
            <div className="zc-geocode-address">{c.address}</div>
            <div className="zc-geocode-meta">
              {c.grid ? `${c.grid.name} · ` : ''}
              {t('map.search.score', { score: Math.round(c.score * 100) })}
            </div>
          </div>
        ),
      }))}
      notFoundContent={notFound}
      popupMatchSelectWidth={420}
      style={{ width: '100%' }}
      defaultActiveFirstOption
    >
      <Input
        size="large"
        allowClear
        prefix={<SearchOutlined />}
        suffix={loading ? <Spin size="small" /> : undefined}
        placeholder={t('map.search.placeholder')}
        data-testid="address-search"
      />
    </AutoComplete>
  );
}

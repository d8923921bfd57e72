/**
 * The history of one property as a line chart. Only the ECharts parts used here are imported
 * (core, line chart, grid, tooltip, data zoom, canvas renderer), which keeps the chunk a third of
 * the full library.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { Locale } from '../i18n/i18n.js';
import { formatDateTime } from '../lib/format.js';

echarts.use([LineChart, GridComponent, TooltipComponent, DataZoomComponent, CanvasRenderer]);

/** ECharts tooltips are HTML; names come from user-defined thing models. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface HistoryChartProps {
  points: ReadonlyArray<{ ts: string; value: unknown }>;
  name: string;
  unit: string;
  locale: Locale;
  /** Draw steps instead of slopes (on/off and other boolean values). */
  step?: boolean;
}

export function HistoryChart({ points, name, unit, locale, step }: HistoryChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    const first = points[0] ? Date.parse(points[0].ts) : 0;
    const last = points.length > 0 ? Date.parse(points[points.length - 1]!.ts) : 0;
    const spanMs = last - first;
    const data = points.map((p) => [Date.parse(p.ts), typeof p.value === 'boolean' ? (p.value ? 1 : 0) : p.value]);
    chartRef.current?.setOption(
      {
        animation: false,
        grid: { left: 56, right: 24, top: 24, bottom: 64 },
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'line' },
          // The header in Beijing time, like every time on screen.
          formatter: (params: unknown) => {
            const p = (Array.isArray(params) ? params[0] : params) as { value: [number, unknown]; marker: string } | undefined;
            if (!p) return '';
            const value = `${String(p.value[1])}${unit ? ` ${unit}` : ''}`;
            return `${formatDateTime(p.value[0], locale)}<br/>${p.marker} ${escapeHtml(name)}: <b>${escapeHtml(value)}</b>`;
          },
        },
        xAxis: {
          type: 'time',
          // Beijing time whatever the browser's zone; hours within two days, dates beyond.
          axisLabel: {
            hideOverlap: true,
            formatter: (v: number) =>
              formatDateTime(v, locale).slice(spanMs <= 2 * 86_400_000 ? 11 : 5, spanMs <= 2 * 86_400_000 ? 16 : 10),
          },
        },
        yAxis: { type: 'value', name: unit, scale: true },
        dataZoom: [
          { type: 'inside' },
          { type: 'slider', height: 20, bottom: 12, labelFormatter: (v: number) => formatDateTime(v, locale).slice(5, 16) },
        ],
        series: [
          {
            type: 'line',
            name,
            data,
            showSymbol: data.length < 60,
            step: step ? 'end' : false,
            lineStyle: { width: 1.6, color: '#1456b8' },
            itemStyle: { color: '#1456b8' },
            areaStyle: { color: 'rgba(20, 86, 184, 0.08)' },
          },
        ],
      },
      { notMerge: true },
    );
  }, [points, name, unit, locale, step]);

  return <div ref={ref} className="zc-chart" data-testid="history-chart" data-points={points.length} />;
}

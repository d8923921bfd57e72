/**
 * A bar chart (ECharts, only the bar parts imported) for the quality and overview screens:
 * categories on one axis, one or more series of numbers.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart as EBarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([EBarChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

export interface BarChartProps {
  title: string;
  categories: string[];
  series: Array<{ name: string; values: number[]; stack?: string }>;
  /** Values are percentages (0–100): the axis ends at 100 and labels carry %. */
  percent?: boolean;
  horizontal?: boolean;
  height?: number;
}

export function BarChart({ title, categories, series, percent, horizontal, height = 300 }: BarChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    const valueAxis = {
      type: 'value' as const,
      max: percent ? 100 : undefined,
      // Counts are whole numbers: no 0.5 ticks.
      minInterval: percent ? undefined : 1,
      axisLabel: { formatter: percent ? '{value}%' : '{value}' },
    };
    const categoryAxis = {
      type: 'category' as const,
      data: categories,
      axisLabel: { interval: 0, width: 140, overflow: 'truncate' as const },
    };
    chart.setOption({
      // No grow-in animation: the numbers are what matters, and screenshots show them at once.
      animation: false,
      title: { text: title, textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' },
      legend: series.length > 1 ? { top: 0, right: 0 } : undefined,
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? { ...categoryAxis, inverse: true } : valueAxis,
      series: series.map((s) => ({ type: 'bar', name: s.name, data: s.values, stack: s.stack, barMaxWidth: 28 })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [title, JSON.stringify(categories), JSON.stringify(series), percent, horizontal]);
  return <div ref={ref} style={{ width: '100%', height }} data-testid="bar-chart" />;
}

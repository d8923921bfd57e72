/**
 * 分类模型: how well the category classifier does on its held-out split — top-1 and top-3
 * accuracy, log loss, precision and recall per category, and the confusion matrix as a heatmap
 * (rows: the true category, columns: the predicted one). Retraining (seed corpus plus closed cases,
 * so operators' corrections count) needs `cases.config.write`.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { App, Button, Card, Col, Popconfirm, Row, Statistic, Table, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import * as echarts from 'echarts/core';
import { HeatmapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useUser } from '../auth/auth-context.js';
import { ErrorAlert } from '../components/error-alert.js';
import { FullPageSpin } from '../components/full-page-spin.js';
import { PageHead } from '../components/page-head.js';
import { useLocale, useT } from '../i18n/i18n.js';
import { errorLine } from '../lib/describe-error.js';
import { formatDateTime } from '../lib/format.js';
import { hasPermission } from '../lib/permissions.js';
import { useAsync } from '../lib/use-async.js';
import { casesApi, type ClassifierReport } from './cases-api.js';
import { useCategories } from './cases-labels.js';
import './cases.css';

echarts.use([HeatmapChart, GridComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function ClassifierPage() {
  const t = useT();
  const { locale } = useLocale();
  const me = useUser();
  const { message } = App.useApp();
  const canWrite = hasPermission(me, 'cases.config.write');
  const categories = useCategories();
  const loaded = useAsync((signal) => casesApi.classifierReport(signal), []);
  const [fresh, setFresh] = useState<ClassifierReport | null>(null);
  const [training, setTraining] = useState(false);
  const report = fresh ?? loaded.data;

  const retrain = async () => {
    setTraining(true);
    try {
      const r = await casesApi.retrain();
      setFresh(r);
      message.success(t('cases.classifier.retrained', { acc: pct(r.heldOut.accuracy) }));
    } catch (err) {
      message.error(errorLine(err, t));
    } finally {
      setTraining(false);
    }
  };

  return (
    <div className="zc-page" data-testid="classifier-page">
      <PageHead
        title={t('cases.classifier.title')}
        subtitle={
          report
            ? t('cases.classifier.subtitle', {
                model: report.model,
                features: report.features,
                at: formatDateTime(report.trainedAt, locale),
              })
            : undefined
        }
        actions={
          canWrite && (
            <Popconfirm title={t('cases.classifier.retrainConfirm')} onConfirm={() => void retrain()}>
              <Button icon={<ReloadOutlined />} loading={training} data-testid="classifier-retrain">
                {t('cases.classifier.retrain')}
              </Button>
            </Popconfirm>
          )
        }
      />
      {loaded.error != null && !report && <ErrorAlert error={loaded.error} onRetry={loaded.reload} />}
      {loaded.loading && !report && <FullPageSpin />}
      {report && (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}>
              <Card>
                <Statistic
                  title={t('cases.classifier.top1')}
                  value={pct(report.heldOut.accuracy)}
                  valueStyle={{ color: report.heldOut.accuracy >= 0.85 ? '#389e0d' : '#d46b08' }}
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card>
                <Statistic
                  title={t('cases.classifier.top3')}
                  value={pct(report.heldOut.top3Accuracy)}
                  valueStyle={{ color: report.heldOut.top3Accuracy >= 0.95 ? '#389e0d' : '#d46b08' }}
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card>
                <Statistic title={t('cases.classifier.logLoss')} value={report.heldOut.logLoss.toFixed(3)} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card>
                <Statistic
                  title={t('cases.classifier.samples')}
                  value={report.heldOut.samples}
                  suffix={
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('cases.classifier.sampleDetail', {
                        train: report.samples.train,
                        learned: report.samples.learned,
                        labels: report.samples.labels,
                        ms: report.trainMs,
                      })}
                    </Typography.Text>
                  }
                />
              </Card>
            </Col>
          </Row>
          <Card title={t('cases.classifier.confusion')} style={{ marginBottom: 16 }}>
            <ConfusionHeatmap report={report} name={categories.name} />
          </Card>
          <Card title={t('cases.classifier.perClass')}>
            <Table
              rowKey="categoryCode"
              size="small"
              dataSource={report.heldOut.perClass}
              pagination={{ defaultPageSize: 20, showSizeChanger: true }}
              columns={[
                { title: t('cases.field.category'), dataIndex: 'categoryCode', render: (v: string) => `${v} ${categories.name(v)}` },
                {
                  title: t('cases.classifier.precision'),
                  dataIndex: 'precision',
                  align: 'right',
                  sorter: (a, b) => a.precision - b.precision,
                  render: pct,
                },
                {
                  title: t('cases.classifier.recall'),
                  dataIndex: 'recall',
                  align: 'right',
                  sorter: (a, b) => a.recall - b.recall,
                  render: pct,
                },
                { title: t('cases.classifier.support'), dataIndex: 'support', align: 'right' },
              ]}
            />
          </Card>
        </>
      )}
    </div>
  );
}

function ConfusionHeatmap({ report, name }: { report: ClassifierReport; name: (code: string) => string }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<echarts.ECharts | null>(null);
  const { categoryCodes: codes, matrix } = report.heldOut.confusion;
  // Hits (the diagonal) and mistakes are drawn apart: green for right, blue → red for how often wrong.
  const { hits, misses } = useMemo(() => {
    const h: Array<[number, number, number]> = [];
    const m: Array<[number, number, number]> = [];
    matrix.forEach((row, i) => row.forEach((n, j) => n > 0 && (i === j ? h : m).push([j, i, n])));
    return { hits: h, misses: m };
  }, [matrix]);
  const max = Math.max(1, ...misses.map((d) => d[2]));

  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(
      {
        animation: false,
        grid: { left: 70, right: 30, top: 10, bottom: 70 },
        tooltip: {
          formatter: (p: unknown) => {
            const v = (p as { value: [number, number, number] }).value;
            return `${escapeHtml(t('cases.classifier.true'))}: ${escapeHtml(`${codes[v[1]]} ${name(codes[v[1]]!)}`)}<br/>${escapeHtml(t('cases.classifier.predicted'))}: ${escapeHtml(`${codes[v[0]]} ${name(codes[v[0]]!)}`)}<br/><b>${v[2]}</b>`;
          },
        },
        xAxis: {
          type: 'category',
          data: codes,
          name: t('cases.classifier.predicted'),
          nameLocation: 'middle',
          nameGap: 50,
          axisLabel: { rotate: 90, fontSize: 9 },
          splitArea: { show: true },
        },
        yAxis: {
          type: 'category',
          data: codes,
          name: t('cases.classifier.true'),
          nameLocation: 'middle',
          nameGap: 44,
          inverse: true,
          axisLabel: { fontSize: 9 },
          splitArea: { show: true },
        },
        // ECharts draws a cartesian heatmap only through a visualMap: correct answers green, mistakes blue → red.
        visualMap: [
          { seriesIndex: 0, min: 0, max: Math.max(1, ...hits.map((d) => d[2])), show: false, inRange: { color: ['#95de64', '#389e0d'] } },
          { seriesIndex: 1, min: 1, max, show: false, inRange: { color: ['#91caff', '#1677ff', '#cf1322'] } },
        ],
        series: [
          {
            type: 'heatmap',
            data: hits,
            emphasis: { itemStyle: { borderColor: '#000', borderWidth: 1 } },
          },
          { type: 'heatmap', data: misses, emphasis: { itemStyle: { borderColor: '#000', borderWidth: 1 } } },
        ],
      },
      true,
    );
  }, [codes, hits, misses, max, name, t]);

  return (
    <div ref={ref} className="zc-confusion" data-testid="classifier-confusion" style={{ height: Math.max(360, codes.length * 14 + 80) }} />
  );
}

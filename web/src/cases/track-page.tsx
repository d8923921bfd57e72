/**
 * 公众查询: a citizen checks a case with its number and the last 4 digits of the phone they gave.
 * No login; the server answers only the status and a public timeline (nothing personal) and limits
 * how often one address may ask.
 */
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Timeline, Typography } from 'antd';
import { LanguageSwitch } from '../components/language-switch.js';
import { useLocale, useT } from '../i18n/i18n.js';
import { ApiError } from '../api/client.js';
import { errorLine } from '../lib/describe-error.js';
import { formatDateTime } from '../lib/format.js';
import { casesApi, type PublicStatus } from './cases-api.js';
import { actionKey, statusKey } from './cases-labels.js';
import './cases.css';

interface Values {
  number: string;
  phoneLast4: string;
}

export function TrackPage() {
  const t = useT();
  const { locale } = useLocale();
  const [form] = Form.useForm<Values>();
  const [result, setResult] = useState<PublicStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await casesApi.publicStatus(v.number.trim().toUpperCase(), v.phoneLast4.trim()));
    } catch (err) {
      // A wrong number and a wrong phone look the same on purpose (no probing).
      setError(err instanceof ApiError && err.status === 404 ? t('cases.track.notFound') : errorLine(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="zc-track-page" data-testid="track-page">
      <div className="zc-track-head">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('cases.track.title')}
        </Typography.Title>
        <LanguageSwitch />
      </div>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{t('cases.track.intro')}</Typography.Paragraph>
        <Form form={form} layout="inline" onFinish={(v) => void submit(v)} requiredMark={false}>
          <Form.Item
            name="number"
            label={t('cases.field.number')}
            rules={[{ required: true, pattern: /^\s*[A-Za-z]{2}\d{13}\s*$/, message: t('cases.track.numberInvalid') }]}
          >
            <Input placeholder="ZC2026112200001" style={{ width: 210 }} autoFocus data-testid="track-number" />
          </Form.Item>
          <Form.Item
            name="phoneLast4"
            label={t('cases.track.phoneLast4')}
            rules={[{ required: true, pattern: /^\s*\d{4}\s*$/, message: t('cases.track.phoneInvalid') }]}
          >
            <Input maxLength={4} style={{ width: 90 }} inputMode="numeric" data-testid="track-phone" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="track-submit">
            {t('cases.track.submit')}
          </Button>
        </Form>
      </Card>
      {error && <Alert type="warning" showIcon title={error} data-testid="track-error" />}
      {result && (
        <Card data-testid="track-result">
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label={t('cases.field.number')}>
              <span className="zc-mono">{result.number}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('common.status')}>
              <b data-testid="track-status">{t(statusKey(result.status))}</b>
            </Descriptions.Item>
            <Descriptions.Item label={t('cases.field.category')}>{result.categoryName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('cases.field.createdAt')}>{formatDateTime(result.createdAt, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('cases.track.promised')}>{formatDateTime(result.deadline, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('cases.field.closedAt')}>{formatDateTime(result.closedAt, locale)}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5}>{t('cases.detail.timeline')}</Typography.Title>
          <Timeline
            items={result.timeline.map((e) => ({
              content: (
                <span>
                  {formatDateTime(e.at, locale)} · <b>{t(actionKey(e.action))}</b> → {t(statusKey(e.status))}
                </span>
              ),
            }))}
          />
        </Card>
      )}
    </div>
  );
}

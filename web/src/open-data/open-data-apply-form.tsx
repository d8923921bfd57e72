/**
 * 申请使用: the form a visitor fills for a 有条件开放 dataset. The providing department reviews
 * the application; the receipt number lets the applicant check its status.
 */
import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { ApiError } from '../api/client.js';
import { useT } from '../i18n/i18n.js';
import { errorLine } from '../lib/describe-error.js';
import { applyFieldErrors } from '../lib/form-errors.js';
import { openDataApi, type OpenApplicationBody, type OpenApplicationReceipt } from './open-data-api.js';

const FIELDS = ['applicantName', 'organization', 'email', 'phone', 'purpose'] as const;

export function OpenDataApplyForm({ datasetId }: { datasetId: string }) {
  const t = useT();
  const [form] = Form.useForm<OpenApplicationBody>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<OpenApplicationReceipt | null>(null);

  const submit = async (v: OpenApplicationBody) => {
    setBusy(true);
    setError(null);
    try {
      setReceipt(await openDataApi.apply(datasetId, { ...v, organization: v.organization || undefined, phone: v.phone || undefined }));
    } catch (err) {
      const unmatched = applyFieldErrors(form, err, FIELDS);
      // Field errors show on their fields; anything else (rate limit, network) above the button.
      if (unmatched.length || !(err instanceof ApiError) || err.errors.length === 0) setError(errorLine(err, t));
    } finally {
      setBusy(false);
    }
  };

  if (receipt) {
    return <Alert type="success" showIcon title={t('openData.apply.done', { id: receipt.id })} data-testid="od-apply-done" />;
  }
  return (
    <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} style={{ maxWidth: 560 }} data-testid="od-apply-form">
      <Form.Item name="applicantName" label={t('openData.apply.name')} rules={[{ required: true, max: 50 }]}>
        <Input data-testid="od-apply-name" />
      </Form.Item>
      <Form.Item name="organization" label={t('openData.apply.organization')} rules={[{ max: 100 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="email" label={t('openData.apply.email')} rules={[{ required: true, type: 'email', max: 200 }]}>
        <Input data-testid="od-apply-email" />
      </Form.Item>
      <Form.Item name="phone" label={t('openData.apply.phone')} rules={[{ pattern: /^[0-9+\- ]*$/, max: 20 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="purpose" label={t('openData.apply.purpose')} rules={[{ required: true, min: 5, max: 1000 }]}>
        <Input.TextArea rows={3} data-testid="od-apply-purpose" />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" loading={busy} data-testid="od-apply-submit">
        {t('openData.apply.submit')}
      </Button>
    </Form>
  );
}

/** 申请共享: the fields wanted, the purpose, and until when; the owner answers within 10 working days. */
import { useEffect } from 'react';
import { Alert, App, DatePicker, Form, Input, Modal, Select, type ButtonProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useLocale, useT } from '../i18n/i18n.js';
import { formatDateTime } from '../lib/format.js';
import { useServerForm } from '../lib/use-server-form.js';
import { catalogApi, type Resource } from './catalog-api.js';

interface Values {
  fields: string[];
  purpose: string;
  until: Dayjs;
}

export function ShareRequestModal({ resource, open, onClose }: { resource: Resource; open: boolean; onClose: () => void }) {
  const t = useT();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const server = useServerForm<Values>({ fields: ['fields', 'purpose', 'until'] });

  useEffect(() => {
    if (open) server.reset({ fields: resource.fields.map((f) => f.name), purpose: '', until: dayjs().add(1, 'year').endOf('day') });
    // reset when opened, not on every render
  }, [open, resource.id]);

  const submit = () =>
    server.submit(async (v) => {
      const created = await catalogApi.requestShare({
        resourceId: resource.id,
        fields: v.fields,
        purpose: v.purpose.trim(),
        until: v.until.toISOString(),
      });
      message.success(t('catalog.request.sent', { due: formatDateTime(created.dueAt, locale) }));
      onClose();
    });

  return (
    <Modal
      open={open}
      title={t('catalog.request.title', { name: resource.name })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('catalog.request.submit')}
      okButtonProps={{ loading: server.saving, 'data-testid': 'request-submit' } as ButtonProps}
      destroyOnHidden
      width={640}
    >
      {server.error && <Alert type="error" showIcon title={server.error} style={{ marginBottom: 16 }} />}
      <Form form={server.form} layout="vertical">
        <Form.Item name="fields" label={t('catalog.request.fields')} rules={[{ required: true }]}>
          <Select
            mode="multiple"
            options={resource.fields.map((f) => ({
              value: f.name,
              label: f.personal ? `${f.title || f.name} (${t(`catalog.personal.${f.personal}`)})` : f.title || f.name,
            }))}
            data-testid="request-fields"
          />
        </Form.Item>
        <Form.Item name="purpose" label={t('catalog.request.purpose')} rules={[{ required: true, whitespace: true, max: 2000 }]}>
          <Input.TextArea rows={3} data-testid="request-purpose" />
        </Form.Item>
        <Form.Item name="until" label={t('catalog.request.until')} rules={[{ required: true }]}>
          <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} data-testid="request-until" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

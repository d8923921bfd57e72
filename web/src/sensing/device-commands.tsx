/**
 * 发送指令: a command of the device's thing model (e.g. dim a streetlight) with its parameters,
 * and the device's recent commands with their state (sent → acknowledged / failed / timed out),
 * re-read every few seconds while one is still waiting for the device.
 */
import { useEffect, useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Select, Switch, Table, Tag, Tooltip } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { useLocale, useT } from '../i18n/i18n.js';
import { describeError } from '../lib/describe-error.js';
import { formatDateTime } from '../lib/format.js';
import { useAsync } from '../lib/use-async.js';
import { sensingApi, type DeviceCommand, type ThingCommand } from './sensing-api.js';

const POLL_MS = 3_000;
const STATUS_COLOR: Record<DeviceCommand['status'], string> = {
  pending: 'processing',
  sent: 'processing',
  acknowledged: 'success',
  failed: 'error',
  timed_out: 'warning',
};

export interface DeviceCommandsProps {
  deviceId: string;
  commands: readonly ThingCommand[];
}

export function DeviceCommands({ deviceId, commands }: DeviceCommandsProps) {
  const t = useT();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; timeoutSeconds?: number; params?: Record<string, number | string | boolean> }>();
  const name = Form.useWatch('name', form);
  const command = commands.find((c) => c.name === name);
  const [tick, setTick] = useState(0);
  const [sending, setSending] = useState(false);
  const recent = useAsync((signal) => sensingApi.listCommands(deviceId, 10, signal), [deviceId, tick]);
  const waiting = (recent.data?.items ?? []).some((c) => c.status === 'pending' || c.status === 'sent');

  useEffect(() => {
    if (!waiting) return;
    const handle = setTimeout(() => setTick((n) => n + 1), POLL_MS);
    return () => clearTimeout(handle);
  }, [waiting, recent.data]);

  const send = async () => {
    let values: Awaited<ReturnType<typeof form.validateFields>>;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSending(true);
    try {
      const params = Object.fromEntries(Object.entries(values.params ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== ''));
      await sensingApi.sendCommand(deviceId, { name: values.name, params, timeoutSeconds: values.timeoutSeconds });
      message.success(t('sensing.command.sent'));
      setTick((n) => n + 1);
    } catch (err) {
      const d = describeError(err, t);
      message.error(`${d.message} ${d.hint}`, 8);
    } finally {
      setSending(false);
    }
  };

  return (
    <Card title={t('sensing.command.title')} data-testid="device-commands">
      <Form form={form} layout="inline" style={{ rowGap: 8, marginBottom: 12 }}>
        <Form.Item name="name" rules={[{ required: true, message: t('sensing.form.required') }]}>
          <Select
            placeholder={t('sensing.command.pick')}
            style={{ width: 180 }}
            options={commands.map((c) => ({ value: c.name, label: c.title }))}
            onChange={() => form.setFieldsValue({ params: {} })}
            data-testid="command-name"
          />
        </Form.Item>
        {command?.params.map((p) => (
          <Form.Item key={p.name} name={['params', p.name]} label={p.title} valuePropName={p.type === 'boolean' ? 'checked' : 'value'}>
            {p.type === 'boolean' ? (
              <Switch />
            ) : p.type === 'number' ? (
              <InputNumber
                min={p.min}
                max={p.max}
                placeholder={p.min !== undefined && p.max !== undefined ? `${p.min}–${p.max}` : undefined}
              />
            ) : (
              <Input style={{ width: 160 }} />
            )}
          </Form.Item>
        ))}
        <Form.Item name="timeoutSeconds" label={t('sensing.command.timeout')}>
          <InputNumber min={1} max={3600} precision={0} placeholder="60" addonAfter={t('sensing.unit.seconds')} style={{ width: 130 }} />
        </Form.Item>
        <Button type="primary" icon={<SendOutlined />} loading={sending} onClick={() => void send()} data-testid="command-send">
          {t('sensing.command.send')}
        </Button>
      </Form>
      <Table<DeviceCommand>
        size="small"
        rowKey="id"
        pagination={false}
        loading={recent.loading && !recent.data}
        dataSource={recent.data?.items ?? []}
        data-testid="command-list"
        columns={[
          { title: t('sensing.command.name'), dataIndex: 'name', render: (v: string) => commands.find((c) => c.name === v)?.title ?? v },
          {
            title: t('sensing.command.params'),
            dataIndex: 'params',
            render: (v: DeviceCommand['params']) => <span className="zc-mono">{Object.keys(v).length ? JSON.stringify(v) : '—'}</span>,
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: DeviceCommand['status'], c) => (
              <Tooltip title={c.message ?? undefined}>
                <Tag color={STATUS_COLOR[s]}>{t(`sensing.command.status.${s}`)}</Tag>
              </Tooltip>
            ),
          },
          { title: t('sensing.command.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, locale) },
          { title: t('sensing.command.completedAt'), dataIndex: 'completedAt', render: (v: string | null) => formatDateTime(v, locale) },
        ]}
      />
      {waiting && <Tag style={{ marginTop: 8 }}>{t('sensing.command.waiting')}</Tag>}
    </Card>
  );
}

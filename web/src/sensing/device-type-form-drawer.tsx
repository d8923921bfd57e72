/**
 * 新建设备类型: code, names, reporting interval, retention, and the properties of the thing model
 * (name, title, unit, value type, possible range, precision), one row each.
 */
import { useEffect } from 'react';
import { Button, Form, Input, InputNumber, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { FormDrawer } from '../components/form-drawer.js';
import { useT } from '../i18n/i18n.js';
import { useServerForm } from '../lib/use-server-form.js';
import { sensingApi, type DeviceType, type ThingProperty } from './sensing-api.js';

interface PropertyRow {
  name: string;
  title: string;
  unit?: string;
  type: ThingProperty['type'];
  min?: number;
  max?: number;
  precision?: number;
}

interface Values {
  code: string;
  name: string;
  nameEn?: string;
  description?: string;
  defaultReportingIntervalSeconds?: number;
  retentionDays?: number;
  properties: PropertyRow[];
}

const FIELDS = ['code', 'name', 'nameEn', 'description', 'defaultReportingIntervalSeconds', 'retentionDays', 'properties'];
const MEMBER = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

export interface DeviceTypeFormDrawerProps {
  open: boolean;
  onClose: () => void;
  onSaved: (type: DeviceType) => void;
}

export function DeviceTypeFormDrawer({ open, onClose, onSaved }: DeviceTypeFormDrawerProps) {
  const t = useT();
  const server = useServerForm<Values>({ fields: FIELDS, conflict: { field: 'code', message: t('sensing.type.codeTaken') } });
  const { reset } = server;

  useEffect(() => {
    if (open) reset({ properties: [{ name: '', title: '', type: 'number' }] });
  }, [open, reset]);

  const save = () =>
    server.submit(async (v) => {
      const saved = await sensingApi.createType({
        code: v.code.trim(),
        name: v.name.trim(),
        nameEn: v.nameEn?.trim() || undefined,
        description: v.description?.trim() || undefined,
        defaultReportingIntervalSeconds: v.defaultReportingIntervalSeconds,
        retentionDays: v.retentionDays,
        properties: v.properties.map((p) => ({
          name: p.name.trim(),
          title: p.title.trim(),
          unit: p.unit?.trim() ?? '',
          type: p.type,
          ...(p.type === 'number' && p.min !== undefined && p.min !== null ? { min: p.min } : {}),
          ...(p.type === 'number' && p.max !== undefined && p.max !== null ? { max: p.max } : {}),
          ...(p.type === 'number' && p.precision !== undefined && p.precision !== null ? { precision: p.precision } : {}),
        })),
      });
      onSaved(saved);
    });

  return (
    <FormDrawer
      open={open}
      onClose={onClose}
      title={t('sensing.type.create')}
      creating
      form={server}
      onSubmit={() => void save()}
      submitTestId="type-form-submit"
    >
      <Form.Item
        name="code"
        label={t('sensing.type.code')}
        extra={t('sensing.type.code.hint')}
        rules={[
          { required: true, message: t('sensing.form.required') },
          { pattern: /^[A-Za-z][A-Za-z0-9_-]{1,63}$/, message: t('sensing.type.code.pattern') },
        ]}
      >
        <Input className="zc-mono" placeholder="RainGauge" data-testid="type-form-code" />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('sensing.type.name')}
        rules={[{ required: true, whitespace: true, message: t('sensing.form.required') }, { max: 50 }]}
      >
        <Input placeholder="雨量计" data-testid="type-form-name" />
      </Form.Item>
      <Form.Item name="nameEn" label={t('sensing.type.nameEn')}>
        <Input placeholder="Rain gauge" />
      </Form.Item>
      <Form.Item name="description" label={t('sensing.rule.description')}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Space>
        <Form.Item name="defaultReportingIntervalSeconds" label={t('sensing.device.interval')}>
          <InputNumber min={10} max={604800} precision={0} addonAfter={t('sensing.unit.seconds')} style={{ width: 190 }} />
        </Form.Item>
        <Form.Item name="retentionDays" label={t('sensing.type.retention')}>
          <InputNumber min={1} max={3650} precision={0} placeholder="400" addonAfter={t('sensing.unit.days')} style={{ width: 170 }} />
        </Form.Item>
      </Space>
      <Form.List
        name="properties"
        rules={[
          {
            validator: async (_, rows: PropertyRow[] | undefined) => {
              if (!rows || rows.length === 0) throw new Error(t('sensing.type.prop.atLeastOne'));
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <div data-testid="type-form-properties">
            <div className="ant-form-item-label">
              <label>{t('sensing.type.properties')}</label>
            </div>
            {fields.map((field) => (
              <div key={field.key} className="zc-prop-row">
                <Space wrap align="start" size={6}>
                  <Form.Item
                    name={[field.name, 'name']}
                    rules={[
                      { required: true, message: t('sensing.form.required') },
                      { pattern: MEMBER, message: t('sensing.type.prop.name.pattern') },
                    ]}
                    noStyle={false}
                    style={{ marginBottom: 6 }}
                  >
                    <Input placeholder={t('sensing.type.prop.name')} className="zc-mono" style={{ width: 120 }} data-testid="prop-name" />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'title']}
                    rules={[{ required: true, whitespace: true, message: t('sensing.form.required') }]}
                    style={{ marginBottom: 6 }}
                  >
                    <Input placeholder={t('sensing.type.prop.title')} style={{ width: 110 }} data-testid="prop-title" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'unit']} style={{ marginBottom: 6 }}>
                    <Input placeholder={t('sensing.type.prop.unit')} style={{ width: 70 }} data-testid="prop-unit" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'type']} initialValue="number" style={{ marginBottom: 6 }}>
                    <Select
                      style={{ width: 90 }}
                      options={(['number', 'boolean', 'string'] as const).map((v) => ({ value: v, label: t(`sensing.valueType.${v}`) }))}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'min']} style={{ marginBottom: 6 }}>
                    <InputNumber placeholder={t('sensing.type.prop.min')} style={{ width: 80 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'max']} style={{ marginBottom: 6 }}>
                    <InputNumber placeholder={t('sensing.type.prop.max')} style={{ width: 80 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'precision']} style={{ marginBottom: 6 }}>
                    <InputNumber min={0} max={10} precision={0} placeholder={t('sensing.type.prop.precision')} style={{ width: 80 }} />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    onClick={() => remove(field.name)}
                    aria-label={t('sensing.type.prop.remove')}
                  />
                </Space>
              </div>
            ))}
            <Form.ErrorList errors={errors} />
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ type: 'number' })} block data-testid="prop-add">
              {t('sensing.type.prop.add')}
            </Button>
          </div>
        )}
      </Form.List>
    </FormDrawer>
  );
}

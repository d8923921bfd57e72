/**
 * 规则编辑: what to watch (one device, every device of a type, or every device in an area), which
 * property of its thing model, the condition (compare, range, rate of change or no data), how
 * long it must hold, and the warning colour of the alarm it raises.
 */
import { useEffect, useMemo } from 'react';
import { Form, Input, InputNumber, Radio, Select, Space, Switch } from 'antd';
import { FormDrawer } from '../components/form-drawer.js';
import { useLocale, useT } from '../i18n/i18n.js';
import { useAsync } from '../lib/use-async.js';
import { useServerForm } from '../lib/use-server-form.js';
import { sensingApi, type Rule, type RuleOperator, type Severity } from './sensing-api.js';
import { RULE_OPERATORS, SEVERITIES, SEVERITY_COLORS, localNameOf, operandOf, operatorLabel, useTypeName } from './sensing-labels.js';
import { useDeviceTypes, useDistricts } from './sensing-lookups.js';

type TargetKind = 'type' | 'device' | 'area';

interface Values {
  name: string;
  description?: string;
  targetKind: TargetKind;
  deviceType?: string;
  deviceId?: string;
  areaCode?: string;
  property: string;
  operator: RuleOperator;
  threshold?: number;
  low?: number;
  high?: number;
  durationSeconds?: number;
  clearHysteresis?: number;
  severity: Severity;
  enabled: boolean;
}

const FIELDS = [
  'name',
  'description',
  'deviceType',
  'deviceId',
  'areaCode',
  'property',
  'operator',
  'threshold',
  'range',
  'durationSeconds',
  'clearHysteresis',
  'severity',
];

export interface RuleFormDrawerProps {
  rule: Rule | null;
  open: boolean;
  onClose: () => void;
  onSaved: (rule: Rule) => void;
}

export function RuleFormDrawer({ rule, open, onClose, onSaved }: RuleFormDrawerProps) {
  const t = useT();
  const { locale } = useLocale();
  const types = useDeviceTypes();
  const typeName = useTypeName(types.items);
  const districts = useDistricts();
  const server = useServerForm<Values>({
    fields: FIELDS,
    localize: (field) => (field === 'range' ? t('sensing.rule.range.invalid') : undefined),
  });
  const { form, reset } = server;
  const targetKind = Form.useWatch('targetKind', form) ?? 'type';
  const deviceType = Form.useWatch('deviceType', form);
  const deviceId = Form.useWatch('deviceId', form);
  const operator = Form.useWatch('operator', form) ?? '>';
  const operand = operandOf(operator);

  useEffect(() => {
    if (!open) return;
    reset(
      rule
        ? {
            name: rule.name,
            description: rule.description ?? undefined,
            targetKind: rule.deviceId ? 'device' : rule.areaCode ? 'area' : 'type',
            deviceType: rule.deviceType ?? undefined,
            deviceId: rule.deviceId ?? undefined,
            areaCode: rule.areaCode ?? undefined,
            property: rule.property,
            operator: rule.operator,
            threshold: rule.threshold ?? undefined,
            low: rule.range?.[0],
            high: rule.range?.[1],
            durationSeconds: rule.durationSeconds,
            clearHysteresis: rule.clearHysteresis,
            severity: rule.severity,
            enabled: rule.enabled,
          }
        : { targetKind: 'type', operator: '>', severity: 'orange', durationSeconds: 0, enabled: true },
    );
  }, [open, rule, reset]);

  // A single device's thing model comes from the device itself.
  const device = useAsync(
    (signal) =>
      targetKind === 'device' && deviceId && /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(deviceId)
        ? sensingApi.device(deviceId, signal).catch(() => null)
        : Promise.resolve(null),
    [targetKind, deviceId],
  );

  /** Properties offered: the chosen type's, the device's type's, or every type's for an area. */
  const propertyOptions = useMemo(() => {
    const code = targetKind === 'type' ? deviceType : targetKind === 'device' ? device.data?.type : undefined;
    const pool = code ? types.items.filter((x) => x.code === code) : targetKind === 'area' ? types.items : [];
    const seen = new Map<string, string>();
    for (const ty of pool) {
      for (const p of ty.properties) {
        if (p.type === 'string' || seen.has(p.name)) continue;
        const label = `${localNameOf(p, locale)} (${p.name}${p.unit ? `, ${p.unit}` : ''})${pool.length > 1 ? ` · ${typeName(ty.code)}` : ''}`;
        seen.set(p.name, label);
      }
    }
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [targetKind, deviceType, device.data, types.items, locale, typeName]);

  const save = () =>
    server.submit(async (v) => {
      const target = {
        deviceType: v.targetKind === 'type' ? v.deviceType : undefined,
        deviceId: v.targetKind === 'device' ? v.deviceId?.trim() : undefined,
        areaCode: v.targetKind === 'area' ? v.areaCode?.trim() : undefined,
      };
      const op = operandOf(v.operator);
      const condition = {
        property: v.property,
        operator: v.operator,
        threshold: op === 'threshold' ? v.threshold : undefined,
        range: op === 'range' && v.low !== undefined && v.high !== undefined ? [v.low, v.high] : undefined,
        durationSeconds: v.durationSeconds ?? 0,
        clearHysteresis: v.clearHysteresis ?? undefined,
        severity: v.severity,
        enabled: v.enabled,
        name: v.name.trim(),
        description: v.description?.trim() ? v.description.trim() : null,
      };
      if (rule) {
        onSaved(
          await sensingApi.updateRule(rule.id, {
            ...condition,
            deviceType: target.deviceType ?? null,
            deviceId: target.deviceId ?? null,
            areaCode: target.areaCode ?? null,
            threshold: condition.threshold ?? null,
            range: condition.range ?? null,
          }),
        );
      } else {
        onSaved(await sensingApi.createRule({ ...condition, ...target }));
      }
    });

  return (
    <FormDrawer
      open={open}
      onClose={onClose}
      title={rule ? t('sensing.rule.edit', { name: rule.name }) : t('sensing.rule.create')}
      creating={!rule}
      form={server}
      onSubmit={() => void save()}
      submitTestId="rule-form-submit"
    >
      <Form.Item
        name="name"
        label={t('sensing.rule.name')}
        rules={[{ required: true, whitespace: true, message: t('sensing.form.required') }, { max: 100 }]}
      >
        <Input placeholder={t('sensing.rule.name.placeholder')} data-testid="rule-form-name" />
      </Form.Item>
      <Form.Item name="targetKind" label={t('sensing.rule.target')}>
        <Radio.Group
          optionType="button"
          options={(['type', 'device', 'area'] as const).map((k) => ({ value: k, label: t(`sensing.rule.target.${k}`) }))}
          onChange={() => form.setFieldsValue({ property: undefined })}
          data-testid="rule-form-target"
        />
      </Form.Item>
      {targetKind === 'type' && (
        <Form.Item name="deviceType" label={t('sensing.device.type')} rules={[{ required: true, message: t('sensing.form.required') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={types.items.map((x) => ({ value: x.code, label: typeName(x.code) }))}
            onChange={() => form.setFieldsValue({ property: undefined })}
            data-testid="rule-form-type"
          />
        </Form.Item>
      )}
      {targetKind === 'device' && (
        <Form.Item
          name="deviceId"
          label={t('sensing.device.id')}
          rules={[{ required: true, whitespace: true, message: t('sensing.form.required') }]}
          extra={
            device.data ? `${device.data.name} · ${typeName(device.data.type)}` : deviceId ? t('sensing.rule.deviceUnknown') : undefined
          }
        >
          <Input className="zc-mono" placeholder="zc-wl-0001" data-testid="rule-form-device" />
        </Form.Item>
      )}
      {targetKind === 'area' && (
        <Form.Item
          name="areaCode"
          label={t('sensing.rule.areaCode')}
          extra={t('sensing.rule.areaCode.hint')}
          rules={[
            { required: true, message: t('sensing.form.required') },
            { pattern: /^[0-9]{6,15}$/, message: t('sensing.rule.areaCode.pattern') },
          ]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={districts.items.map((d) => ({ value: d.code, label: `${d.name} (${d.code})` }))}
            data-testid="rule-form-area"
          />
        </Form.Item>
      )}
      <Form.Item name="property" label={t('sensing.rule.property')} rules={[{ required: true, message: t('sensing.form.required') }]}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={propertyOptions}
          notFoundContent={t('sensing.rule.property.pickTarget')}
          data-testid="rule-form-property"
        />
      </Form.Item>
      <Form.Item name="operator" label={t('sensing.rule.operator')} rules={[{ required: true }]}>
        <Select options={RULE_OPERATORS.map((op) => ({ value: op, label: operatorLabel(op, t) }))} data-testid="rule-form-operator" />
      </Form.Item>
      {operand === 'threshold' && (
        <Form.Item
          name="threshold"
          label={operator === 'rate' ? t('sensing.rule.rate') : t('sensing.rule.threshold')}
          rules={[{ required: true, message: t('sensing.form.required') }]}
        >
          <InputNumber style={{ width: 200 }} data-testid="rule-form-threshold" />
        </Form.Item>
      )}
      {operand === 'range' && (
        <Form.Item label={t('sensing.rule.range')} required>
          <Space>
            <Form.Item name="low" noStyle rules={[{ required: true, message: t('sensing.form.required') }]}>
              <InputNumber placeholder={t('sensing.rule.low')} data-testid="rule-form-low" />
            </Form.Item>
            —
            <Form.Item
              name="high"
              noStyle
              dependencies={['low']}
              rules={[
                { required: true, message: t('sensing.form.required') },
                ({ getFieldValue }) => ({
                  validator: (_, v: number | undefined) =>
                    v === undefined || getFieldValue('low') === undefined || v >= (getFieldValue('low') as number)
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('sensing.rule.range.invalid'))),
                }),
              ]}
            >
              <InputNumber placeholder={t('sensing.rule.high')} data-testid="rule-form-high" />
            </Form.Item>
          </Space>
        </Form.Item>
      )}
      <Form.Item
        name="durationSeconds"
        label={operand === 'duration' ? t('sensing.rule.silence') : t('sensing.rule.duration')}
        extra={operand === 'duration' ? undefined : t('sensing.rule.duration.hint')}
        rules={
          operand === 'duration' ? [{ required: true, type: 'number', min: 1, message: t('sensing.rule.silence.required') }] : undefined
        }
      >
        <InputNumber
          min={0}
          max={2592000}
          precision={0}
          addonAfter={t('sensing.unit.seconds')}
          style={{ width: 200 }}
          data-testid="rule-form-duration"
        />
      </Form.Item>
      {operand !== 'duration' && (
        <Form.Item name="clearHysteresis" label={t('sensing.rule.hysteresis')} extra={t('sensing.rule.hysteresis.hint')}>
          <InputNumber min={0} style={{ width: 200 }} />
        </Form.Item>
      )}
      <Form.Item name="severity" label={t('sensing.alarm.severity')} rules={[{ required: true }]}>
        <Radio.Group data-testid="rule-form-severity">
          {SEVERITIES.map((s) => (
            <Radio.Button key={s} value={s} data-testid={`severity-${s}`}>
              <span className="zc-dot" style={{ background: SEVERITY_COLORS[s].bg, marginInlineEnd: 6 }} />
              {t(`sensing.severity.${s}`)}
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item name="description" label={t('sensing.rule.description')}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Form.Item name="enabled" label={t('sensing.rule.enabled')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormDrawer>
  );
}

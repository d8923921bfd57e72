/**
 * 注册设备 / 编辑设备: type, name, location (click the map or type lon/lat), department, reporting
 * interval, install date. Registering answers the device token, which the caller shows once.
 */
import { useEffect } from 'react';
import { Form, Input, InputNumber, Select, Space } from 'antd';
import { FormDrawer } from '../components/form-drawer.js';
import { useT } from '../i18n/i18n.js';
import { useAllDepartments } from '../lib/org-lookups.js';
import { useServerForm } from '../lib/use-server-form.js';
import { PointMap } from '../map/point-map.js';
import { sensingApi, type CreatedDevice, type Device } from './sensing-api.js';
import { useTypeName } from './sensing-labels.js';
import { useDeviceTypes } from './sensing-lookups.js';

interface Values {
  type: string;
  id?: string;
  name: string;
  lon: number;
  lat: number;
  departmentCode?: string;
  reportingIntervalSeconds?: number;
  installDate?: string;
}

const FIELDS = ['type', 'id', 'name', 'lon', 'lat', 'location', 'departmentCode', 'reportingIntervalSeconds', 'installDate'];

export interface DeviceFormDrawerProps {
  /** The device to edit, or null to register one. */
  device: Device | null;
  open: boolean;
  onClose: () => void;
  onCreated: (created: CreatedDevice) => void;
  onSaved: (device: Device) => void;
}

export function DeviceFormDrawer({ device, open, onClose, onCreated, onSaved }: DeviceFormDrawerProps) {
  const t = useT();
  const types = useDeviceTypes();
  const typeName = useTypeName(types.items);
  const departments = useAllDepartments();
  const server = useServerForm<Values>({
    fields: FIELDS,
    conflict: { field: 'id', message: t('sensing.device.idTaken') },
  });
  const { reset, form } = server;
  const lon = Form.useWatch('lon', form);
  const lat = Form.useWatch('lat', form);
  const typeCode = Form.useWatch('type', form);

  useEffect(() => {
    if (!open) return;
    reset(
      device
        ? {
            type: device.type,
            id: device.id,
            name: device.name,
            lon: device.location.lon,
            lat: device.location.lat,
            departmentCode: device.departmentCode ?? undefined,
            reportingIntervalSeconds: device.reportingIntervalSeconds,
            installDate: device.installDate ?? undefined,
          }
        : undefined,
    );
  }, [open, device, reset]);

  const defaultInterval = types.items.find((x) => x.code === typeCode)?.defaultReportingIntervalSeconds;

  const save = () =>
    server.submit(async (v) => {
      const location = { lon: v.lon, lat: v.lat };
      if (device) {
        const saved = await sensingApi.updateDevice(device.id, {
          name: v.name.trim(),
          location,
          departmentCode: v.departmentCode ?? null,
          reportingIntervalSeconds: v.reportingIntervalSeconds,
          installDate: v.installDate?.trim() ? v.installDate.trim() : null,
        });
        onSaved(saved);
      } else {
        const created = await sensingApi.createDevice({
          type: v.type,
          id: v.id?.trim() ? v.id.trim() : undefined,
          name: v.name.trim(),
          location,
          departmentCode: v.departmentCode,
          reportingIntervalSeconds: v.reportingIntervalSeconds,
          installDate: v.installDate?.trim() ? v.installDate.trim() : undefined,
        });
        onCreated(created);
      }
    });

  return (
    <FormDrawer
      open={open}
      onClose={onClose}
      title={device ? t('sensing.device.edit', { name: device.name }) : t('sensing.device.register')}
      creating={!device}
      form={server}
      onSubmit={() => void save()}
      submitTestId="device-form-submit"
    >
      <Form.Item name="type" label={t('sensing.device.type')} rules={[{ required: true, message: t('sensing.form.required') }]}>
        <Select
          disabled={Boolean(device)}
          showSearch={{ optionFilterProp: 'label' }}
          options={types.items.map((x) => ({ value: x.code, label: `${typeName(x.code)} (${x.code})` }))}
          data-testid="device-form-type"
        />
      </Form.Item>
      <Form.Item
        name="id"
        label={t('sensing.device.id')}
        extra={device ? undefined : t('sensing.device.id.hint')}
        rules={[{ pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, message: t('sensing.device.id.pattern') }]}
      >
        <Input disabled={Boolean(device)} className="zc-mono" data-testid="device-form-id" />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('sensing.device.name')}
        rules={[{ required: true, whitespace: true, message: t('sensing.form.required') }, { max: 100 }]}
      >
        <Input data-testid="device-form-name" />
      </Form.Item>
      <Form.Item label={t('sensing.device.location')} required extra={t('sensing.device.location.hint')}>
        <PointMap
          value={typeof lon === 'number' && typeof lat === 'number' ? { lon, lat } : null}
          onPick={(x, y) => {
            form.setFieldsValue({ lon: x, lat: y });
            void form.validateFields(['lon', 'lat']);
          }}
          testId="device-form-map"
        />
        <Space style={{ marginTop: 8 }}>
          <Form.Item name="lon" noStyle rules={[{ required: true, message: t('sensing.device.location.required') }]}>
            <InputNumber
              min={-180}
              max={180}
              step={0.0001}
              placeholder={t('sensing.device.lon')}
              style={{ width: 150 }}
              data-testid="device-form-lon"
            />
          </Form.Item>
          <Form.Item name="lat" noStyle rules={[{ required: true, message: t('sensing.device.location.required') }]}>
            <InputNumber
              min={-90}
              max={90}
              step={0.0001}
              placeholder={t('sensing.device.lat')}
              style={{ width: 150 }}
              data-testid="device-form-lat"
            />
          </Form.Item>
        </Space>
      </Form.Item>
      <Form.Item name="departmentCode" label={t('sensing.device.department')}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          options={departments.items.map((d) => ({ value: d.code, label: d.name }))}
        />
      </Form.Item>
      <Form.Item
        name="reportingIntervalSeconds"
        label={t('sensing.device.interval')}
        extra={t('sensing.device.interval.hint', { n: defaultInterval ?? '—' })}
      >
        <InputNumber min={10} max={604800} precision={0} addonAfter={t('sensing.unit.seconds')} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item
        name="installDate"
        label={t('sensing.device.installDate')}
        rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('sensing.device.installDate.pattern') }]}
      >
        <Input placeholder="2026-05-01" style={{ width: 200 }} />
      </Form.Item>
    </FormDrawer>
  );
}

/**
 * 资源编辑: register a resource or change one, with the national guide's core metadata (name,
 * summary, class, provider, format, share/open types with their conditions, grade, update cycle,
 * themes, keywords) and the 信息项 editor (name, title, type, length, personal class, key).
 * Server field errors land on their inputs, fields included (`/fields/2/name`).
 */
import { useEffect } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Space, Table } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { ErrorAlert } from '../components/error-alert.js';
import { PageHead } from '../components/page-head.js';
import { useUser } from '../auth/auth-context.js';
import { useT } from '../i18n/i18n.js';
import { useAsync } from '../lib/use-async.js';
import { useServerForm } from '../lib/use-server-form.js';
import {
  catalogApi,
  FIELD_TYPES,
  GRADES,
  OPEN_TYPES,
  PERSONAL_CLASSES,
  SHARE_TYPES,
  UPDATE_CYCLES,
  type CreateResourceBody,
  type FieldInput,
  type Resource,
} from './catalog-api.js';

interface FieldRow {
  name: string;
  title?: string;
  type: FieldInput['type'];
  length?: number | null;
  personal?: FieldInput['personal'] | '';
  key?: boolean;
  required?: boolean;
}

interface Values {
  name: string;
  providerDepartmentCode: string;
  summary: string;
  classCode?: string;
  providerCode?: string;
  format?: string;
  shareType: Resource['shareType'];
  shareConditions?: string;
  shareMethod?: string;
  openType: Resource['openType'];
  openConditions?: string;
  grade: Resource['grade'];
  updateCycle: Resource['updateCycle'];
  publishDate?: string;
  themes?: string;
  keywords?: string;
  status?: Resource['status'];
  fields: FieldRow[];
}

const splitList = (s: string | undefined) =>
  (s ?? '')
    .split(/[,，;；\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);
const opt = (s: string | undefined) => (s && s.trim() ? s.trim() : undefined);

function toFields(rows: FieldRow[]): FieldInput[] {
  return rows.map((f) => ({
    name: f.name.trim(),
    ...(opt(f.title) ? { title: f.title!.trim() } : {}),
    type: f.type,
    ...(f.length ? { length: f.length } : {}),
    ...(f.personal ? { personal: f.personal } : {}),
    ...(f.key ? { key: true } : {}),
    ...(f.required ? { required: true } : {}),
  }));
}

function toValues(r: Resource): Values {
  return {
    name: r.name,
    providerDepartmentCode: r.providerDepartmentCode,
    summary: r.summary,
    classCode: r.classCode,
    providerCode: r.providerCode,
    format: r.format,
    shareType: r.shareType,
    shareConditions: r.shareConditions ?? undefined,
    shareMethod: r.shareMethod ?? undefined,
    openType: r.openType,
    openConditions: r.openConditions ?? undefined,
    grade: r.grade,
    updateCycle: r.updateCycle,
    publishDate: r.publishDate ?? undefined,
    themes: r.themes.join(', '),
    keywords: r.keywords.join(', '),
    fields: r.fields.map((f) => ({
      name: f.name,
      title: f.title,
      type: f.type,
      length: f.length,
      personal: f.personal ?? '',
      key: f.key,
      required: f.required,
    })),
  };
}

export function ResourceEditorPage() {
  const { id } = useParams();
  const t = useT();
  const user = useUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const existing = useAsync(async (signal) => (id ? catalogApi.resource(id, signal) : null), [id]);
  const server = useServerForm<Values>({
    fields: [
      'name',
      'providerDepartmentCode',
      'summary',
      'classCode',
      'providerCode',
      'format',
      'shareType',
      'shareConditions',
      'shareMethod',
      'openType',
      'openConditions',
      'grade',
      'updateCycle',
      'publishDate',
      'themes',
      'keywords',
      'fields',
    ],
  });
  const shareType = Form.useWatch('shareType', server.form);
  const openType = Form.useWatch('openType', server.form);

  useEffect(() => {
    if (id && existing.data) server.reset(toValues(existing.data));
    if (!id)
      server.reset({
        providerDepartmentCode: user.departmentCode ?? '',
        shareType: 'conditional',
        openType: 'none',
        grade: 'general',
        updateCycle: 'monthly',
        format: 'table',
        status: 'published',
        fields: [{ name: '', type: 'string', personal: '' }],
      });
    // fill once the record is read
  }, [id, existing.data]);

  const save = () =>
    server.submit(async (v) => {
      const meta = {
        name: v.name.trim(),
        summary: v.summary.trim(),
        ...(opt(v.classCode) ? { classCode: v.classCode!.trim() } : {}),
        ...(opt(v.providerCode) ? { providerCode: v.providerCode!.trim() } : {}),
        ...(opt(v.format) ? { format: v.format!.trim() } : {}),
        shareType: v.shareType,
        ...(opt(v.shareConditions) ? { shareConditions: v.shareConditions!.trim() } : {}),
        ...(opt(v.shareMethod) ? { shareMethod: v.shareMethod!.trim() } : {}),
        openType: v.openType,
        ...(opt(v.openConditions) ? { openConditions: v.openConditions!.trim() } : {}),
        grade: v.grade,
        updateCycle: v.updateCycle,
        ...(opt(v.publishDate) ? { publishDate: v.publishDate!.trim() } : {}),
        themes: splitList(v.themes),
        keywords: splitList(v.keywords),
        fields: toFields(v.fields ?? []),
      };
      if (id) {
        await catalogApi.update(id, meta);
        message.success(t('catalog.edit.saved'));
        navigate(`/catalog/resources/${id}`);
      } else {
        const body: CreateResourceBody = {
          ...meta,
          providerDepartmentCode: v.providerDepartmentCode.trim(),
          ...(v.status ? { status: v.status } : {}),
        };
        const created = await catalogApi.create(body);
        message.success(t('catalog.edit.saved'));
        navigate(`/catalog/resources/${created.id}`);
      }
    });

  if (existing.error) return <ErrorAlert error={existing.error} onRetry={existing.reload} />;
  const conditionsRule = (needed: boolean) => [{ required: needed, whitespace: true, message: t('catalog.edit.conditionsRequired') }];

  return (
    <div data-testid="resource-editor">
      <PageHead
        title={id ? t('catalog.edit.editTitle') : t('catalog.edit.createTitle')}
        subtitle={t('catalog.edit.subtitle')}
        actions={
          <Space>
            <Button onClick={() => navigate(id ? `/catalog/resources/${id}` : '/catalog')}>{t('common.cancel')}</Button>
            <Button type="primary" loading={server.saving} onClick={() => void save()} data-testid="editor-save">
              {t('common.save')}
            </Button>
          </Space>
        }
      />
      {server.error && <Alert type="error" showIcon title={server.error} style={{ marginBottom: 16 }} data-testid="editor-error" />}
      <Form form={server.form} layout="vertical">
        <Card size="small" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="name" label={t('catalog.edit.name')} rules={[{ required: true, whitespace: true, max: 200 }]}>
                <Input data-testid="editor-name" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="providerDepartmentCode" label={t('catalog.edit.department')} rules={[{ required: !id }]}>
                <Input disabled={Boolean(id)} data-testid="editor-department" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="classCode" label={t('catalog.meta.classCode')} rules={[{ pattern: /^[0-9]{1,9}$/ }]}>
                <Input placeholder="101001" data-testid="editor-class" />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="summary" label={t('catalog.meta.summary')} rules={[{ required: true, whitespace: true, max: 4000 }]}>
                <Input.TextArea rows={2} data-testid="editor-summary" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="grade" label={t('catalog.edit.grade')} rules={[{ required: true }]}>
                <Select options={GRADES.map((g) => ({ value: g, label: t(`catalog.grade.${g}`) }))} data-testid="editor-grade" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="updateCycle" label={t('catalog.edit.updateCycle')} rules={[{ required: true }]}>
                <Select options={UPDATE_CYCLES.map((c) => ({ value: c, label: t(`catalog.cycle.${c}`) }))} data-testid="editor-cycle" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="format" label={t('catalog.meta.format')}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="providerCode" label={t('catalog.meta.providerCode')}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="shareType" label={t('catalog.edit.shareType')} rules={[{ required: true }]}>
                <Select options={SHARE_TYPES.map((s) => ({ value: s, label: t(`catalog.shareType.${s}`) }))} data-testid="editor-share" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="shareConditions"
                label={t('catalog.meta.shareConditions')}
                rules={conditionsRule(shareType === 'conditional')}
              >
                <Input data-testid="editor-share-conditions" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="shareMethod" label={t('catalog.meta.shareMethod')}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="openType" label={t('catalog.edit.openType')} rules={[{ required: true }]}>
                <Select options={OPEN_TYPES.map((s) => ({ value: s, label: t(`catalog.openType.${s}`) }))} data-testid="editor-open" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="openConditions" label={t('catalog.meta.openConditions')} rules={conditionsRule(openType === 'conditional')}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="publishDate" label={t('catalog.meta.publishDate')} rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/ }]}>
                <Input placeholder="2026-11-22" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="themes" label={t('catalog.meta.themes')} extra={t('catalog.edit.listHint')}>
                <Input />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="keywords" label={t('catalog.meta.keywords')} extra={t('catalog.edit.listHint')}>
                <Input data-testid="editor-keywords" />
              </Form.Item>
            </Col>
            {!id && (
              <Col span={6}>
                <Form.Item name="status" label={t('catalog.edit.status')}>
                  <Select options={(['draft', 'published'] as const).map((s) => ({ value: s, label: t(`catalog.status.${s}`) }))} />
                </Form.Item>
              </Col>
            )}
          </Row>
        </Card>
        <Card size="small" title={t('catalog.edit.fields')}>
          <Form.List
            name="fields"
            rules={[
              {
                validator: async (_, rows: FieldRow[] | undefined) =>
                  rows && rows.length > 0 ? undefined : Promise.reject(new Error(t('catalog.edit.fieldsRequired'))),
              },
            ]}
          >
            {(rows, { add, remove }, { errors }) => (
              <>
                <Table
                  size="small"
                  pagination={false}
                  rowKey="key"
                  dataSource={rows}
                  data-testid="editor-fields"
                  columns={[
                    {
                      title: t('catalog.field.name'),
                      key: 'name',
                      render: (_: unknown, row) => (
                        <Form.Item
                          name={[row.name, 'name']}
                          rules={[{ required: true, pattern: /^[A-Za-z_][A-Za-z0-9_]{0,62}$/ }]}
                          noStyle={false}
                          style={{ margin: 0 }}
                        >
                          <Input className="zc-mono" data-testid={`field-name-${row.name}`} />
                        </Form.Item>
                      ),
                    },
                    {
                      title: t('catalog.field.title'),
                      key: 'title',
                      render: (_: unknown, row) => (
                        <Form.Item name={[row.name, 'title']} rules={[{ max: 100 }]} style={{ margin: 0 }}>
                          <Input data-testid={`field-title-${row.name}`} />
                        </Form.Item>
                      ),
                    },
                    {
                      title: t('catalog.field.type'),
                      key: 'type',
                      width: 130,
                      render: (_: unknown, row) => (
                        <Form.Item name={[row.name, 'type']} rules={[{ required: true }]} style={{ margin: 0 }}>
                          <Select
                            options={FIELD_TYPES.map((x) => ({ value: x, label: t(`catalog.fieldType.${x}`) }))}
                            data-testid={`field-type-${row.name}`}
                          />
                        </Form.Item>
                      ),
                    },
                    {
                      title: t('catalog.field.length'),
                      key: 'length',
                      width: 100,
                      render: (_: unknown, row) => (
                        <Form.Item name={[row.name, 'length']} style={{ margin: 0 }}>
                          <InputNumber min={1} max={100000} style={{ width: '100%' }} />
                        </Form.Item>
                      ),
                    },
                    {
                      title: t('catalog.field.personal'),
                      key: 'personal',
                      width: 150,
                      render: (_: unknown, row) => (
                        <Form.Item name={[row.name, 'personal']} style={{ margin: 0 }}>
                          <Select
                            options={[
                              { value: '', label: t('catalog.field.none') },
                              ...PERSONAL_CLASSES.map((x) => ({ value: x, label: t(`catalog.personal.${x}`) })),
                            ]}
                            data-testid={`field-personal-${row.name}`}
                          />
                        </Form.Item>
                      ),
                    },
                    {
                      title: t('catalog.field.key'),
                      key: 'key',
                      width: 60,
                      render: (_: unknown, row) => (
                        <Form.Item name={[row.name, 'key']} valuePropName="checked" style={{ margin: 0 }}>
                          <Checkbox data-testid={`field-key-${row.name}`} />
                        </Form.Item>
                      ),
                    },
                    {
                      title: t('catalog.field.required'),
                      key: 'required',
                      width: 60,
                      render: (_: unknown, row) => (
                        <Form.Item name={[row.name, 'required']} valuePropName="checked" style={{ margin: 0 }}>
                          <Checkbox />
                        </Form.Item>
                      ),
                    },
                    {
                      title: '',
                      key: 'remove',
                      width: 50,
                      render: (_: unknown, row) => (
                        <Button
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={t('catalog.field.remove')}
                          onClick={() => remove(row.name)}
                        />
                      ),
                    },
                  ]}
                />
                <Form.ErrorList errors={errors} />
                <Button
                  style={{ marginTop: 8 }}
                  icon={<PlusOutlined />}
                  onClick={() => add({ name: '', type: 'string', personal: '' })}
                  data-testid="field-add"
                >
                  {t('catalog.field.add')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>
      </Form>
    </div>
  );
}

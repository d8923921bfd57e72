/**
 * 案件详情: every field of a case, the caller (masked unless this user may read it; the server
 * audits every cleartext read), the place on a map, the timeline (who, when, from → to, comment),
 * possible duplicates, and the buttons of the workflow actions the server says this user may take
 * now (`allowedActions`), each with the form its action needs.
 */
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, EyeInvisibleOutlined, LockOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ErrorAlert } from '../components/error-alert.js';
import { FullPageSpin } from '../components/full-page-spin.js';
import { useLocale, useT } from '../i18n/i18n.js';
import { errorLine } from '../lib/describe-error.js';
import { formatDateTime } from '../lib/format.js';
import { useAllDepartments } from '../lib/org-lookups.js';
import { useAsync } from '../lib/use-async.js';
import { PointMap } from '../map/point-map.js';
import { casesApi, type CaseAction, type CaseDetail, type Satisfaction, type TransitionBody } from './cases-api.js';
import {
  ACTION_FIELDS,
  ACTION_ORDER,
  CardTag,
  CaseStatusTag,
  DANGER_ACTIONS,
  actionKey,
  channelKey,
  requestTypeKey,
  statusKey,
  useCategories,
} from './cases-labels.js';
import './cases.css';

const SATISFACTION: Satisfaction[] = ['satisfied', 'basically_satisfied', 'dissatisfied'];

export function CaseDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const categories = useCategories();
  const state = useAsync((signal) => casesApi.get(id, signal), [id]);
  const duplicates = useAsync((signal) => casesApi.duplicatesOf(id, signal), [id]);
  const [action, setAction] = useState<CaseAction | null>(null);
  const c = state.data;

  if (state.error && !c) {
    return (
      <div className="zc-page">
        <ErrorAlert error={state.error} onRetry={state.reload} />
      </div>
    );
  }
  if (!c) return <FullPageSpin />;

  const allowed = ACTION_ORDER.filter((a) => c.allowedActions.includes(a));
  const dt = (v: string | null) => formatDateTime(v, locale);

  return (
    <div className="zc-page" data-testid="case-detail-page">
      <div className="zc-page-head">
        <div>
          <Space align="center" wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={t('cases.detail.back')} />
            <Typography.Title level={3} style={{ margin: 0 }} className="zc-mono" data-testid="case-number">
              {c.number}
            </Typography.Title>
            <CaseStatusTag status={c.status} />
            <CardTag card={c.card} timeUsed={c.timeUsed} />
            {c.confidential && (
              <Tag icon={<LockOutlined />} color="purple">
                {t('cases.field.confidential')}
              </Tag>
            )}
            {c.escalatedAt && <Tag color="red">{t('cases.detail.escalated')}</Tag>}
            {c.urgedAt && <Tag color="orange">{t('cases.detail.urged')}</Tag>}
          </Space>
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0 40px' }}>
            {c.categoryName ?? categories.name(c.categoryCode)} · {c.department?.name ?? t('cases.detail.noDepartment')} ·{' '}
            {t('cases.field.deadline')} {dt(c.deadline)}
          </Typography.Paragraph>
        </div>
        <Space wrap data-testid="case-actions">
          {allowed.length === 0 && <Typography.Text type="secondary">{t('cases.detail.noActions')}</Typography.Text>}
          {allowed.map((a, i) => (
            <Button
              key={a}
              type={i === 0 && !DANGER_ACTIONS.has(a) ? 'primary' : 'default'}
              danger={DANGER_ACTIONS.has(a)}
              onClick={() => setAction(a)}
              data-testid={`case-action-${a}`}
            >
              {t(actionKey(a))}
            </Button>
          ))}
        </Space>
      </div>
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Card title={t('cases.detail.fields')} size="small" style={{ marginBottom: 16 }}>
            <Typography.Paragraph style={{ fontSize: 15 }} data-testid="case-description">
              {c.description}
            </Typography.Paragraph>
            <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
              <Descriptions.Item label={t('cases.field.category')}>
                {c.categoryName ?? categories.name(c.categoryCode)} <span className="zc-mono zc-muted">{c.categoryCode}</span>
                {c.classification.by === 'classifier' && c.classification.score !== null && (
                  <Tag style={{ marginInlineStart: 6 }}>
                    {t('cases.detail.byClassifier', { pct: Math.round(c.classification.score * 100) })}
                  </Tag>
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.field.requestType')}>
                {c.requestType ? t(requestTypeKey(c.requestType)) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.field.channel')}>{t(channelKey(c.channel))}</Descriptions.Item>
              <Descriptions.Item label={t('cases.field.caller')}>
                <span data-testid="case-caller">
                  {c.caller ? (
                    <>
                      {c.caller.name ?? '—'} · {c.caller.phone ?? '—'}{' '}
                      {c.caller.masked ? (
                        <Tag icon={<EyeInvisibleOutlined />}>{t('cases.detail.masked')}</Tag>
                      ) : (
                        <Tag color="orange">{t('cases.detail.cleartextAudited')}</Tag>
                      )}
                    </>
                  ) : (
                    '—'
                  )}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.field.address')}>{c.address ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('cases.field.grid')}>
                <span className="zc-mono">{c.grid?.code ?? '—'}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.field.department')}>{c.department?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('cases.field.limit')}>
                {t(c.limit.unit === 'days' ? 'cases.limit.days' : 'cases.limit.hours', { n: c.limit.amount })}
                {c.pendingExtensionDays !== null && (
                  <Tag color="orange">{t('cases.detail.pendingExtension', { n: c.pendingExtensionDays })}</Tag>
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.field.createdAt')}>{dt(c.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('cases.field.deadline')}>{dt(c.deadline)}</Descriptions.Item>
              <Descriptions.Item label={t('cases.field.dispatchedAt')}>{dt(c.dispatchedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('cases.field.handledAt')}>{dt(c.handledAt)}</Descriptions.Item>
              <Descriptions.Item label={t('cases.field.closedAt')}>{dt(c.closedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('cases.field.outcome')}>{c.outcome ? t(`cases.outcome.${c.outcome}`) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('cases.field.satisfaction')}>
                {c.satisfaction ? t(`cases.satisfaction.${c.satisfaction}`) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.field.counts')}>
                {t('cases.detail.counts', { rework: c.reworkCount, returns: c.returnCount, extensions: c.extensionCount })}
              </Descriptions.Item>
              {c.mergedInto && (
                <Descriptions.Item label={t('cases.field.mergedInto')}>
                  <Link to={`/cases/${encodeURIComponent(c.mergedInto)}`}>{c.mergedInto}</Link>
                </Descriptions.Item>
              )}
              {c.sourceAlarmId && (
                <Descriptions.Item label={t('cases.field.sourceAlarm')}>
                  <span className="zc-mono">{c.sourceAlarmId}</span>
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          <Card title={t('cases.detail.timeline')} size="small" data-testid="case-timeline">
            <Timeline
              items={c.timeline.map((e) => ({
                color: e.action === 'create' || e.action === 'intake' ? 'blue' : DANGER_ACTIONS.has(e.action) ? 'red' : 'green',
                content: (
                  <div className="zc-timeline-entry" data-testid={`timeline-${e.action}`}>
                    <div>
                      <b>{t(actionKey(e.action)) === actionKey(e.action) ? e.action : t(actionKey(e.action))}</b>{' '}
                      <Typography.Text type="secondary">
                        {e.from ? `${t(statusKey(e.from))} → ` : ''}
                        {t(statusKey(e.to))}
                      </Typography.Text>
                    </div>
                    <div className="zc-muted">
                      {formatDateTime(e.at, locale)} · {e.byName ?? e.by}
                    </div>
                    {e.comment && <div className="zc-timeline-comment">{e.comment}</div>}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card title={t('cases.detail.location')} size="small" style={{ marginBottom: 16 }}>
            {c.location ? (
              <PointMap value={c.location} testId="case-map" height={260} color="#f5222d" />
            ) : (
              <Empty description={t('cases.detail.noLocation')} />
            )}
          </Card>
          <Card title={t('cases.intake.duplicates')} size="small">
            {duplicates.error != null && <ErrorAlert error={duplicates.error} />}
            <List
              size="small"
              dataSource={duplicates.data?.items ?? []}
              rowKey="id"
              locale={{ emptyText: t('cases.intake.noDuplicates') }}
              renderItem={(d) => (
                <List.Item>
                  <Space orientation="vertical" size={0}>
                    <Space>
                      <Link to={`/cases/${encodeURIComponent(d.id)}`} className="zc-mono">
                        {d.number}
                      </Link>
                      <Tag>{t(statusKey(d.status))}</Tag>
                      <Typography.Text type="secondary">
                        {t('cases.intake.similarity', { pct: Math.round(d.similarity * 100) })}
                      </Typography.Text>
                    </Space>
                    <Typography.Text ellipsis style={{ maxWidth: 360 }}>
                      {d.description}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
      <ActionModal
        c={c}
        action={action}
        duplicates={duplicates.data?.items ?? []}
        onClose={() => setAction(null)}
        onDone={() => {
          setAction(null);
          state.reload();
          duplicates.reload();
        }}
      />
    </div>
  );
}

interface ActionValues {
  comment?: string;
  reason?: string;
  departmentCode?: string;
  extensionDays?: number;
  satisfaction?: Satisfaction;
  intoId?: string;
}

/** The form of one action: only the fields the workflow requires for it. */
function ActionModal({
  c,
  action,
  duplicates,
  onClose,
  onDone,
}: {
  c: CaseDetail;
  action: CaseAction | null;
  duplicates: Array<{ id: string; number: string }>;
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const departments = useAllDepartments();
  const [form] = Form.useForm<ActionValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fields = action ? (ACTION_FIELDS[action] ?? []) : [];
  // 派遣 may name a department; without one the case goes where routing sends it.
  const deptRequired = action === 'reassign';
  const commentOptional = !fields.includes('comment') && !fields.includes('reason');

  const submit = async () => {
    if (!action) return;
    let v: ActionValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const body: TransitionBody = { action };
    if (v.comment?.trim()) body.comment = v.comment.trim();
    if (v.reason?.trim()) body.reason = v.reason.trim();
    if (v.departmentCode) body.departmentCode = v.departmentCode;
    if (v.extensionDays) body.extensionDays = v.extensionDays;
    if (v.satisfaction) body.satisfaction = v.satisfaction;
    if (v.intoId?.trim()) body.intoId = v.intoId.trim();
    setSaving(true);
    setError(null);
    try {
      const next = await casesApi.transition(c.id, body);
      message.success(t('cases.detail.done', { action: t(actionKey(action)), status: t(statusKey(next.status)) }));
      onDone();
    } catch (err) {
      // 409 (not possible now) and 403 (not yours) arrive with the server's reason: show it as it is.
      setError(errorLine(err, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={action !== null}
      title={action ? `${t(actionKey(action))} · ${c.number}` : ''}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={action ? t(actionKey(action)) : ''}
      okButtonProps={{ loading: saving, danger: action ? DANGER_ACTIONS.has(action) : false, 'data-testid': 'action-submit' } as never}
      afterClose={() => {
        form.resetFields();
        setError(null);
      }}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="action-error" />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ departmentCode: action === 'dispatch' ? (c.department?.code ?? undefined) : undefined }}
      >
        {(action === 'dispatch' || fields.includes('departmentCode')) && (
          <Form.Item
            name="departmentCode"
            label={t('cases.field.department')}
            rules={deptRequired ? [{ required: true, message: t('cases.action.departmentRequired') }] : []}
            extra={action === 'dispatch' ? t('cases.action.dispatchHint') : undefined}
          >
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={departments.items
                .filter((d) => d.code !== (action === 'reassign' ? c.department?.code : ''))
                .map((d) => ({ value: d.code, label: d.name }))}
              data-testid="action-department"
            />
          </Form.Item>
        )}
        {fields.includes('extensionDays') && (
          <Form.Item
            name="extensionDays"
            label={t('cases.action.extensionDays')}
            rules={[{ required: true, message: t('cases.action.extensionDaysRequired') }]}
          >
            <InputNumber min={1} max={60} precision={0} suffix={t('cases.action.workingDays')} data-testid="action-days" />
          </Form.Item>
        )}
        {fields.includes('satisfaction') && (
          <Form.Item
            name="satisfaction"
            label={t('cases.field.satisfaction')}
            rules={[{ required: true, message: t('cases.action.satisfactionRequired') }]}
          >
            <Radio.Group
              optionType="button"
              options={SATISFACTION.map((s) => ({ value: s, label: t(`cases.satisfaction.${s}`) }))}
              data-testid="action-satisfaction"
            />
          </Form.Item>
        )}
        {fields.includes('intoId') && (
          <Form.Item name="intoId" label={t('cases.action.intoId')} rules={[{ required: true, message: t('cases.action.intoIdRequired') }]}>
            <Select
              showSearch
              options={duplicates.map((d) => ({ value: d.id, label: d.number }))}
              notFoundContent={t('cases.intake.noDuplicates')}
              data-testid="action-into"
            />
          </Form.Item>
        )}
        {fields.includes('reason') && (
          <Form.Item
            name="reason"
            label={t('cases.action.reason')}
            rules={[{ required: true, whitespace: true, message: t('cases.action.reasonRequired') }, { max: 2000 }]}
          >
            <Input.TextArea rows={3} data-testid="action-reason" />
          </Form.Item>
        )}
        {(fields.includes('comment') || commentOptional) && (
          <Form.Item
            name="comment"
            label={t(fields.includes('comment') ? 'cases.action.comment' : 'cases.action.commentOptional')}
            rules={
              fields.includes('comment')
                ? [{ required: true, whitespace: true, message: t('cases.action.commentRequired') }, { max: 2000 }]
                : [{ max: 2000 }]
            }
          >
            <Input.TextArea rows={3} data-testid="action-comment" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

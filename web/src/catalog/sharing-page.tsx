/**
 * 共享申请: the inbox (requests to my department, with due dates and ages; approve with cleartext
 * fields, or refuse with a reason), the outbox (my department's requests; withdraw a pending one),
 * and the grants given and received (revoke). Approval shows the consumer key once.
 */
import { useCallback, useState } from 'react';
import { Link } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  type ButtonProps,
} from 'antd';
import { CursorPager } from '../components/cursor-pager.js';
import { ErrorAlert } from '../components/error-alert.js';
import { PageHead } from '../components/page-head.js';
import { SecretOnceModal } from '../components/secret-once-modal.js';
import { useUser } from '../auth/auth-context.js';
import { useLocale, useT } from '../i18n/i18n.js';
import { describeError } from '../lib/describe-error.js';
import { formatDateTime } from '../lib/format.js';
import { hasPermission } from '../lib/permissions.js';
import { useAsync } from '../lib/use-async.js';
import { useCursorList } from '../lib/use-cursor-list.js';
import { catalogApi, type Approval, type Box, type Grant, type ShareRequest } from './catalog-api.js';
import { RequestStatusTag } from './catalog-labels.js';
import { useDepartmentName } from './use-department-names.js';

const DAY_MS = 86_400_000;

function FieldTags({ fields, red }: { fields: readonly string[]; red?: readonly string[] }) {
  return (
    <Space size={2} wrap>
      {fields.map((f) => (
        <Tag key={f} color={red?.includes(f) ? 'red' : undefined}>
          {f}
        </Tag>
      ))}
    </Space>
  );
}

function RequestsTable({ box, onApproved }: { box: Box; onApproved: (a: Approval) => void }) {
  const t = useT();
  const { locale } = useLocale();
  const user = useUser();
  const { message } = App.useApp();
  const fetchPage = useCallback(
    (b: Box, cursor: string | undefined, limit: number, signal: AbortSignal) => catalogApi.requests(b, cursor, limit, undefined, signal),
    [],
  );
  const list = useCursorList<ShareRequest, Box>(fetchPage, box, 20);
  const deptName = useDepartmentName();
  const [approving, setApproving] = useState<ShareRequest | null>(null);
  const [refusing, setRefusing] = useState<ShareRequest | null>(null);
  const canDecide = box === 'inbox' && hasPermission(user, 'catalog.share.approve');

  const withdraw = async (r: ShareRequest) => {
    try {
      await catalogApi.withdraw(r.id);
      message.success(t('catalog.sharing.withdrawn'));
      list.reload();
    } catch (err) {
      message.error(describeError(err, t).message);
    }
  };

  if (list.error) return <ErrorAlert error={list.error} onRetry={list.reload} />;
  return (
    <>
      <Table<ShareRequest>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        data-testid={`requests-${box}`}
        columns={[
          {
            title: t('catalog.sharing.resource'),
            dataIndex: 'resourceName',
            render: (v: string, r) => <Link to={`/catalog/resources/${r.resourceId}`}>{v}</Link>,
          },
          {
            title: box === 'outbox' ? t('catalog.sharing.provider') : t('catalog.sharing.consumer'),
            key: 'dept',
            render: (_: unknown, r) => deptName(box === 'outbox' ? r.providerDepartmentCode : r.consumerDepartmentCode),
          },
          { title: t('catalog.sharing.fields'), dataIndex: 'fields', render: (v: string[]) => <FieldTags fields={v} /> },
          { title: t('catalog.sharing.purpose'), dataIndex: 'purpose', ellipsis: true },
          { title: t('catalog.sharing.until'), dataIndex: 'until', render: (v: string) => formatDateTime(v, locale).slice(0, 10) },
          { title: t('common.status'), dataIndex: 'status', render: (v: ShareRequest['status']) => <RequestStatusTag status={v} /> },
          {
            title: t('catalog.sharing.due'),
            dataIndex: 'dueAt',
            render: (v: string, r) => (
              <Space size={4} wrap>
                {formatDateTime(v, locale)}
                {r.status === 'pending' && r.overdue && <Tag color="red">{t('catalog.sharing.overdue')}</Tag>}
                {r.escalatedAt && <Tag color="magenta">{t('catalog.sharing.escalated')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('catalog.sharing.age'),
            dataIndex: 'createdAt',
            render: (v: string, r) =>
              t('catalog.sharing.ageDays', {
                days: Math.max(0, Math.floor(((r.decidedAt ? Date.parse(r.decidedAt) : Date.now()) - Date.parse(v)) / DAY_MS)),
              }),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, r) =>
              r.status !== 'pending' ? (
                r.reason ? (
                  <Tooltip title={r.reason}>{t('catalog.sharing.reason')}</Tooltip>
                ) : null
              ) : canDecide ? (
                <Space>
                  <Button size="small" type="primary" onClick={() => setApproving(r)} data-testid={`request-approve-${r.id}`}>
                    {t('catalog.sharing.approve')}
                  </Button>
                  <Button size="small" danger onClick={() => setRefusing(r)} data-testid={`request-refuse-${r.id}`}>
                    {t('catalog.sharing.refuse')}
                  </Button>
                </Space>
              ) : box === 'outbox' && hasPermission(user, 'catalog.share.request') ? (
                <Popconfirm title={t('catalog.sharing.withdraw')} onConfirm={() => withdraw(r)}>
                  <Button size="small">{t('catalog.sharing.withdraw')}</Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
      <CursorPager list={list} />
      <ApproveModal
        request={approving}
        onClose={() => setApproving(null)}
        onDone={(a) => {
          setApproving(null);
          list.reload();
          onApproved(a);
        }}
      />
      <RefuseModal
        request={refusing}
        onClose={() => setRefusing(null)}
        onDone={() => {
          setRefusing(null);
          list.reload();
          message.success(t('catalog.sharing.refused'));
        }}
      />
    </>
  );
}

/** Approve: which of the requested personal fields go in clear (the rest stay masked). */
function ApproveModal({ request, onClose, onDone }: { request: ShareRequest | null; onClose: () => void; onDone: (a: Approval) => void }) {
  const t = useT();
  const [clear, setClear] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const resource = useAsync(async (signal) => (request ? catalogApi.resource(request.resourceId, signal) : null), [request?.resourceId]);
  const personal = request && resource.data ? resource.data.fields.filter((f) => f.personal && request.fields.includes(f.name)) : [];

  const approve = async () => {
    if (!request) return;
    setBusy(true);
    setError(null);
    try {
      onDone(await catalogApi.approve(request.id, { cleartextFields: clear }));
      setClear([]);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={request !== null}
      title={t('catalog.sharing.approveTitle')}
      onCancel={onClose}
      onOk={() => void approve()}
      okText={t('catalog.sharing.approve')}
      okButtonProps={{ loading: busy, 'data-testid': 'approve-submit' } as ButtonProps}
      destroyOnHidden
    >
      {error ? <ErrorAlert error={error} style={{ marginBottom: 12 }} /> : null}
      {request && (
        <>
          <p>
            {request.resourceName} · {request.consumerDepartmentCode}
          </p>
          <p>{request.purpose}</p>
          {personal.length > 0 && (
            <>
              <div style={{ marginBottom: 8 }}>{t('catalog.sharing.cleartext')}</div>
              <Checkbox.Group
                value={clear}
                onChange={(v) => setClear(v as string[])}
                options={personal.map((f) => ({ value: f.name, label: `${f.title || f.name} (${t(`catalog.personal.${f.personal!}`)})` }))}
                data-testid="approve-cleartext"
              />
            </>
          )}
        </>
      )}
    </Modal>
  );
}

function RefuseModal({ request, onClose, onDone }: { request: ShareRequest | null; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const refuse = async () => {
    if (!request) return;
    let v: { reason: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await catalogApi.refuse(request.id, v.reason.trim());
      form.resetFields();
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={request !== null}
      title={t('catalog.sharing.refuseTitle')}
      onCancel={onClose}
      onOk={() => void refuse()}
      okText={t('catalog.sharing.refuse')}
      okButtonProps={{ danger: true, loading: busy, 'data-testid': 'refuse-submit' } as ButtonProps}
      destroyOnHidden
    >
      {error ? <ErrorAlert error={error} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label={t('catalog.sharing.reason')}
          rules={[{ required: true, whitespace: true, message: t('catalog.sharing.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="refuse-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function GrantsTable({ box }: { box: Box }) {
  const t = useT();
  const { locale } = useLocale();
  const user = useUser();
  const { message } = App.useApp();
  const grants = useAsync((signal) => catalogApi.grants(box, signal), [box]);
  const deptName = useDepartmentName();
  const canRevoke = box !== 'outbox' && hasPermission(user, 'catalog.share.approve');
  const revoke = async (g: Grant) => {
    try {
      await catalogApi.revoke(g.id, '');
      message.success(t('catalog.sharing.revoked'));
      grants.reload();
    } catch (err) {
      message.error(describeError(err, t).message);
    }
  };
  if (grants.error) return <ErrorAlert error={grants.error} onRetry={grants.reload} />;
  return (
    <Table<Grant>
      rowKey="id"
      size="small"
      loading={grants.loading}
      dataSource={grants.data?.items ?? []}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      data-testid={`grants-${box}`}
      columns={[
        {
          title: t('catalog.sharing.resource'),
          dataIndex: 'resourceId',
          render: (v: string) => <Link to={`/catalog/resources/${v}`}>{v}</Link>,
        },
        { title: t('catalog.sharing.consumer'), dataIndex: 'consumerDepartmentCode', render: (v: string) => deptName(v) },
        {
          title: t('catalog.sharing.fields'),
          dataIndex: 'fields',
          render: (v: string[], g) => <FieldTags fields={v} red={g.cleartextFields} />,
        },
        { title: t('catalog.sharing.purpose'), dataIndex: 'purpose', ellipsis: true },
        { title: t('catalog.sharing.until'), dataIndex: 'until', render: (v: string) => formatDateTime(v, locale).slice(0, 10) },
        {
          title: t('common.status'),
          dataIndex: 'status',
          render: (v: Grant['status']) => <Tag color={v === 'active' ? 'green' : 'default'}>{t(`catalog.grantStatus.${v}`)}</Tag>,
        },
        {
          title: t('common.actions'),
          key: 'actions',
          render: (_: unknown, g) =>
            canRevoke && g.status === 'active' ? (
              <Popconfirm title={t('catalog.sharing.revoke')} onConfirm={() => revoke(g)}>
                <Button size="small" danger data-testid={`grant-revoke-${g.id}`}>
                  {t('catalog.sharing.revoke')}
                </Button>
              </Popconfirm>
            ) : null,
        },
      ]}
    />
  );
}

export function SharingPage() {
  const t = useT();
  const user = useUser();
  const [key, setKey] = useState<Approval | null>(null);
  const [tab, setTab] = useState('inbox');
  // The server decides who sees every request (the administrator and the data bureau's staff):
  // the tab shows when it answers.
  const seesAll = useAsync(
    (signal) =>
      catalogApi.requests('all', undefined, 1, undefined, signal).then(
        () => true,
        () => false,
      ),
    [],
  );
  const bureau = seesAll.data === true;
  const tabs = [
    { key: 'inbox', label: t('catalog.sharing.inbox'), children: <RequestsTable box="inbox" onApproved={setKey} /> },
    { key: 'outbox', label: t('catalog.sharing.outbox'), children: <RequestsTable box="outbox" onApproved={setKey} /> },
    ...(bureau ? [{ key: 'all', label: t('catalog.sharing.all'), children: <RequestsTable box="all" onApproved={setKey} /> }] : []),
    { key: 'given', label: t('catalog.sharing.grantsGiven'), children: <GrantsTable box="inbox" /> },
    { key: 'received', label: t('catalog.sharing.grantsReceived'), children: <GrantsTable box="outbox" /> },
  ];
  return (
    <div data-testid="sharing-page">
      <PageHead title={t('catalog.sharing.title')} subtitle={t('catalog.sharing.subtitle')} />
      {!user.departmentCode && seesAll.data === false && (
        <Alert type="warning" showIcon title={t('error.forbidden')} style={{ marginBottom: 16 }} />
      )}
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          destroyOnHidden
          items={tabs.map((x) => ({ ...x, label: <span data-testid={`sharing-tab-${x.key}`}>{x.label}</span> }))}
        />
      </Card>
      <SecretOnceModal
        open={key !== null}
        title={t('catalog.sharing.keyTitle')}
        label={key ? t('catalog.sharing.keyLabel', { grant: key.grantId }) : ''}
        secret={key?.key ?? ''}
        onClose={() => setKey(null)}
      />
    </div>
  );
}

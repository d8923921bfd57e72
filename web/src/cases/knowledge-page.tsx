/**
 * 知识库: the articles operators answer consultations from. Search by Chinese text (best first)
 * or list newest first, filter by category and status, read an article, and — with
 * `cases.config.write` — write, edit, publish or archive one (an edit names the version it started
 * from, so two editors cannot overwrite each other silently).
 */
import { useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Drawer, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router-dom';
import { useUser } from '../auth/auth-context.js';
import { CursorPager } from '../components/cursor-pager.js';
import { ErrorAlert } from '../components/error-alert.js';
import { FormDrawer } from '../components/form-drawer.js';
import { PageHead } from '../components/page-head.js';
import { useLocale, useT } from '../i18n/i18n.js';
import { formatDateTime } from '../lib/format.js';
import { hasPermission } from '../lib/permissions.js';
import { useAsync } from '../lib/use-async.js';
import { useCursorList } from '../lib/use-cursor-list.js';
import { useDebounced } from '../lib/use-debounced.js';
import { useServerForm } from '../lib/use-server-form.js';
import { casesApi, type KbArticle, type KbHit, type KbQuery } from './cases-api.js';
import { useCategories } from './cases-labels.js';
import './cases.css';

type Status = KbArticle['status'];
const STATUSES: Status[] = ['published', 'draft', 'archived'];
const STATUS_COLORS: Record<Status, string> = { published: 'green', draft: 'blue', archived: 'default' };
type Filter = Omit<KbQuery, 'limit' | 'cursor'>;

interface Values {
  title: string;
  body: string;
  categoryCodes: string[];
  tags: string[];
  status: Status;
}

export function KnowledgePage() {
  const t = useT();
  const { locale } = useLocale();
  const me = useUser();
  const canWrite = hasPermission(me, 'cases.config.write');
  const categories = useCategories();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState('');
  const [categoryCode, setCategoryCode] = useState<string | undefined>();
  const [status, setStatus] = useState<Status | undefined>();
  const text = useDebounced(q.trim());
  const filter: Filter = useMemo(() => ({ q: text || undefined, categoryCode, status }), [text, categoryCode, status]);
  const list = useCursorList((f: Filter, cursor, limit, signal) => casesApi.knowledge({ ...f, cursor, limit }, signal), filter);
  const [editing, setEditing] = useState<KbArticle | 'new' | null>(null);
  const readingId = params.get('id');

  const columns: TableColumnsType<KbHit> = [
    {
      title: t('cases.kb.title'),
      key: 'title',
      render: (_, h) => (
        <Space orientation="vertical" size={0}>
          <a onClick={() => setParams({ id: h.article.id })} data-testid={`kb-open-${h.article.id}`}>
            {h.article.title}
          </a>
          {text && (
            <Typography.Text type="secondary" ellipsis style={{ maxWidth: 520 }}>
              {h.snippet}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('cases.field.category'),
      key: 'categories',
      render: (_, h) => h.article.categoryCodes.map((c) => <Tag key={c}>{categories.name(c)}</Tag>),
    },
    { title: t('cases.kb.tags'), key: 'tags', render: (_, h) => h.article.tags.join('、') || '—' },
    {
      title: t('common.status'),
      key: 'status',
      render: (_, h) => <Tag color={STATUS_COLORS[h.article.status]}>{t(`cases.kb.status.${h.article.status}`)}</Tag>,
    },
    { title: t('cases.kb.updatedAt'), key: 'updatedAt', render: (_, h) => formatDateTime(h.article.updatedAt, locale) },
  ];

  return (
    <div className="zc-page" data-testid="knowledge-page">
      <PageHead
        title={t('cases.kb.pageTitle')}
        subtitle={t('cases.kb.subtitle')}
        actions={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="kb-create">
              {t('cases.kb.create')}
            </Button>
          )
        }
      />
      <Card>
        <div className="zc-toolbar">
          <Input.Search
            allowClear
            placeholder={t('cases.kb.search')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            style={{ width: 300 }}
            data-testid="kb-search"
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('cases.field.category')}
            value={categoryCode}
            onChange={setCategoryCode}
            options={categories.options}
            style={{ width: 220 }}
          />
          {canWrite && (
            <Select
              allowClear
              placeholder={t('common.status')}
              value={status}
              onChange={setStatus}
              options={STATUSES.map((s) => ({ value: s, label: t(`cases.kb.status.${s}`) }))}
              style={{ width: 120 }}
            />
          )}
        </div>
        {list.error != null && <ErrorAlert error={list.error} onRetry={list.reload} style={{ marginBottom: 12 }} />}
        <Table<KbHit>
          rowKey={(h) => h.article.id}
          columns={columns}
          dataSource={list.items}
          loading={list.loading}
          pagination={false}
          size="middle"
          data-testid="kb-table"
        />
        <CursorPager list={list} />
      </Card>
      <ArticleReader
        id={readingId}
        canWrite={canWrite}
        onClose={() => setParams({})}
        onEdit={(a) => {
          setParams({});
          setEditing(a);
        }}
      />
      <ArticleDrawer
        article={editing}
        categoryOptions={categories.options}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          list.reload();
        }}
      />
    </div>
  );
}

function ArticleReader({
  id,
  canWrite,
  onClose,
  onEdit,
}: {
  id: string | null;
  canWrite: boolean;
  onClose: () => void;
  onEdit: (a: KbArticle) => void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const state = useAsync((signal) => (id ? casesApi.article(id, signal) : Promise.resolve(undefined)), [id]);
  const a = state.data;
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={640}
      title={a?.title ?? ''}
      extra={
        canWrite &&
        a && (
          <Button onClick={() => onEdit(a)} data-testid="kb-edit">
            {t('common.edit')}
          </Button>
        )
      }
      data-testid="kb-reader"
    >
      {state.error != null && <ErrorAlert error={state.error} />}
      {a && (
        <>
          <Typography.Paragraph type="secondary">
            {t('cases.kb.meta', { version: a.version, at: formatDateTime(a.updatedAt, locale) })}
          </Typography.Paragraph>
          <div className="zc-kb-body" data-testid="kb-body">
            {a.body}
          </div>
        </>
      )}
    </Drawer>
  );
}

function ArticleDrawer({
  article,
  categoryOptions,
  onClose,
  onSaved,
}: {
  article: KbArticle | 'new' | null;
  categoryOptions: Array<{ label: string; options: Array<{ value: string; label: string }> }>;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const server = useServerForm<Values>({ fields: ['title', 'body', 'categoryCodes', 'tags', 'status'] });
  const { reset } = server;
  const creating = article === 'new';
  useEffect(() => {
    if (article === 'new') reset({ title: '', body: '', categoryCodes: [], tags: [], status: 'published' });
    else if (article)
      reset({ title: article.title, body: article.body, categoryCodes: article.categoryCodes, tags: article.tags, status: article.status });
  }, [article, reset]);
  const save = () =>
    server.submit(async (v) => {
      const body = { title: v.title.trim(), body: v.body, categoryCodes: v.categoryCodes ?? [], tags: v.tags ?? [], status: v.status };
      if (article === 'new') await casesApi.createArticle(body);
      else if (article) await casesApi.updateArticle(article.id, { ...body, version: article.version });
      message.success(t('cases.kb.saved'));
      onSaved();
    });
  return (
    <FormDrawer
      open={article !== null}
      onClose={onClose}
      title={creating ? t('cases.kb.create') : t('common.edit')}
      creating={creating}
      form={server}
      onSubmit={save}
      submitTestId="kb-save"
    >
      <Form.Item name="title" label={t('cases.kb.title')} rules={[{ required: true, whitespace: true }, { max: 200 }]}>
        <Input data-testid="kb-form-title" />
      </Form.Item>
      <Form.Item name="body" label={t('cases.kb.body')} rules={[{ required: true, whitespace: true }, { max: 50000 }]}>
        <Input.TextArea rows={12} data-testid="kb-form-body" />
      </Form.Item>
      <Form.Item name="categoryCodes" label={t('cases.field.category')}>
        <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={categoryOptions} />
      </Form.Item>
      <Form.Item name="tags" label={t('cases.kb.tags')}>
        <Select mode="tags" tokenSeparators={[',', '，', '、']} />
      </Form.Item>
      <Form.Item name="status" label={t('common.status')}>
        <Select options={STATUSES.map((s) => ({ value: s, label: t(`cases.kb.status.${s}`) }))} />
      </Form.Item>
    </FormDrawer>
  );
}

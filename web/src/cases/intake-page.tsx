/**
 * 受理: the hotline operator's intake form, built for speed at the keyboard. The description has the
 * focus; as the operator types the caller's words, the form proposes the category (with the
 * classifier's confidence), the place and grid from the address (or a click on the map), the
 * department and the deadline, and lists open cases nearby that look like the same problem.
 * Ctrl+Enter registers and dispatches in one go; a consultation can be answered and closed here.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Empty, Input, List, Row, Segmented, Select, Space, Tag, Tooltip, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea.js';
import { Link } from 'react-router-dom';
import { geoApi } from '../api/endpoints.js';
import { ErrorAlert } from '../components/error-alert.js';
import { PageHead } from '../components/page-head.js';
import { useLocale, useT } from '../i18n/i18n.js';
import { errorLine } from '../lib/describe-error.js';
import { formatDateTime } from '../lib/format.js';
import { useAllDepartments } from '../lib/org-lookups.js';
import { hasPermission } from '../lib/permissions.js';
import { useDebounced } from '../lib/use-debounced.js';
import { useUser } from '../auth/auth-context.js';
import { PointMap } from '../map/point-map.js';
import {
  calendarApi,
  casesApi,
  type CaseDetail,
  type CaseItem,
  type Candidate,
  type Category,
  type CategoryNode,
  type Channel,
  type Duplicate,
  type KbHit,
  type RequestType,
} from './cases-api.js';
import { CHANNELS, REQUEST_TYPES, channelKey, requestTypeKey, statusKey, useCategories } from './cases-labels.js';
import './cases.css';

type Mode = 'report' | 'register' | 'dispatch' | 'answer';
interface Place {
  lon: number;
  lat: number;
}

type AnyCategory = Category | CategoryNode;

/**
 * The department the server will route to, as far as the form knows it: the most specific routing
 * rule whose area holds the place (codes nest), else the category's default, else its 大类's —
 * the same order as the server's routing, which has the last word.
 */
function proposeDepartment(
  category: AnyCategory | undefined,
  parent: AnyCategory | undefined,
  areaCodes: readonly string[],
): { code: string | null; name: string | null } | null {
  if (!category) return null;
  const rules = [...category.routingRules, ...(parent?.routingRules ?? [])]
    .filter((r) => areaCodes.some((a) => a.startsWith(r.areaCode)))
    .sort((a, b) => b.areaCode.length - a.areaCode.length);
  if (rules[0]) return { code: rules[0].departmentCode, name: null };
  for (const c of [category, parent]) {
    if (c && (c.departmentCode || c.departmentName)) return { code: c.departmentCode, name: c.departmentName };
  }
  return null;
}

/** The knowledge lookup key: consultations with enough text only. */
function consultKey(requestType: RequestType, text: string, categoryCode: string | undefined): string | null {
  return requestType === 'consult' && text.length >= 4 ? JSON.stringify([text, categoryCode ?? null]) : null;
}

/** Runs `load` when `key` changes (and is not null), dropping answers of superseded keys. */
function useLatest<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): { data: T | null; error: unknown } {
  const [state, setState] = useState<{ data: T | null; error: unknown }>({ data: null, error: null });
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    if (key === null) {
      setState({ data: null, error: null });
      return;
    }
    const controller = new AbortController();
    loadRef.current(controller.signal).then(
      (data) => !controller.signal.aborted && setState({ data, error: null }),
      (error: unknown) => !controller.signal.aborted && setState({ data: null, error }),
    );
    return () => controller.abort();
  }, [key]);
  return state;
}

export function IntakePage() {
  const t = useT();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const categories = useCategories();
  const departments = useAllDepartments();
  const descRef = useRef<TextAreaRef>(null);

  const [channel, setChannel] = useState<Channel>('phone');
  const [requestType, setRequestType] = useState<RequestType>('complaint');
  const [phone, setPhone] = useState('');
  const [name, setName] = useState('');
  const [confidential, setConfidential] = useState(false);
  const [description, setDescription] = useState('');
  const [address, setAddress] = useState('');
  const [place, setPlace] = useState<Place | null>(null);
  const [placeByClick, setPlaceByClick] = useState(false);
  const [categoryCode, setCategoryCode] = useState<string | undefined>(undefined);
  const [categoryChosen, setCategoryChosen] = useState(false);
  const [departmentCode, setDepartmentCode] = useState<string | undefined>(undefined);
  const [answer, setAnswer] = useState('');
  const [saving, setSaving] = useState<Mode | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<CaseDetail | null>(null);

  const text = useDebounced(description.trim(), 350);
  const addressText = useDebounced(address.trim(), 400);

  // The classifier proposes; the operator's own choice is never overwritten.
  const classified = useLatest<Candidate[]>(text.length >= 4 ? text : null, (signal) =>
    casesApi.classify(text, signal).then((r) => r.candidates),
  );
  const candidates = classified.data ?? [];
  useEffect(() => {
    if (!categoryChosen) setCategoryCode(candidates[0]?.categoryCode);
  }, [candidates, categoryChosen]);

  // The address places the case unless the operator clicked the map.
  const geocoded = useLatest(addressText.length >= 3 ? addressText : null, (signal) => geoApi.geocode(addressText, 3, signal));
  const best = geocoded.data?.candidates[0];
  useEffect(() => {
    if (!placeByClick) setPlace(best ? { lon: best.lon, lat: best.lat } : null);
  }, [best?.lon, best?.lat, placeByClick]);

  const placeKey = place ? `${place.lon},${place.lat}` : null;
  const located = useLatest(placeKey, (signal) => geoApi.locate(place!.lon, place!.lat, signal));
  const grid = located.data?.grid ?? null;

  const category = categoryCode ? categories.byCode.get(categoryCode) : undefined;
  const parent = category?.parentCode ? categories.byCode.get(category.parentCode) : undefined;
  const areaCodes = [
    located.data?.grid?.code,
    located.data?.community?.code,
    located.data?.street?.code,
    located.data?.district?.code,
  ].filter((c): c is string => !!c);
  const routed = proposeDepartment(category, parent, areaCodes);
  const limit = category?.limit ?? parent?.limit ?? null;
  const limitKey = limit ? `${limit.unit}:${limit.amount}:${Math.floor(Date.now() / 60_000)}` : null;
  const deadline = useLatest(limitKey, (signal) =>
    calendarApi.add(
      {
        start: new Date().toISOString(),
        ...(limit!.unit === 'days' ? { workingDays: Math.ceil(limit!.amount) } : { workingHours: limit!.amount }),
      },
      signal,
    ),
  );

  const dupKey = categoryCode && text.length >= 4 ? JSON.stringify([text, categoryCode, placeKey, addressText]) : null;
  const duplicates = useLatest<Duplicate[]>(dupKey, (signal) =>
    casesApi
      .duplicateCheck(
        {
          description: text,
          categoryCode: categoryCode!,
          ...(place ? { location: place } : {}),
          ...(addressText ? { address: addressText } : {}),
        },
        signal,
      )
      .then((r) => r.items),
  );

  // The caller's earlier cases, by the full number (only roles that may read phones in clear ask).
  const me = useUser();
  const phoneText = useDebounced(phone.replace(/\s/g, ''), 400);
  const history = useLatest<CaseItem[]>(
    hasPermission(me, 'cases.personal.read') && /^[0-9+-]{7,20}$/.test(phoneText) ? phoneText : null,
    (signal) => casesApi.callerHistory(phoneText, signal).then((r) => r.items),
  );

  // A consultation is often answered from the knowledge base on the spot (直接办结).
  const kbKey = consultKey(requestType, text, categoryCode);
  const kb = useLatest<KbHit[]>(kbKey, (signal) => casesApi.suggest(text, categoryCode, signal).then((r) => r.items));

  // Dispatching needs `cases.dispatch`: a hotline operator registers, a dispatcher may do both at once.
  const canDispatch = hasPermission(me, 'cases.dispatch');

  const deptName = (code: string | null | undefined) => (code ? (departments.items.find((d) => d.code === code)?.name ?? code) : '—');
  const consult = requestType === 'consult';

  useEffect(() => descRef.current?.focus(), []);

  const clear = () => {
    setPhone('');
    setName('');
    setConfidential(false);
    setDescription('');
    setAddress('');
    setPlace(null);
    setPlaceByClick(false);
    setCategoryCode(undefined);
    setCategoryChosen(false);
    setDepartmentCode(undefined);
    setAnswer('');
    setError(null);
    setRequestType('complaint');
    descRef.current?.focus();
  };

  const submit = async (mode: Mode) => {
    if (saving) return;
    if (!description.trim()) {
      setError(t('cases.intake.descriptionRequired'));
      descRef.current?.focus();
      return;
    }
    if (mode === 'answer' && !answer.trim()) {
      setError(t('cases.intake.answerRequired'));
      return;
    }
    const caller =
      phone.trim() || name.trim()
        ? { ...(phone.trim() ? { phone: phone.trim() } : {}), ...(name.trim() ? { name: name.trim() } : {}) }
        : undefined;
    setSaving(mode);
    setError(null);
    try {
      const c = await casesApi.create({
        channel,
        requestType,
        description: description.trim(),
        ...(categoryCode ? { categoryCode } : {}),
        ...(place ? { location: place } : {}),
        ...(address.trim() ? { address: address.trim() } : {}),
        ...(caller ? { caller } : {}),
        confidential,
        ...(mode === 'register' ? { register: true } : {}),
        ...(mode === 'dispatch' ? { dispatch: true, ...(departmentCode ? { departmentCode } : {}) } : {}),
        ...(mode === 'answer' ? { answer: answer.trim() } : {}),
      });
      setCreated(c);
      message.success(t('cases.intake.created', { number: c.number }));
      clear();
    } catch (err) {
      setError(errorLine(err, t));
    } finally {
      setSaving(null);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit(consult && answer.trim() ? 'answer' : canDispatch ? 'dispatch' : 'register');
    }
  };

  const departmentOptions = useMemo(() => departments.items.map((d) => ({ value: d.code, label: d.name })), [departments.items]);

  return (
    <div className="zc-page" data-testid="case-intake-page" onKeyDown={onKeyDown}>
      <PageHead title={t('cases.intake.title')} subtitle={t('cases.intake.subtitle')} />
      {created && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setCreated(null)}
          style={{ marginBottom: 12 }}
          data-testid="intake-created"
          title={
            <span>
              {t('cases.intake.createdLine', {
                number: created.number,
                status: t(statusKey(created.status)),
                department: created.department?.name ?? '—',
                deadline: formatDateTime(created.deadline, locale),
              })}{' '}
              <Link to={`/cases/${encodeURIComponent(created.id)}`} data-testid="intake-created-link">
                {t('cases.intake.openCase')}
              </Link>
            </span>
          }
        />
      )}
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card>
            <div className="zc-intake-grid">
              <label htmlFor="intake-description">{t('cases.field.description')}</label>
              <Input.TextArea
                id="intake-description"
                ref={descRef}
                autoFocus
                rows={4}
                maxLength={4000}
                value={description}
                onChange={(e) => setDescription(e.target.value)}
                placeholder={t('cases.intake.descriptionPlaceholder')}
                data-testid="intake-description"
              />
              <label htmlFor="intake-address">{t('cases.field.address')}</label>
              <div>
                <Input
                  id="intake-address"
                  value={address}
                  maxLength={200}
                  onChange={(e) => {
                    setAddress(e.target.value);
                    setPlaceByClick(false);
                  }}
                  placeholder={t('cases.intake.addressPlaceholder')}
                  data-testid="intake-address"
                />
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="intake-geocoded">
                  {best && !placeByClick
                    ? t('cases.intake.geocoded', { address: best.address, score: Math.round(best.score * 100) })
                    : placeByClick
                      ? t('cases.intake.clicked')
                      : addressText.length >= 3 && geocoded.data
                        ? t('cases.intake.notFound')
                        : t('cases.intake.mapHint')}
                </Typography.Text>
              </div>
              <label htmlFor="intake-phone">{t('cases.field.callerPhone')}</label>
              <Space wrap>
                <Input
                  id="intake-phone"
                  value={phone}
                  maxLength={20}
                  onChange={(e) => setPhone(e.target.value)}
                  style={{ width: 180 }}
                  inputMode="tel"
                  data-testid="intake-phone"
                />
                <Input
                  aria-label={t('cases.field.callerName')}
                  placeholder={t('cases.field.callerName')}
                  value={name}
                  maxLength={50}
                  onChange={(e) => setName(e.target.value)}
                  style={{ width: 160 }}
                  data-testid="intake-name"
                />
                <Checkbox checked={confidential} onChange={(e) => setConfidential(e.target.checked)} data-testid="intake-confidential">
                  {t('cases.field.confidential')}
                </Checkbox>
              </Space>
              <label>{t('cases.field.requestType')}</label>
              <Segmented<RequestType>
                value={requestType}
                onChange={setRequestType}
                options={REQUEST_TYPES.map((r) => ({ value: r, label: t(requestTypeKey(r)) }))}
                data-testid="intake-request-type"
              />
              <label>{t('cases.field.channel')}</label>
              <Select<Channel>
                value={channel}
                onChange={setChannel}
                options={CHANNELS.filter((c) => c !== 'sensor' && c !== 'open311').map((c) => ({ value: c, label: t(channelKey(c)) }))}
                style={{ width: 180 }}
              />
              <label htmlFor="intake-category">{t('cases.field.category')}</label>
              <div>
                <Select
                  id="intake-category"
                  showSearch={{ optionFilterProp: 'label' }}
                  allowClear
                  value={categoryCode}
                  onChange={(v: string | undefined) => {
                    setCategoryCode(v);
                    setCategoryChosen(v !== undefined);
                  }}
                  options={categories.options}
                  placeholder={t('cases.intake.categoryPlaceholder')}
                  style={{ width: '100%' }}
                  data-testid="intake-category"
                />
                <div className="zc-intake-candidates" data-testid="intake-candidates">
                  {candidates.map((c) => (
                    <Tag.CheckableTag
                      key={c.categoryCode}
                      checked={c.categoryCode === categoryCode}
                      onChange={() => {
                        setCategoryCode(c.categoryCode);
                        setCategoryChosen(true);
                      }}
                      data-testid={`intake-candidate-${c.categoryCode}`}
                    >
                      {categories.name(c.categoryCode)} · {Math.round(c.score * 100)}%
                    </Tag.CheckableTag>
                  ))}
                  {classified.error != null && <Typography.Text type="warning">{t('cases.intake.classifyFailed')}</Typography.Text>}
                </div>
              </div>
              <label htmlFor="intake-department">{t('cases.field.department')}</label>
              <Select
                id="intake-department"
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                value={departmentCode}
                onChange={setDepartmentCode}
                options={departmentOptions}
                placeholder={
                  routed ? t('cases.intake.routedTo', { name: routed.name ?? deptName(routed.code) }) : t('cases.intake.routedAuto')
                }
                data-testid="intake-department"
              />
              {consult && (
                <>
                  <label htmlFor="intake-answer">{t('cases.intake.answer')}</label>
                  <Input.TextArea
                    id="intake-answer"
                    rows={3}
                    maxLength={2000}
                    value={answer}
                    onChange={(e) => setAnswer(e.target.value)}
                    placeholder={t('cases.intake.answerPlaceholder')}
                    data-testid="intake-answer"
                  />
                </>
              )}
            </div>
            {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} data-testid="intake-error" />}
            <div className="zc-intake-actions">
              <Typography.Text type="secondary">{t(canDispatch ? 'cases.intake.keys' : 'cases.intake.keysRegister')}</Typography.Text>
              <Space wrap>
                <Button onClick={clear}>{t('cases.intake.clear')}</Button>
                {consult && (
                  <Button loading={saving === 'answer'} onClick={() => void submit('answer')} data-testid="intake-answer-close">
                    {t('cases.intake.answerClose')}
                  </Button>
                )}
                {canDispatch ? (
                  <>
                    <Button loading={saving === 'register'} onClick={() => void submit('register')} data-testid="intake-register">
                      {t('cases.intake.register')}
                    </Button>
                    <Tooltip title="Ctrl+Enter">
                      <Button
                        type="primary"
                        loading={saving === 'dispatch'}
                        onClick={() => void submit('dispatch')}
                        data-testid="intake-dispatch"
                      >
                        {t('cases.intake.registerDispatch')}
                      </Button>
                    </Tooltip>
                  </>
                ) : (
                  <Tooltip title="Ctrl+Enter">
                    <Button
                      type="primary"
                      loading={saving === 'register'}
                      onClick={() => void submit('register')}
                      data-testid="intake-register"
                    >
                      {t('cases.intake.registerOnly')}
                    </Button>
                  </Tooltip>
                )}
              </Space>
            </div>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('cases.intake.proposal')} style={{ marginBottom: 12 }} data-testid="intake-proposal">
            <dl className="zc-case-dl">
              <dt>{t('cases.field.category')}</dt>
              <dd data-testid="proposal-category">
                {categoryCode ? categories.name(categoryCode) : '—'}
                {categoryCode && !categoryChosen && candidates[0] && (
                  <Tag color="blue" style={{ marginInlineStart: 8 }}>
                    {t('cases.intake.confidence', { pct: Math.round(candidates[0].score * 100) })}
                  </Tag>
                )}
              </dd>
              <dt>{t('cases.field.grid')}</dt>
              <dd data-testid="proposal-grid">
                {grid ? `${grid.name} (${grid.code})` : '—'}
                {located.data?.district && (
                  <Typography.Text type="secondary">
                    {' '}
                    · {[located.data.district.name, located.data.street?.name].filter(Boolean).join(' ')}
                  </Typography.Text>
                )}
              </dd>
              <dt>{t('cases.field.department')}</dt>
              <dd data-testid="proposal-department">
                {departmentCode ? deptName(departmentCode) : routed ? (routed.name ?? deptName(routed.code)) : t('cases.intake.routedAuto')}
              </dd>
              <dt>{t('cases.field.deadline')}</dt>
              <dd data-testid="proposal-deadline">
                {deadline.data && limit
                  ? `${formatDateTime(deadline.data.end, locale)} (${t(limit.unit === 'days' ? 'cases.limit.days' : 'cases.limit.hours', { n: limit.amount })})`
                  : '—'}
              </dd>
            </dl>
            <PointMap
              color="#f5222d"
              followWhilePicking
              value={place}
              onPick={(lon, lat) => {
                setPlace({ lon, lat });
                setPlaceByClick(true);
              }}
              testId="intake-map"
            />
          </Card>
          {kbKey !== null && (
            <Card size="small" title={t('cases.intake.knowledge')} style={{ marginBottom: 12 }} data-testid="intake-knowledge">
              {kb.error != null && <ErrorAlert error={kb.error} />}
              <List
                size="small"
                dataSource={kb.data ?? []}
                rowKey={(h) => h.article.id}
                locale={{ emptyText: t('cases.intake.noKnowledge') }}
                renderItem={(h) => (
                  <List.Item
                    actions={[
                      <Button
                        key="use"
                        size="small"
                        onClick={() => setAnswer(`${h.article.title}：${h.snippet}`)}
                        data-testid={`intake-kb-use-${h.article.id}`}
                      >
                        {t('cases.intake.useAnswer')}
                      </Button>,
                    ]}
                  >
                    <List.Item.Meta
                      title={
                        <Link to={`/cases/knowledge?id=${encodeURIComponent(h.article.id)}`} target="_blank">
                          {h.article.title}
                        </Link>
                      }
                      description={
                        <Typography.Paragraph ellipsis={{ rows: 3 }} style={{ margin: 0 }}>
                          {h.snippet}
                        </Typography.Paragraph>
                      }
                    />
                  </List.Item>
                )}
              />
            </Card>
          )}
          {history.data !== null && (
            <Card
              size="small"
              title={t('cases.intake.history', { n: history.data.length })}
              style={{ marginBottom: 12 }}
              data-testid="intake-history"
            >
              {history.data.length === 0 ? (
                <Typography.Text type="secondary">{t('cases.intake.noHistory')}</Typography.Text>
              ) : (
                <List
                  size="small"
                  dataSource={history.data}
                  rowKey="id"
                  renderItem={(c) => (
                    <List.Item>
                      <Space orientation="vertical" size={0}>
                        <Space>
                          <Link to={`/cases/${encodeURIComponent(c.id)}`} target="_blank" className="zc-mono">
                            {c.number}
                          </Link>
                          <Tag>{t(statusKey(c.status))}</Tag>
                          <Typography.Text type="secondary">{formatDateTime(c.createdAt, locale)}</Typography.Text>
                        </Space>
                        <Typography.Text ellipsis style={{ maxWidth: 420 }}>
                          {c.description}
                        </Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              )}
            </Card>
          )}
          <Card size="small" title={t('cases.intake.duplicates')} data-testid="intake-duplicates">
            {duplicates.error != null && <ErrorAlert error={duplicates.error} />}
            {(duplicates.data ?? []).length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.intake.noDuplicates')} />
            ) : (
              <List
                size="small"
                dataSource={duplicates.data ?? []}
                rowKey="id"
                renderItem={(d) => (
                  <List.Item>
                    <List.Item.Meta
                      title={
                        <Space>
                          <Link to={`/cases/${encodeURIComponent(d.id)}`} target="_blank" className="zc-mono">
                            {d.number}
                          </Link>
                          <Tag>{t(statusKey(d.status))}</Tag>
                          <Typography.Text type="secondary">
                            {t('cases.intake.similarity', { pct: Math.round(d.similarity * 100) })}
                            {d.distanceMeters !== null ? ` · ${Math.round(d.distanceMeters)} m` : ''}
                          </Typography.Text>
                        </Space>
                      }
                      description={
                        <Typography.Text ellipsis style={{ maxWidth: 420 }}>
                          {formatDateTime(d.createdAt, locale)} · {d.description}
                        </Typography.Text>
                      }
                    />
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}

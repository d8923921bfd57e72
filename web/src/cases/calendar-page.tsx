/**
 * 工作日历: one year at a glance — public holidays (red), make-up working days (blue), weekends
 * (grey) — from which every case deadline is computed. A click on a day marks it as a holiday or a
 * make-up working day, or makes it ordinary again; a whole year can be imported (lines of
 * `day,kind,name`), and the working hours of a working day are set here too.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Form, Input, Modal, Radio, Select, Space, Tag, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { UploadOutlined } from '@ant-design/icons';
import { useUser } from '../auth/auth-context.js';
import { ErrorAlert } from '../components/error-alert.js';
import { PageHead } from '../components/page-head.js';
import { useT } from '../i18n/i18n.js';
import { errorLine } from '../lib/describe-error.js';
import { hasPermission } from '../lib/permissions.js';
import { useAsync } from '../lib/use-async.js';
import { calendarApi, type CalendarDay, type WorkingPeriod } from './cases-api.js';
import './cases.css';

const pad = (n: number) => String(n).padStart(2, '0');
/** `08:30` as a dayjs of today (the picker shows only the clock). */
const clock = (hhmm: string): Dayjs => {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return dayjs().hour(h).minute(m).second(0);
};
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

/** Lines `2027-10-01,holiday,国庆节` → days; the first bad line is reported by its number. */
export function parseDayLines(text: string): { days: Array<{ day: string; kind: string; name: string }>; badLine: number | null } {
  const days: Array<{ day: string; kind: string; name: string }> = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line || line.startsWith('#') || /^day\s*,/i.test(line)) continue;
    const [day = '', kind = '', ...rest] = line.split(',').map((s) => s.trim());
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || (kind !== 'holiday' && kind !== 'workday')) return { days, badLine: i + 1 };
    days.push({ day, kind, name: rest.join(',') });
  }
  return { days, badLine: null };
}

export function CalendarPage() {
  const t = useT();
  const me = useUser();
  const canWrite = hasPermission(me, 'cases.config.write');
  const years = useAsync((signal) => calendarApi.years(signal), []);
  const [year, setYear] = useState(new Date().getFullYear());
  const days = useAsync((signal) => calendarApi.days(year, signal), [year]);
  const hours = useAsync((signal) => calendarApi.workingHours(signal), []);
  const [editing, setEditing] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [editingHours, setEditingHours] = useState(false);
  const byDay = useMemo(() => new Map((days.data?.items ?? []).map((d) => [d.day, d])), [days.data]);
  const info = years.data?.items.find((y) => y.year === year);
  const yearOptions = useMemo(() => {
    const set = new Set([year, new Date().getFullYear(), new Date().getFullYear() + 1, ...(years.data?.items ?? []).map((y) => y.year)]);
    return [...set].sort().map((y) => ({ value: y, label: String(y) }));
  }, [years.data, year]);

  return (
    <div className="zc-page" data-testid="calendar-page">
      <PageHead
        title={t('cases.calendar.title')}
        subtitle={t('cases.calendar.subtitle')}
        actions={
          canWrite && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="calendar-import">
              {t('cases.calendar.import')}
            </Button>
          )
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Space wrap size="large">
          <Select value={year} onChange={setYear} options={yearOptions} style={{ width: 100 }} data-testid="calendar-year" />
          {info ? (
            <Typography.Text>
              {info.official ? (
                <Tag color="green">{t('cases.calendar.official')}</Tag>
              ) : (
                <Tag color="orange">{t('cases.calendar.weekendsOnly')}</Tag>
              )}
              {t('cases.calendar.counts', { holidays: info.holidays, workdays: info.workdays })} · {info.source}
            </Typography.Text>
          ) : (
            <Tag color="orange">{t('cases.calendar.weekendsOnly')}</Tag>
          )}
          <Space size={4}>
            <span className="zc-cal-swatch zc-cal-holiday" /> {t('cases.calendar.holiday')}
            <span className="zc-cal-swatch zc-cal-workday" /> {t('cases.calendar.workday')}
            <span className="zc-cal-swatch zc-cal-weekend" /> {t('cases.calendar.weekend')}
          </Space>
          <Typography.Text data-testid="calendar-hours">
            {t('cases.calendar.hours')}: {(hours.data?.periods ?? []).map((p) => `${p.start}–${p.end}`).join('、') || '—'}
            {canWrite && (
              <Button type="link" size="small" onClick={() => setEditingHours(true)}>
                {t('common.edit')}
              </Button>
            )}
          </Typography.Text>
        </Space>
      </Card>
      {days.error != null && <ErrorAlert error={days.error} onRetry={days.reload} />}
      <div className="zc-cal-year" data-testid="calendar-year-view">
        {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
          <Month key={m} year={year} month={m} byDay={byDay} onPick={canWrite ? setEditing : undefined} />
        ))}
      </div>
      <DayModal
        day={editing}
        current={editing ? byDay.get(editing) : undefined}
        onClose={() => setEditing(null)}
        onDone={() => {
          setEditing(null);
          days.reload();
          years.reload();
        }}
      />
      <ImportModal
        open={importing}
        year={year}
        onClose={() => setImporting(false)}
        onDone={() => {
          setImporting(false);
          days.reload();
          years.reload();
        }}
      />
      <HoursModal
        open={editingHours}
        periods={hours.data?.periods ?? []}
        onClose={() => setEditingHours(false)}
        onDone={() => {
          setEditingHours(false);
          hours.reload();
        }}
      />
    </div>
  );
}

function Month({
  year,
  month,
  byDay,
  onPick,
}: {
  year: number;
  month: number;
  byDay: Map<string, CalendarDay>;
  onPick?: (day: string) => void;
}) {
  const t = useT();
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay(); // 0 = Sunday
  const lead = (first + 6) % 7; // weeks start on Monday
  const n = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const cells: Array<number | null> = [...Array<null>(lead).fill(null), ...Array.from({ length: n }, (_, i) => i + 1)];
  return (
    <Card size="small" title={t('cases.calendar.month', { m: month })} className="zc-cal-month">
      <div className="zc-cal-grid">
        {['一', '二', '三', '四', '五', '六', '日'].map((w) => (
          <div key={w} className="zc-cal-wd">
            {w}
          </div>
        ))}
        {cells.map((d, i) => {
          if (d === null) return <div key={`e${i}`} />;
          const day = iso(year, month, d);
          const special = byDay.get(day);
          const weekend = (lead + d - 1) % 7 >= 5;
          const cls = special ? `zc-cal-${special.kind}` : weekend ? 'zc-cal-weekend' : '';
          return (
            <button
              type="button"
              key={day}
              className={`zc-cal-day ${cls}`}
              title={special ? `${day} ${special.name}` : day}
              disabled={!onPick}
              onClick={() => onPick?.(day)}
              data-testid={`cal-${day}`}
              data-kind={special?.kind ?? (weekend ? 'weekend' : 'workday-ordinary')}
            >
              {d}
            </button>
          );
        })}
      </div>
    </Card>
  );
}

function DayModal({
  day,
  current,
  onClose,
  onDone,
}: {
  day: string | null;
  current: CalendarDay | undefined;
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ kind: 'holiday' | 'workday' | 'ordinary'; name: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    if (!day) return;
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      if (v.kind === 'ordinary') await calendarApi.deleteDay(day);
      else await calendarApi.setDay(day, v.kind, (v.name ?? '').trim());
      message.success(t('cases.calendar.saved', { day }));
      onDone();
    } catch (err) {
      setError(errorLine(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={day !== null}
      title={day}
      onCancel={onClose}
      onOk={() => void save()}
      okButtonProps={{ loading: busy, 'data-testid': 'cal-save' } as never}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ kind: current?.kind ?? 'holiday', name: current?.name ?? '' }} preserve={false}>
        <Form.Item name="kind" label={t('cases.calendar.kind')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'holiday', label: t('cases.calendar.holiday') },
              { value: 'workday', label: t('cases.calendar.workday') },
              { value: 'ordinary', label: t('cases.calendar.ordinary') },
            ]}
          />
        </Form.Item>
        <Form.Item name="name" label={t('cases.calendar.name')} rules={[{ max: 50 }]}>
          <Input placeholder={t('cases.calendar.namePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ImportModal({ open, year, onClose, onDone }: { open: boolean; year: number; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [replace, setReplace] = useState(true);
  const [official, setOfficial] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    const { days, badLine } = parseDayLines(text);
    if (badLine !== null) return setError(t('cases.calendar.badLine', { line: badLine }));
    if (days.length === 0) return setError(t('cases.calendar.nothing'));
    if (replace && days.some((d) => !d.day.startsWith(`${year}-`))) return setError(t('cases.calendar.otherYear', { year }));
    setBusy(true);
    setError(null);
    try {
      const r = await calendarApi.import(replace ? { year, official, source: 'import', days } : { days });
      message.success(t('cases.calendar.imported', { n: r.imported }));
      setText('');
      onDone();
    } catch (err) {
      setError(errorLine(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('cases.calendar.import')}
      onCancel={onClose}
      onOk={() => void run()}
      okButtonProps={{ loading: busy }}
      width={560}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('cases.calendar.importHint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Input.TextArea
        rows={10}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={`${year}-10-01,holiday,国庆节\n${year}-09-28,workday,国庆节调休`}
        className="zc-mono"
      />
      <Space style={{ marginTop: 8 }}>
        <Checkbox checked={replace} onChange={(e) => setReplace(e.target.checked)}>
          {t('cases.calendar.replaceYear', { year })}
        </Checkbox>
        {replace && (
          <Checkbox checked={official} onChange={(e) => setOfficial(e.target.checked)}>
            {t('cases.calendar.markOfficial')}
          </Checkbox>
        )}
      </Space>
    </Modal>
  );
}

function HoursModal({
  open,
  periods,
  onClose,
  onDone,
}: {
  open: boolean;
  periods: WorkingPeriod[];
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useT();
  const [rows, setRows] = useState<Array<[Dayjs | null, Dayjs | null]>>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    const out = rows.filter(([a, b]) => a && b).map(([a, b]) => ({ start: a!.format('HH:mm'), end: b!.format('HH:mm') }));
    if (out.length === 0) return setError(t('cases.calendar.hoursRequired'));
    setBusy(true);
    setError(null);
    try {
      await calendarApi.setWorkingHours(out);
      onDone();
    } catch (err) {
      setError(errorLine(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('cases.calendar.hours')}
      onCancel={onClose}
      onOk={() => void save()}
      okButtonProps={{ loading: busy }}
      afterOpenChange={(o) => o && setRows(periods.map((p) => [clock(p.start), clock(p.end)]))}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Space orientation="vertical">
        {rows.map((r, i) => (
          <Space key={i}>
            <TimePicker.RangePicker
              format="HH:mm"
              minuteStep={5}
              value={r}
              onChange={(v) => setRows((all) => all.map((x, j) => (j === i ? [v?.[0] ?? null, v?.[1] ?? null] : x)))}
            />
            <Button onClick={() => setRows((all) => all.filter((_, j) => j !== i))}>{t('cases.calendar.removePeriod')}</Button>
          </Space>
        ))}
        {rows.length < 6 && <Button onClick={() => setRows((all) => [...all, [null, null]])}>{t('cases.calendar.addPeriod')}</Button>}
      </Space>
    </Modal>
  );
}

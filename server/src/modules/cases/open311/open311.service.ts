/**
 * Open311 GeoReport v2 over the cases module: services are the enabled 小类 of the components
 * (部件) and events (事件) taxonomy, requests are cases filed through the ordinary intake with
 * channel `open311`, so they get the same routing (position → grid → department), numbering,
 * deadline and history as a hotline call.
 *
 * Privacy (what reporters complain about): the reporter's name and phone go to the case's
 * caller fields, which departments see masked; `attribute[confidential]=true` hides them from
 * everyone but administrators; the email is not stored; answers never carry contact data, and
 * phone numbers, e-mail addresses and ID numbers typed into descriptions are masked in answers.
 */
import { hasPermission, type Principal } from '../../../kernel/auth/index.js';
import { DomainError } from '../../../kernel/errors.js';
import type { KernelContext } from '../../../kernel/module.js';
import type { GeoService } from '../../geo/index.js';
import type { CaseRecord } from '../case-types.js';
import { DESCRIPTION_MAX, type CasesService } from '../cases.service.js';
import type { CategoriesService } from '../categories/categories.service.js';
import type { Category } from '../categories/category-types.js';
import type { CaseStatus } from '../workflow.js';
import { Open311Error } from './open311-format.js';
import type { Open311Params } from './open311-params.js';
import { Open311Repository, type NoteRow } from './open311.repository.js';

/** Longest window `GET requests` covers, and its default. */
export const WINDOW_MS = 90 * 86_400_000;
/** Most requests one `GET requests` answers. */
export const MAX_REQUESTS = 1000;
/** Requests one API key may file per minute (per node). */
export const POST_RATE = { max: 30, windowMs: 60_000 };

const CLOSED: readonly CaseStatus[] = ['closed', 'visited', 'cancelled'];
const OPEN: readonly CaseStatus[] = [
  'reported',
  'registered',
  'dispatched',
  'accepted',
  'extension_requested',
  'return_requested',
  'handled',
  'verified',
  'suspended',
  'merged',
];

/** Timeline actions a reporter may see, and the note each gives (comments only where meant for them). */
const PUBLIC_NOTES: Record<string, (n: NoteRow) => string> = {
  create: () => '已受理',
  register: () => '已立案',
  dispatch: (n) => `已派遣至${String(n.detail.departmentName ?? '责任单位')}`,
  reassign: (n) => `已改派至${String(n.detail.departmentName ?? '责任单位')}`,
  approve_return: () => '原单位退回，重新派遣中',
  accept: () => '责任单位已签收，正在处置',
  approve_extension: () => '处置期限已延长',
  handle: () => '责任单位已处置完毕，待核查',
  verify: () => '现场核查通过，待结案',
  rework: () => '核查未通过，已要求重新处置',
  close: () => '已结案：问题已解决',
  close_unfixed: (n) => `已结案：问题未解决${n.comment ? `（${n.comment}）` : ''}`,
  answer: (n) => `已答复：${n.comment ?? ''}`,
  suspend: () => '已挂账，需长期整治',
  resume: () => '已解除挂账，继续处置',
  merge: (n) => `与同一问题的报告 ${String(n.detail.intoNumber ?? '')} 合并办理`,
  close_merged: () => '已随同一问题的原报告一并办结',
  cancel: (n) => `已作废${n.comment ? `（${n.comment}）` : ''}`,
};

/** Masks contact data a reporter may have typed into free text. */
export function maskContacts(text: string): string {
  return text
    .replace(/\b(\d{6})\d{8}(\d{3}[\dXx])\b/g, '$1********$2')
    .replace(/(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g, '$1****$2')
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '***@***');
}

/** One request as Open311 shows it. */
export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string | null;
  service_code: string;
  description: string;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

export interface Open311Deps {
  ctx: KernelContext;
  cases: CasesService;
  categories: CategoriesService;
  geo: GeoService;
}

export class Open311Service {
  readonly repo: Open311Repository;
  readonly #posts = new Map<string, { start: number; count: number }>();

  constructor(private readonly deps: Open311Deps) {
    this.repo = new Open311Repository(deps.ctx.db, deps.cases.repo);
  }

  /** Services: enabled 小类 of components and events (hotline topics are not Open311 services). */
  private serviceCategories(): Category[] {
    return this.deps.categories.list().filter((c) => c.parentCode && c.enabled && c.kind !== 'hotline');
  }

  private service(code: string): Category {
    const c = this.deps.categories.get(code);
    if (!c || !c.parentCode || !c.enabled || c.kind === 'hotline') throw new Open311Error(404, `service_code ${code} not found`);
    return c;
  }

  /** `GET services`. */
  services() {
    return this.serviceCategories().map((c) => {
      const group = this.deps.categories.get(c.parentCode!)?.name ?? null;
      return {
        service_code: c.code,
        service_name: c.name,
        description: `${group ? `${group} · ` : ''}${c.name}（${c.kind === 'component' ? '部件' : '事件'}）${c.departmentName ? `，责任单位：${c.departmentName}` : ''}`,
        // Every service has attributes (at least the confidentiality choice).
        metadata: true,
        type: 'realtime',
        keywords: [group, c.name, c.kind === 'component' ? '部件' : '事件'].filter(Boolean).join(','),
        group,
      };
    });
  }

  /** `GET services/{code}`: the inputs this service takes beyond the standard fields. */
  definition(code: string) {
    const c = this.service(code);
    const attributes: Array<Record<string, unknown>> = [];
    let order = 1;
    // The category's required fields, as notes (they are standard fields, not attributes).
    const notes: Record<string, string> = {
      location: '该类问题必须提供位置：lat/long、address_string 或 address_id（用于定位网格和责任单位）',
      address: '该类问题必须提供地址：address_string',
      'caller.phone': '该类问题必须提供联系电话：phone（对处置部门脱敏显示）',
      'caller.name': '该类问题必须提供姓名：first_name / last_name',
    };
    for (const f of c.requiredFields) {
      attributes.push({
        variable: false,
        code: `required_${f.replace('.', '_')}`,
        datatype: 'string',
        required: false,
        datatype_description: null,
        order: order++,
        description: notes[f] ?? f,
        values: [],
      });
    }
    attributes.push({
      variable: true,
      code: 'confidential',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: null,
      order: order++,
      description: '是否对联系方式保密（保密时仅管理员可见，处置部门不可见）',
      values: [
        { key: 'false', name: '否' },
        { key: 'true', name: '是' },
      ],
    });
    return { service_code: c.code, attributes };
  }

  /** The principal behind an `api_key`, or a 403 in the spec's words. */
  async principalOf(apiKey: string | undefined, bearer: string | undefined): Promise<Principal> {
    const key = apiKey?.trim() || (bearer && /^bearer\s/i.test(bearer) ? bearer.slice(7).trim() : '');
    if (!key) throw new Open311Error(403, 'api_key is required to submit a request');
    let p: Principal | null = null;
    if (key.startsWith('zk_')) {
      // The kernel verifies keys from the Authorization header; hand it the key the same way.
      p = await this.deps.ctx.auth.authenticate({ headers: { authorization: `Bearer ${key}` } } as never).catch(() => null);
    }
    if (!p || p.kind !== 'apikey') throw new Open311Error(403, 'api_key is invalid or revoked');
    if (!hasPermission(p, 'cases.create')) throw new Open311Error(403, 'api_key may not submit requests (needs cases.create)');
    return p;
  }

  private rateCheck(keyId: string): void {
    const now = this.deps.ctx.now();
    const w = this.#posts.get(keyId);
    if (!w || now - w.start >= POST_RATE.windowMs) this.#posts.set(keyId, { start: now, count: 1 });
    else if (++w.count > POST_RATE.max)
      throw new Open311Error(429, `Too many requests from this api_key: at most ${POST_RATE.max} per minute`);
  }

  /** `POST requests`. */
  async create(principal: Principal, params: Open311Params) {
    this.rateCheck(principal.id);
    const f = params.fields;
    const code = f.get('service_code')?.trim();
    if (!code) throw new Open311Error(400, 'service_code is required');
    const category = this.service(code);

    const description = (f.get('description') ?? '').trim();
    if (description.length > DESCRIPTION_MAX) throw new Open311Error(400, `description must be at most ${DESCRIPTION_MAX} characters`);

    let location: { lon: number; lat: number } | undefined;
    const latText = f.get('lat');
    const longText = f.get('long');
    if (latText !== undefined || longText !== undefined) {
      const lat = Number(latText);
      const lon = Number(longText);
      if (latText === undefined || latText.trim() === '' || !Number.isFinite(lat) || lat < -90 || lat > 90)
        throw new Open311Error(400, 'lat must be a latitude in decimal degrees (WGS84), given with long');
      if (longText === undefined || longText.trim() === '' || !Number.isFinite(lon) || lon < -180 || lon > 180)
        throw new Open311Error(400, 'long must be a longitude in decimal degrees (WGS84), given with lat');
      location = { lon, lat };
    }
    const address = f.get('address_string')?.trim() || undefined;
    if (address && address.length > 500) throw new Open311Error(400, 'address_string must be at most 500 characters');
    if (f.get('address_id') !== undefined)
      throw new Open311Error(400, 'address_id is not supported by this server; send lat/long or address_string');
    if (!location && !address) throw new Open311Error(400, 'A location is required: lat and long, or address_string');
    if (address && !location) {
      // A text that names no place in the gazetteer cannot be routed to a grid: say so now.
      let hit = false;
      try {
        hit = this.deps.geo.geocode(address, 1).candidates.length > 0;
      } catch {
        hit = false; // a text without letters or digits
      }
      if (!hit) throw new Open311Error(400, `address_string could not be located: ${address}`);
    }

    const mediaUrl = f.get('media_url')?.trim() || null;
    if (mediaUrl && (mediaUrl.length > 2048 || !/^https?:\/\/\S+$/i.test(mediaUrl) || !URL.canParse(mediaUrl)))
      throw new Open311Error(400, 'media_url must be an http(s) URL');
    const accountId = f.get('account_id')?.trim() || null;
    const deviceId = f.get('device_id')?.trim() || null;
    for (const [k, v] of [
      ['account_id', accountId],
      ['device_id', deviceId],
    ] as const)
      if (v && v.length > 200) throw new Open311Error(400, `${k} must be at most 200 characters`);
    const email = f.get('email')?.trim();
    if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) throw new Open311Error(400, 'email is not an e-mail address');
    const name = [f.get('last_name')?.trim(), f.get('first_name')?.trim()].filter(Boolean).join('') || undefined;
    if (name && name.length > 100) throw new Open311Error(400, 'first_name and last_name must be at most 100 characters together');
    const phone = f.get('phone')?.trim() || undefined;
    if (phone && !/^[0-9+\-\s()]{3,20}$/.test(phone)) throw new Open311Error(400, 'phone must be a phone number (digits, +, -)');

    let confidential = false;
    const known = new Set(
      this.definition(code)
        .attributes.filter((a) => a.variable)
        .map((a) => a.code as string),
    );
    for (const [attr, { values, multi }] of params.attributes) {
      if (!known.has(attr)) throw new Open311Error(400, `attribute[${attr}] is not an attribute of service ${code}`);
      if (multi || values.length !== 1) throw new Open311Error(400, `attribute[${attr}] takes one value`);
      if (attr === 'confidential') {
        if (values[0] !== 'true' && values[0] !== 'false') throw new Open311Error(400, 'attribute[confidential] must be true or false');
        confidential = values[0] === 'true';
      }
    }

    let created;
    try {
      created = await this.deps.cases.create(principal, {
        channel: 'open311',
        // The spec makes description optional; a case needs a text, and the service name says what it is.
        description: description || category.name,
        categoryCode: category.code,
        ...(location ? { location } : {}),
        ...(address ? { address } : {}),
        ...(name || phone ? { caller: { ...(name ? { name } : {}), ...(phone ? { phone: phone.replace(/[()\s]/g, '') } : {}) } } : {}),
        confidential,
      });
    } catch (e) {
      if (e instanceof DomainError) throw toOpen311(e);
      throw e;
    }
    await this.repo.insertAnnex({ caseId: created.id, mediaUrl, accountId, deviceId, apiKeyId: principal.id, at: this.deps.ctx.now() });
    const notice = `已受理，编号 ${created.number}${created.department ? `，责任单位：${created.department.name}` : ''}，预计办结时间 ${created.deadline}`;
    return [{ service_request_id: created.number, token: created.id, service_notice: notice, account_id: accountId }];
  }

  /** `GET tokens/{token}`: the tokens this server issues are case ids. */
  async token(token: string) {
    const c = /^[A-Za-z0-9_-]{1,64}$/.test(token) ? await this.deps.cases.repo.get(token) : null;
    if (!c || c.channel !== 'open311') throw new Open311Error(404, `token ${token} not found`);
    return [{ service_request_id: c.number, token: c.id }];
  }

  /** `GET requests`. */
  async list(params: Open311Params): Promise<Open311Request[]> {
    const f = params.fields;
    const services = new Set(this.serviceCategories().map((c) => c.code));
    const ids = f.get('service_request_id');
    if (ids !== undefined) {
      const numbers = ids
        .split(',')
        .map((s) => s.trim().toUpperCase())
        .filter(Boolean);
      if (!numbers.length || numbers.length > MAX_REQUESTS || numbers.some((n) => !/^[A-Z]{2}\d{13}$/.test(n)))
        throw new Open311Error(400, 'service_request_id must be a comma-separated list of request ids (e.g. ZC2026112200001)');
      return this.render(await this.repo.list({ numbers, categoryCodes: [...services], limit: MAX_REQUESTS }));
    }
    let codes = [...services];
    const sc = f.get('service_code');
    if (sc !== undefined) {
      codes = sc
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = codes.filter((c) => !services.has(c));
      if (!codes.length || bad.length)
        throw new Open311Error(400, `service_code ${bad.join(',') || '(empty)'} is not a service; see services.json`);
    }
    let statuses: readonly CaseStatus[] | undefined;
    const status = f.get('status');
    if (status !== undefined) {
      const wanted = status.split(',').map((s) => s.trim());
      if (wanted.some((s) => s !== 'open' && s !== 'closed')) throw new Open311Error(400, 'status must be open or closed');
      statuses = [...(wanted.includes('open') ? OPEN : []), ...(wanted.includes('closed') ? CLOSED : [])];
    }
    const date = (k: string): number | undefined => {
      const v = f.get(k);
      if (v === undefined) return undefined;
      const t = /^\d{4}-\d{2}-\d{2}/.test(v) ? Date.parse(v) : NaN;
      if (Number.isNaN(t)) throw new Open311Error(400, `${k} must be an ISO-8601 date-time (e.g. 2026-11-01T00:00:00+08:00)`);
      return t;
    };
    let start = date('start_date');
    let end = date('end_date');
    if (start !== undefined && end !== undefined) {
      if (end < start) throw new Open311Error(400, 'end_date must not be before start_date');
      if (end - start > WINDOW_MS) throw new Open311Error(400, 'start_date and end_date must be at most 90 days apart');
    } else if (start !== undefined) end = start + WINDOW_MS;
    else {
      end ??= this.deps.ctx.now();
      start = end - WINDOW_MS;
    }
    const rows = await this.repo.list({
      categoryCodes: codes,
      statuses,
      from: new Date(start),
      to: new Date(end),
      limit: MAX_REQUESTS,
    });
    return this.render(rows);
  }

  /** `GET requests/{id}`. */
  async one(number: string): Promise<Open311Request[]> {
    const n = number.trim().toUpperCase();
    if (!/^[A-Z]{2}\d{13}$/.test(n)) throw new Open311Error(404, `service_request_id ${number} not found`);
    const services = this.serviceCategories().map((c) => c.code);
    const rows = await this.repo.list({ numbers: [n], categoryCodes: services, limit: 1 });
    if (!rows.length) throw new Open311Error(404, `service_request_id ${number} not found`);
    return this.render(rows);
  }

  private async render(rows: CaseRecord[]): Promise<Open311Request[]> {
    const ids = rows.map((r) => r.id);
    const [annexes, notes] = await Promise.all([this.repo.annexes(ids), this.repo.notes(ids, Object.keys(PUBLIC_NOTES))]);
    const last = new Map<string, NoteRow>();
    for (const n of notes) last.set(n.caseId, n);
    const iso = (t: number) => new Date(t).toISOString();
    return rows.map((c) => {
      const note = last.get(c.id);
      const closed = CLOSED.includes(c.status);
      return {
        service_request_id: c.number,
        status: closed ? 'closed' : 'open',
        status_notes: note ? maskContacts(PUBLIC_NOTES[note.action]!(note)) : null,
        service_name: this.deps.categories.get(c.categoryCode)?.name ?? null,
        service_code: c.categoryCode,
        description: maskContacts(c.description),
        agency_responsible: c.departmentName,
        service_notice: null,
        requested_datetime: iso(c.createdAt),
        updated_datetime: iso(c.updatedAt),
        expected_datetime: closed ? null : iso(c.deadlineAt),
        address: c.address,
        address_id: null,
        zipcode: null,
        lat: c.lat,
        long: c.lon,
        media_url: annexes.get(c.id)?.mediaUrl ?? null,
      };
    });
  }
}

/** The cases module's refusals in Open311's terms. */
function toOpen311(e: DomainError): Open311Error {
  const status = e.code === 'forbidden' || e.code === 'unauthorized' ? 403 : e.code === 'not_found' ? 404 : 400;
  const fields = e.errors.map((x) => `${x.path.replace(/^\/body\//, '').replace('location', 'lat/long')}: ${x.message}`);
  return new Open311Error(status, fields.length ? fields.join('; ') : e.message);
}

/**
 * SQL behind NGSI-LD entity queries. Type, id and q filters become WHERE clauses over
 * `sensing_devices` with EXISTS probes into `sensing_latest` (its primary key is
 * (device_id, property), so each probe is one index lookup), and paging and counting happen in
 * the database. Only idPattern and the exact geo test need JS: then just (id, type, lon, lat) of
 * the SQL-narrowed candidates are read, refined, paged, and the page's rows fetched.
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../../kernel/db/database.js';
import type { DeviceScope } from '../sensing-types.js';
import type { DeviceTypeDef } from '../thing-model.js';
import { distanceMetres, matchesGeo, type GeoQuery } from './geo-query.js';
import { NgsiLdError } from './ngsi-ld-errors.js';
import type { QNode, QTerm, QValue } from './query-language.js';

/** A device as an entity needs it. */
export interface EntityRow {
  id: string;
  type: string;
  name: string;
  lon: number;
  lat: number;
  metadata: Record<string, unknown>;
  /** Owner and areas, for department scoping. */
  departmentCode: string | null;
  districtCode: string | null;
  streetCode: string | null;
  communityCode: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A stored latest value. */
export interface LatestRow {
  property: string;
  ts: number;
  num: number | null;
  text: string | null;
}

/** What selects entities. Every member narrows (AND); empty lists match nothing. */
export interface EntityFilter {
  types?: string[];
  /** Exact entity ids, already split into type and device id. */
  ids?: Array<{ type: string; deviceId: string }>;
  idPattern?: RegExp;
  q?: QNode;
  /** Entities having at least one of these attributes (NGSI-LD `attrs` as a selector). */
  anyAttrs?: string[];
  geo?: GeoQuery;
  /** Department scoping of the caller (absent: city-wide). */
  scope?: DeviceScope;
}

/** Attributes every device has, whatever it reported. */
export const ALWAYS_PRESENT = new Set(['name', 'location']);

/** Rows per IN list (under both dialects' bound-parameter limits). */
const IN_BATCH = 500;

type EB = ExpressionBuilder<any, any>;

/** Reads devices and their latest values for the NGSI-LD API. */
export class EntityStore {
  constructor(
    private readonly db: Database,
    private readonly types: () => DeviceTypeDef[],
  ) {}

  /** A page of matching entities (by id, or by distance for `near`) and, when asked, the total. */
  async query(filter: EntityFilter, limit: number, offset: number, count: boolean): Promise<{ rows: EntityRow[]; total: number | null }> {
    const base = this.db.kysely.selectFrom('sensing_devices as d').where((eb) => this.where(eb, filter));
    if (filter.idPattern || filter.geo) {
      const candidates = await base.select(['d.id', 'd.type', 'd.lon', 'd.lat']).orderBy('d.id').execute();
      let hits = candidates.map((c) => ({ id: c.id as string, type: c.type as string, lon: Number(c.lon), lat: Number(c.lat) }));
      if (filter.idPattern) {
        const re = filter.idPattern;
        hits = hits.filter((h) => re.test(entityId(h.type, h.id)));
      }
      const geo = filter.geo;
      if (geo) {
        hits = hits.filter((h) => matchesGeo(geo, h.lon, h.lat));
        if (geo.rel === 'near') {
          const at = geo.geometry.coordinates as [number, number];
          const d = new Map(hits.map((h) => [h.id, distanceMetres([h.lon, h.lat], at)]));
          hits.sort((a, b) => d.get(a.id)! - d.get(b.id)! || (a.id < b.id ? -1 : 1));
        }
      }
      const page = hits.slice(offset, offset + limit).map((h) => h.id);
      const rows = await this.byIds(page);
      const order = new Map(page.map((id, i) => [id, i]));
      rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
      return { rows, total: count ? hits.length : null };
    }
    const total = count ? Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0) : null;
    const rows = limit === 0 ? [] : await base.selectAll('d').orderBy('d.id').limit(limit).offset(offset).execute();
    return { rows: rows.map((r) => this.row(r)), total };
  }

  /** One device by id (any type), or undefined. */
  async get(deviceId: string): Promise<EntityRow | undefined> {
    const r = await this.db.kysely.selectFrom('sensing_devices').selectAll().where('id', '=', deviceId).executeTakeFirst();
    return r ? this.row(r) : undefined;
  }

  /** Devices by id (order not kept). */
  async byIds(ids: string[]): Promise<EntityRow[]> {
    const out: EntityRow[] = [];
    for (let i = 0; i < ids.length; i += IN_BATCH) {
      const rows = await this.db.kysely
        .selectFrom('sensing_devices')
        .selectAll()
        .where('id', 'in', ids.slice(i, i + IN_BATCH))
        .execute();
      for (const r of rows) out.push(this.row(r));
    }
    return out;
  }

  /** Latest values of each device, keyed by device id. */
  async latest(ids: string[]): Promise<Map<string, LatestRow[]>> {
    const out = new Map<string, LatestRow[]>();
    for (let i = 0; i < ids.length; i += IN_BATCH) {
      const rows = await this.db.kysely
        .selectFrom('sensing_latest')
        .select(['device_id', 'property', 'ts', 'num_value', 'text_value'])
        .where('device_id', 'in', ids.slice(i, i + IN_BATCH))
        .orderBy('device_id')
        .orderBy('property')
        .execute();
      for (const r of rows) {
        let list = out.get(r.device_id);
        if (!list) out.set(r.device_id, (list = []));
        list.push({
          property: r.property,
          ts: this.db.sql.readTime(r.ts).getTime(),
          num: r.num_value === null || r.num_value === undefined ? null : Number(r.num_value),
          text: r.text_value ?? null,
        });
      }
    }
    return out;
  }

  /** Entity counts per type (types that have devices the caller may see). */
  async typeCounts(scope?: DeviceScope): Promise<Map<string, number>> {
    const rows = await this.db.kysely
      .selectFrom('sensing_devices as d')
      .where((eb) => this.where(eb, { scope }))
      .select(['d.type', (eb) => eb.fn.countAll().as('n')])
      .groupBy('d.type')
      .orderBy('d.type')
      .execute();
    return new Map(rows.map((r) => [r.type as string, Number(r.n)]));
  }

  /** How many devices of each type reported each property. */
  async attributeCounts(scope?: DeviceScope): Promise<Array<{ type: string; property: string; n: number }>> {
    const rows = await this.db.kysely
      .selectFrom('sensing_latest as l')
      .innerJoin('sensing_devices as d', 'd.id', 'l.device_id')
      .where((eb) => this.where(eb, { scope }))
      .select(['d.type', 'l.property', (eb) => eb.fn.countAll().as('n')])
      .groupBy(['d.type', 'l.property'])
      .orderBy('d.type')
      .orderBy('l.property')
      .execute();
    return rows.map((r) => ({ type: r.type as string, property: r.property as string, n: Number(r.n) }));
  }

  private where(eb: EB, f: EntityFilter): Expression<SqlBool> {
    const parts: Expression<SqlBool>[] = [];
    if (f.types) parts.push(f.types.length ? eb('d.type', 'in', f.types) : sql<SqlBool>`1 = 0`);
    if (f.ids) {
      parts.push(
        f.ids.length ? eb.or(f.ids.map((i) => eb.and([eb('d.id', '=', i.deviceId), eb('d.type', '=', i.type)]))) : sql<SqlBool>`1 = 0`,
      );
    }
    if (f.anyAttrs && !f.anyAttrs.some((a) => ALWAYS_PRESENT.has(a))) {
      parts.push(
        f.anyAttrs.length
          ? eb.exists(
              eb
                .selectFrom('sensing_latest as la')
                .select(sql.lit(1).as('one'))
                .whereRef('la.device_id', '=', 'd.id')
                .where('la.property', 'in', f.anyAttrs),
            )
          : sql<SqlBool>`1 = 0`,
      );
    }
    if (f.geo?.bbox) {
      const [x0, y0, x1, y1] = f.geo.bbox;
      parts.push(eb.and([eb('d.lon', '>=', x0), eb('d.lon', '<=', x1), eb('d.lat', '>=', y0), eb('d.lat', '<=', y1)]));
    }
    if (f.q) parts.push(this.qExpr(eb, f.q));
    if (f.scope) {
      const { departmentCodes, areaCodes } = f.scope;
      const any: Expression<SqlBool>[] = [];
      if (departmentCodes.length) any.push(eb('d.department_code', 'in', [...departmentCodes]));
      if (areaCodes.length) for (const c of ['d.district_code', 'd.street_code', 'd.community_code']) any.push(eb(c, 'in', [...areaCodes]));
      parts.push(any.length ? eb.or(any) : sql<SqlBool>`1 = 0`);
    }
    return parts.length ? eb.and(parts) : sql<SqlBool>`1 = 1`;
  }

  private qExpr(eb: EB, node: QNode): Expression<SqlBool> {
    if (node.kind === 'term') return this.termExpr(eb, node);
    const items = node.items.map((n) => this.qExpr(eb, n));
    return node.kind === 'and' ? eb.and(items) : eb.or(items);
  }

  private termExpr(eb: EB, t: QTerm): Expression<SqlBool> {
    if (t.attr === 'name' || t.attr === 'location') {
      if (!t.op) return sql<SqlBool>`1 = 1`;
      if (t.attr === 'location') throw new NgsiLdError('OperationNotSupported', 'q cannot compare location; use georel');
      if (t.sub) return sql<SqlBool>`1 = 0`; // name has no observedAt or unit
      return this.compare(eb, 'd.name', t, (v) => (typeof v === 'string' ? v : null));
    }
    if (t.attr === 'dateObserved') {
      const newest = eb
        .selectFrom('sensing_latest as lm')
        .select((e) => e.fn.max('lm.ts').as('m'))
        .whereRef('lm.device_id', '=', 'd.id');
      if (!t.op) return eb.exists(eb.selectFrom('sensing_latest as lm').select(sql.lit(1).as('one')).whereRef('lm.device_id', '=', 'd.id'));
      return this.compare(eb, newest, t, (v) => timeParam(v, t.attr));
    }
    if (this.isStaticAttribute(t.attr))
      throw new NgsiLdError(
        'OperationNotSupported',
        `q on ${t.attr}, a static attribute of the thing model, is not supported; filter on measured properties`,
      );
    if (t.sub === 'unitCode') {
      // A unit is fixed per type and property: the term becomes a filter on the device's type.
      const wanted = this.types()
        .filter((ty) => ty.properties.some((p) => p.name === t.attr && p.unitCode !== undefined && unitMatches(p.unitCode, t)))
        .map((ty) => ty.code);
      return wanted.length ? eb.and([eb('d.type', 'in', wanted), this.exists(eb, t.attr, null)]) : sql<SqlBool>`1 = 0`;
    }
    if (!t.op || !t.operand) return this.exists(eb, t.attr, null);
    if (t.sub === 'observedAt') return this.exists(eb, t.attr, (e) => this.compare(e, 'l.ts', t, (v) => timeParam(v, t.attr)));
    const sample = t.operand.kind === 'value' ? t.operand.value : t.operand.kind === 'range' ? t.operand.low : t.operand.values[0]!;
    if (typeof sample === 'string')
      return this.exists(eb, t.attr, (e) => this.compare(e, 'l.text_value', t, (v) => (typeof v === 'string' ? v : null)));
    return this.exists(eb, t.attr, (e) =>
      this.compare(e, 'l.num_value', t, (v) => (typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : null)),
    );
  }

  private exists(eb: EB, property: string, cond: ((e: EB) => Expression<SqlBool>) | null): Expression<SqlBool> {
    let sub = eb
      .selectFrom('sensing_latest as l')
      .select(sql.lit(1).as('one'))
      .whereRef('l.device_id', '=', 'd.id')
      .where('l.property', '=', property);
    if (cond) sub = sub.where((e) => cond(e));
    return eb.exists(sub);
  }

  /** `column op operand`, where `param` converts each literal (null: not comparable → no match). */
  private compare(eb: EB, column: any, t: QTerm, param: (v: QValue) => unknown): Expression<SqlBool> {
    const o = t.operand!;
    const negate = t.op === '!=';
    if (o.kind === 'range') {
      const lo = param(o.low);
      const hi = param(o.high);
      if (lo === null || hi === null) return sql<SqlBool>`1 = 0`;
      const inRange = eb.and([eb(column, '>=', lo), eb(column, '<=', hi)]);
      return negate ? eb.not(inRange) : inRange;
    }
    if (o.kind === 'list') {
      const vals = o.values.map(param).filter((v) => v !== null);
      if (vals.length === 0) return negate ? sql<SqlBool>`1 = 1` : sql<SqlBool>`1 = 0`;
      return eb(column, negate ? 'not in' : 'in', vals);
    }
    const v = param(o.value);
    if (v === null) return negate ? sql<SqlBool>`1 = 1` : sql<SqlBool>`1 = 0`;
    return eb(column, t.op === '==' ? '=' : t.op === '!=' ? '<>' : t.op!, v);
  }

  private isStaticAttribute(name: string): boolean {
    return this.types().some((ty) => ty.attributes.some((a) => a.name === name) && !ty.properties.some((p) => p.name === name));
  }

  private row(r: Record<string, any>): EntityRow {
    return {
      id: r.id,
      type: r.type,
      name: r.name,
      lon: Number(r.lon),
      lat: Number(r.lat),
      metadata: this.db.sql.readJson<Record<string, unknown>>(r.metadata),
      departmentCode: r.department_code ?? null,
      districtCode: r.district_code ?? null,
      streetCode: r.street_code ?? null,
      communityCode: r.community_code ?? null,
      createdAt: this.db.sql.readTime(r.created_at).getTime(),
      updatedAt: this.db.sql.readTime(r.updated_at).getTime(),
    };
  }
}

/** The NGSI-LD id of a device (CONTRACT.md). */
export function entityId(type: string, deviceId: string): string {
  return `urn:ngsi-ld:${type}:${deviceId}`;
}

/** Splits `urn:ngsi-ld:<type>:<deviceId>`; null when the id does not have that form. */
export function parseEntityId(id: string): { type: string; deviceId: string } | null {
  const m = /^urn:ngsi-ld:([A-Za-z][A-Za-z0-9_]*):([A-Za-z0-9][A-Za-z0-9_.-]{0,63})$/.exec(id);
  return m ? { type: m[1]!, deviceId: m[2]! } : null;
}

function timeParam(v: QValue, attr: string): Date | null {
  if (typeof v !== 'string') return null;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new NgsiLdError('BadRequestData', `q: ${attr} compares with a date-time; ${v} is not one`);
  return new Date(t);
}

function unitMatches(unit: string, t: QTerm): boolean {
  if (!t.op || !t.operand) return true;
  const o = t.operand;
  const hit = o.kind === 'value' ? o.value === unit : o.kind === 'list' ? o.values.includes(unit) : false;
  return t.op === '!=' ? !hit : t.op === '==' ? hit : false;
}

/**
 * Writes through NGSI-LD: creating an entity registers a device; attribute updates of measured
 * properties are readings through the same ingestion path as HTTP and MQTT (validated against the
 * thing model, `observedAt` → the reading's time, durable before the answer); `name`, `location`
 * and the thing model's static attributes change the device record (audited, with events).
 *
 * Updates are all-or-nothing per request where values are wrong: every value is validated first
 * (the validator is pure), so a bad value answers 400 naming the attribute and nothing is stored.
 * Attributes the entity cannot have are reported as not updated (207), as CIM 009 asks.
 */
import { inScope, type DevicesService, type UpdateDeviceInput } from '../devices.service.js';
import type { DeviceTypesService } from '../device-types.service.js';
import type { IngestService } from '../ingest.service.js';
import { validateReadings } from '../reading-validator.js';
import type { DeviceScope } from '../sensing-types.js';
import type { DeviceTypeDef } from '../thing-model.js';
import { resolveTerm, type RequestContext } from './json-ld-context.js';
import { parseEntityId, type EntityStore } from './entity-store.js';
import { badRequest, NgsiLdError } from './ngsi-ld-errors.js';

/** Outcome of an attribute update (CIM 009 UpdateResult), attribute names in the caller's terms. */
export interface UpdateResult {
  updated: string[];
  notUpdated: Array<{ attributeName: string; reason: string }>;
}

/** What the writer is built on. */
export interface EntityWriterDeps {
  devices: DevicesService;
  types: DeviceTypesService;
  ingest: IngestService;
  store: EntityStore;
  now: () => number;
}

/** Members of an entity body that are not attributes. */
const RESERVED = new Set(['id', 'type', '@context', 'scope', 'createdAt', 'modifiedAt']);

/** One attribute of a fragment, sorted by what it changes. */
type Planned =
  | { kind: 'reading'; term: string; name: string; value: unknown; ts: number | undefined }
  | { kind: 'device'; term: string; name: 'name' | 'location'; value: unknown }
  | { kind: 'metadata'; term: string; name: string; value: unknown }
  | { kind: 'skip'; term: string; reason: string };

/** Creates, updates and deletes entities (devices). */
export class EntityWriter {
  constructor(private readonly deps: EntityWriterDeps) {}

  /**
   * Creates the device behind an entity. Its token is not returned (NGSI-LD has no place for
   * it): the device gets one through `POST /api/v1/sensing/devices/{id}/token`.
   */
  async create(actor: string, body: unknown, ctx: RequestContext): Promise<string> {
    const entity = asObject(body, 'The entity');
    const { id, type, deviceId } = this.identify(entity, ctx);
    const def = this.typeOrThrow(type);
    const plan = this.plan(entity, def, ctx);
    const skipped = plan.filter((p): p is Extract<Planned, { kind: 'skip' }> => p.kind === 'skip');
    if (skipped.length) throw badRequest(skipped.map((s) => `${s.term}: ${s.reason}`).join('; '));
    const loc = plan.find((p): p is Extract<Planned, { kind: 'device' }> => p.kind === 'device' && p.name === 'location');
    if (!loc) throw badRequest('location is required: a device is placed on the city map (GeoProperty Point)');
    const name = plan.find((p): p is Extract<Planned, { kind: 'device' }> => p.kind === 'device' && p.name === 'name');
    const readings = this.readings(plan, def);
    const metadata = Object.fromEntries(plan.flatMap((p) => (p.kind === 'metadata' ? [[p.name, p.value]] : [])));
    if (await this.deps.store.get(deviceId)) throw new NgsiLdError('AlreadyExists', `Entity ${id} exists already`);
    await this.deps.devices.create(actor, {
      id: deviceId,
      type: def.code,
      name: name ? stringValue(name.value, 'name') : deviceId,
      location: pointOf(loc.value),
      ...(Object.keys(metadata).length ? { metadata } : {}),
    });
    if (readings.length) await this.deps.ingest.ingest(deviceId, readings, { channel: 'http' });
    return id;
  }

  /**
   * Updates attributes of an existing entity. Every property of the thing model counts as an
   * attribute of the entity, reported yet or not, so PATCH can carry a device's first value;
   * `noOverwrite` (append with options=noOverwrite) leaves the attributes that have a value.
   */
  async updateAttrs(
    actor: string,
    id: string,
    fragment: unknown,
    ctx: RequestContext,
    mode: { noOverwrite: boolean; scope?: DeviceScope | null },
  ): Promise<UpdateResult> {
    const device = await this.deviceOf(id, mode.scope);
    const def = this.typeOrThrow(device.type);
    const plan = this.plan(asObject(fragment, 'The attributes'), def, ctx);
    if (plan.length === 0) throw badRequest('No attributes to update');
    const present = new Set((await this.deps.store.latest([device.id])).get(device.id)?.map((l) => l.property) ?? []);
    const result: UpdateResult = { updated: [], notUpdated: [] };
    const apply: Planned[] = [];
    for (const p of plan) {
      if (p.kind === 'skip') result.notUpdated.push({ attributeName: p.term, reason: p.reason });
      else if (
        mode.noOverwrite &&
        (p.kind === 'reading' ? present.has(p.name) : p.kind === 'metadata' ? device.metadata[p.name] !== undefined : true)
      )
        result.notUpdated.push({ attributeName: p.term, reason: 'exists already (options=noOverwrite)' });
      else apply.push(p);
    }
    const readings = this.readings(apply, def);
    const change: UpdateDeviceInput = {};
    for (const p of apply) {
      if (p.kind === 'device' && p.name === 'name') change.name = stringValue(p.value, p.term);
      if (p.kind === 'device' && p.name === 'location') change.location = pointOf(p.value);
      if (p.kind === 'metadata') change.metadata = { ...(change.metadata ?? device.metadata), [p.name]: p.value };
    }
    if (Object.keys(change).length) await this.deps.devices.update(actor, device.id, change);
    if (readings.length) {
      const r = await this.deps.ingest.ingest(device.id, readings, { channel: 'http' });
      // Validated above with the same pure validator; a refusal here means the clock moved past a limit.
      if (r.rejected.length) throw badRequest(r.rejected.map((x) => `${x.property ?? 'observedAt'}: ${x.reason}`).join('; '));
    }
    result.updated = apply.map((p) => p.term);
    return result;
  }

  /** Updates one attribute (`PATCH …/attrs/{attr}`); 404 when the entity cannot have it. */
  async updateAttr(
    actor: string,
    id: string,
    attrTerm: string,
    body: unknown,
    ctx: RequestContext,
    scope?: DeviceScope | null,
  ): Promise<void> {
    const device = await this.deviceOf(id, scope);
    const def = this.typeOrThrow(device.type);
    const name = resolveTerm(ctx, attrTerm);
    if (!isAttributeOf(def, name)) throw new NgsiLdError('ResourceNotFound', `${id} has no attribute ${attrTerm}`);
    const result = await this.updateAttrs(actor, id, { [attrTerm]: body }, ctx, { noOverwrite: false, scope });
    if (result.notUpdated.length) throw badRequest(`${attrTerm}: ${result.notUpdated[0]!.reason}`);
  }

  /** Deletes the device behind an entity (its telemetry is purged by the retention job). */
  async remove(actor: string, id: string, scope?: DeviceScope | null): Promise<void> {
    const device = await this.deviceOf(id, scope);
    await this.deps.devices.remove(actor, device.id);
  }

  /** Whether an entity exists. */
  async exists(id: string): Promise<boolean> {
    const parsed = parseEntityId(id);
    if (!parsed) return false;
    const d = await this.deps.store.get(parsed.deviceId);
    return d !== undefined && d.type === parsed.type;
  }

  private identify(entity: Record<string, unknown>, ctx: RequestContext): { id: string; type: string; deviceId: string } {
    const id = entity.id;
    if (typeof id !== 'string' || id === '') throw badRequest('id is required (urn:ngsi-ld:<type>:<deviceId>)');
    if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(id)) throw badRequest(`id ${id} is not a URI`);
    if (typeof entity.type !== 'string' || entity.type === '') throw badRequest('type is required');
    const type = resolveTerm(ctx, entity.type);
    const parsed = parseEntityId(id);
    if (!parsed)
      throw badRequest(
        `id ${id}: entities here are devices with ids urn:ngsi-ld:<type>:<deviceId> (deviceId: letters, digits, "_", "." or "-")`,
      );
    if (parsed.type !== type) throw badRequest(`id ${id} names type ${parsed.type} but type is ${type}`);
    return { id, type, deviceId: parsed.deviceId };
  }

  /** The device behind an entity id; outside the caller's scope it does not exist (nothing leaks). */
  private async deviceOf(id: string, scope?: DeviceScope | null) {
    const parsed = parseEntityId(id);
    const row = parsed ? await this.deps.store.get(parsed.deviceId) : undefined;
    if (!parsed || !row || row.type !== parsed.type || (scope && !inScope(row, scope)))
      throw new NgsiLdError('ResourceNotFound', `No entity ${id}`);
    return row;
  }

  private typeOrThrow(code: string): DeviceTypeDef {
    const def = this.deps.types.get(code);
    if (!def) throw badRequest(`type ${code} is not a device type; see GET /ngsi-ld/v1/types or /api/v1/sensing/device-types`);
    return def;
  }

  private plan(entity: Record<string, unknown>, def: DeviceTypeDef, ctx: RequestContext): Planned[] {
    const out: Planned[] = [];
    for (const [term, raw] of Object.entries(entity)) {
      if (RESERVED.has(term)) continue;
      const name = resolveTerm(ctx, term);
      const attr = readAttribute(raw, term);
      if (attr.kind === 'Relationship') {
        out.push({ kind: 'skip', term, reason: 'Relationships are not stored for devices' });
        continue;
      }
      if (name === 'name' || name === 'location') out.push({ kind: 'device', term, name, value: attr.value });
      else if (name === 'dateObserved') out.push({ kind: 'skip', term, reason: 'is derived from the observations (observedAt)' });
      else if (def.properties.some((p) => p.name === name))
        out.push({ kind: 'reading', term, name, value: attr.value, ts: attr.observedAt });
      else if (def.attributes.some((a) => a.name === name)) out.push({ kind: 'metadata', term, name, value: attr.value });
      else
        out.push({
          kind: 'skip',
          term,
          reason: `is not an attribute of ${def.code} (${[...def.properties.map((p) => p.name), ...def.attributes.map((a) => a.name), 'name', 'location'].join(', ')})`,
        });
    }
    return out;
  }

  /** Groups measured values by observedAt into readings and validates them (pure), or throws 400 naming the attributes. */
  private readings(plan: Planned[], def: DeviceTypeDef): Array<{ ts?: number; values: Record<string, unknown> }> {
    const groups = new Map<number | undefined, { terms: Map<string, string>; values: Record<string, unknown> }>();
    for (const p of plan) {
      if (p.kind !== 'reading') continue;
      let g = groups.get(p.ts);
      if (!g) groups.set(p.ts, (g = { terms: new Map(), values: {} }));
      g.values[p.name] = p.value;
      g.terms.set(p.name, p.term);
    }
    const list = [...groups.entries()];
    const readings = list.map(([ts, g]) => (ts === undefined ? { values: g.values } : { ts, values: g.values }));
    if (readings.length === 0) return readings;
    const { rejected } = validateReadings(readings, def, this.deps.now());
    if (rejected.length) {
      const named = rejected.map((r) => {
        const g = list[r.index]![1];
        const term =
          r.property && g.terms.has(r.property)
            ? g.terms.get(r.property)!
            : r.property === 'ts'
              ? `${[...g.terms.values()].join(', ')} (observedAt)`
              : (r.property ?? '?');
        return `${term}: ${r.reason}`;
      });
      throw badRequest(named.join('; '));
    }
    return readings;
  }
}

/** Whether a platform attribute name belongs to the type (or every device). */
export function isAttributeOf(def: DeviceTypeDef, name: string): boolean {
  return (
    name === 'name' ||
    name === 'location' ||
    name === 'dateObserved' ||
    def.properties.some((p) => p.name === name) ||
    def.attributes.some((a) => a.name === name)
  );
}

/** Reads an attribute in normalized form (`{type, value, observedAt}`) or as a bare value (concise / keyValues). */
function readAttribute(raw: unknown, term: string): { kind: string; value: unknown; observedAt: number | undefined } {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const o = raw as Record<string, unknown>;
    if (o.type === 'Relationship' || 'object' in o) return { kind: 'Relationship', value: o.object, observedAt: undefined };
    if (o.type === 'Property' || o.type === 'GeoProperty' || 'value' in o) {
      if (!('value' in o)) throw badRequest(`${term}: a ${String(o.type)} needs a value`);
      let observedAt: number | undefined;
      if (o.observedAt !== undefined) {
        observedAt = typeof o.observedAt === 'string' ? Date.parse(o.observedAt) : NaN;
        if (Number.isNaN(observedAt)) throw badRequest(`${term}: observedAt must be an ISO 8601 date-time`);
      }
      return { kind: String(o.type ?? 'Property'), value: o.value, observedAt };
    }
  }
  return { kind: 'Property', value: raw, observedAt: undefined };
}

function pointOf(v: unknown): { lon: number; lat: number } {
  const g = v as { type?: unknown; coordinates?: unknown } | null;
  const c = g?.coordinates;
  if (!g || g.type !== 'Point' || !Array.isArray(c) || c.length < 2 || typeof c[0] !== 'number' || typeof c[1] !== 'number')
    throw badRequest('location must be a GeoJSON Point {"type":"Point","coordinates":[lon,lat]}');
  return { lon: c[0], lat: c[1] };
}

function stringValue(v: unknown, term: string): string {
  if (typeof v !== 'string') throw badRequest(`${term} must be a string`);
  return v;
}

function asObject(v: unknown, what: string): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw badRequest(`${what} must be a JSON object`);
  return v as Record<string, unknown>;
}

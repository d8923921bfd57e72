/**
 * Rules and alarms as one service: rule CRUD (`/sensing/rules`), the alarms (`this.alarms`), the
 * evaluation of readings ingestion hands over, and the leased `nodata` job.
 *
 * A change to what a rule evaluates (target, property, operator, operands, duration,
 * hysteresis) clears its open alarms and forgets its per-device state: an alarm raised under the
 * old condition would otherwise be judged by the new one, or — when the target moved — never be
 * judged again. Renaming, re-describing or re-colouring a rule keeps them. Disabling or deleting
 * a rule clears its open alarms too; the alarms themselves and their history stay.
 */
import type { Logger } from 'pino';
import type { AuditLog } from '../../../kernel/audit/audit-log.js';
import { actorOf, type Principal } from '../../../kernel/auth/principal.js';
import type { Database } from '../../../kernel/db/database.js';
import { DomainError } from '../../../kernel/errors.js';
import type { EventBus } from '../../../kernel/events/event-bus.js';
import { decodeCursor, encodeCursor } from '../../../kernel/http/list-cursor.js';
import { newId } from '../../../kernel/ids.js';
import type { JobScheduler } from '../../../kernel/jobs/job-scheduler.js';
import { PERCEIVED_SEVERITY, type PerceivedSeverity } from '../alarms/alarm-lifecycle.js';
import { AlarmsService } from '../alarms/alarms.service.js';
import { ALARM_EVENTS, type RuleChangedV1 } from '../alarms/events.js';
import type { DeviceDirectory } from './device-directory.js';
import { DeviceFactsCache } from './device-facts-cache.js';
import { RuleCache } from './rule-cache.js';
import { RuleEvaluator, type EvaluationSummary, type ReadingInput } from './rule-evaluator.js';
import { RuleStateRepository } from './rule-state.repository.js';
import { describeCondition, targetFields, type Rule, type RuleOperator, type Severity } from './rule-types.js';
import { mergeRulePatch, validateRuleInput, type RuleDraft, type RuleInput, type RulePatch } from './rule-validation.js';
import { RulesRepository } from './rules.repository.js';

/** The leased job that checks `nodata` rules. */
export const NODATA_JOB = 'sensing.rules.nodata';
/** How often `nodata` rules are checked: a silence is noticed at most this late. */
export const NODATA_INTERVAL_MS = 15_000;
/** How often a node checks whether another node changed the rules. */
export const RULE_SYNC_INTERVAL_MS = 10_000;

export interface RulesServiceDeps {
  db: Database;
  audit: AuditLog;
  events: EventBus;
  jobs: JobScheduler;
  now: () => number;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  devices: DeviceDirectory;
}

/** A rule as the API shows it. */
export interface RuleView {
  id: string;
  name: string;
  description: string | null;
  deviceId: string | null;
  deviceType: string | null;
  areaCode: string | null;
  property: string;
  operator: RuleOperator;
  threshold: number | null;
  range: [number, number] | null;
  durationSeconds: number;
  clearHysteresis: number;
  severity: Severity;
  perceivedSeverity: PerceivedSeverity;
  enabled: boolean;
  /** `level > 3.2 for 600 s` */
  condition: string;
  revision: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** Query of the rule list. */
export interface RuleListQuery {
  deviceId?: string;
  deviceType?: string;
  areaCode?: string;
  property?: string;
  enabled?: boolean;
  limit?: number;
  cursor?: string;
}

/** Fields whose change restarts the rule (its open alarms clear, its state is forgotten). */
const DEFINITION_FIELDS = ['target', 'property', 'operator', 'threshold', 'range', 'durationSeconds', 'clearHysteresis'] as const;
const COSMETIC_FIELDS = ['name', 'description', 'severity', 'enabled'] as const;

/** Rule CRUD, the rule cache, evaluation of readings and the `nodata` job; `alarms` for the alarms. */
export class RulesService {
  /** The alarms raised by these rules. */
  readonly alarms: AlarmsService;
  readonly #repo: RulesRepository;
  readonly #states: RuleStateRepository;
  readonly #cache: RuleCache;
  readonly #facts: DeviceFactsCache;
  readonly #evaluator: RuleEvaluator;
  #syncTimer: NodeJS.Timeout | null = null;
  #jobDeclared = false;

  constructor(private readonly deps: RulesServiceDeps) {
    this.alarms = new AlarmsService({ db: deps.db, audit: deps.audit, events: deps.events, now: deps.now });
    this.#repo = new RulesRepository(deps.db);
    this.#states = new RuleStateRepository(deps.db);
    this.#cache = new RuleCache(this.#repo);
    this.#facts = new DeviceFactsCache(deps.devices, deps.now);
    this.#evaluator = new RuleEvaluator({
      db: deps.db,
      now: deps.now,
      logger: deps.logger,
      devices: deps.devices,
      facts: this.#facts,
      cache: this.#cache,
      rules: this.#repo,
      states: this.#states,
      alarms: this.alarms,
    });
  }

  /** Loads the rules, declares the `nodata` job, and starts watching for other nodes' changes. */
  async start(): Promise<void> {
    await this.#cache.reload();
    if (!this.#jobDeclared) {
      this.deps.jobs.every({ name: NODATA_JOB, intervalMs: NODATA_INTERVAL_MS, run: async () => void (await this.runNodataTick()) });
      this.#jobDeclared = true;
    }
    this.#syncTimer = setInterval(() => void this.#sync(), RULE_SYNC_INTERVAL_MS);
    this.#syncTimer.unref();
  }

  /** Stops watching (the job stops with the scheduler). */
  async stop(): Promise<void> {
    if (this.#syncTimer) clearInterval(this.#syncTimer);
    this.#syncTimer = null;
  }

  /**
   * Evaluates readings that were just stored. Cheap when no rule watches them (no IO at all);
   * otherwise one transaction for the whole batch.
   */
  handleReadings(batch: readonly ReadingInput[]): Promise<EvaluationSummary> {
    return this.#evaluator.handleReadings(batch);
  }

  /** One `nodata` check of every enabled rule (the job's body; tests call it directly). */
  async runNodataTick(): Promise<EvaluationSummary> {
    await this.#cache.refreshIfChanged();
    return this.#evaluator.runNodataTick();
  }

  /** Re-reads the rules when another node changed them; returns whether it did. */
  refreshIfChanged(): Promise<boolean> {
    return this.#cache.refreshIfChanged();
  }

  /** Forgets cached device facts (the registry changed a device's place or state). */
  invalidateDevice(id?: string): void {
    this.#facts.invalidate(id);
  }

  async list(q: RuleListQuery): Promise<{ items: RuleView[]; next: string | null; total: number }> {
    const limit = q.limit ?? 50;
    const { rows, total } = await this.#repo.list({
      deviceId: q.deviceId,
      deviceType: q.deviceType,
      areaCode: q.areaCode,
      property: q.property,
      enabled: q.enabled,
      afterId: decodeCursor(q.cursor),
      limit,
    });
    return { items: rows.map(toRuleView), next: rows.length === limit ? encodeCursor(rows[rows.length - 1]!.id) : null, total };
  }

  async get(id: string): Promise<RuleView> {
    return toRuleView(await this.#find(id));
  }

  /** Creates a rule; it watches from now on. */
  async create(principal: Principal | null, input: RuleInput): Promise<RuleView> {
    const draft = validateRuleInput(input);
    await this.#checkDevice(draft);
    const id = newId(this.deps.now());
    const actor = actorOf(principal);
    const at = new Date(this.deps.now());
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      await this.#repo.insert(trx, id, draft, actor, at);
      await this.deps.audit.record(trx, { actor, action: 'sensing.rule.created', target: `rule:${id}`, detail: auditDetail(draft) });
      const event: RuleChangedV1 = { ruleId: id, change: 'created', name: draft.name, enabled: draft.enabled };
      await this.deps.events.publish(trx, ALARM_EVENTS.ruleChanged, event);
    });
    await this.#cache.reload();
    return this.get(id);
  }

  /** Changes a rule (see the file comment for what a change does to its open alarms). */
  async update(principal: Principal | null, id: string, patch: RulePatch): Promise<RuleView> {
    const seen = await this.#find(id);
    const firstDraft = mergeRulePatch(seen, patch);
    if (patch.deviceId) await this.#checkDevice(firstDraft);
    const actor = actorOf(principal);
    const at = new Date(this.deps.now());
    const wrote = await this.deps.db.kysely.transaction().execute(async (trx) => {
      const current = await this.#repo.lockForChange(trx, id);
      if (!current) throw new DomainError('not_found', `Rule ${id} does not exist`);
      const draft = current.revision === seen.revision ? firstDraft : mergeRulePatch(current, patch);
      const redefined = DEFINITION_FIELDS.filter((f) => !same(current[f], draft[f]));
      const changed = [...redefined, ...COSMETIC_FIELDS.filter((f) => !same(current[f], draft[f]))];
      if (changed.length === 0) return false;
      const restart = redefined.length > 0 || current.enabled !== draft.enabled;
      if (restart) {
        await this.#states.lockRule(trx, id);
        const reason = redefined.length > 0 ? 'rule_changed' : 'rule_disabled';
        if (redefined.length > 0 || !draft.enabled) await this.alarms.clearAllOfRule(trx, id, { at, reason, actor });
        await this.#states.deleteForRule(trx, id);
      }
      await this.#repo.update(trx, id, draft, restart && draft.enabled, at);
      await this.deps.audit.record(trx, {
        actor,
        action: 'sensing.rule.updated',
        target: `rule:${id}`,
        detail: { changed, ...auditDetail(draft) },
      });
      const event: RuleChangedV1 = { ruleId: id, change: 'updated', name: draft.name, enabled: draft.enabled, changed };
      await this.deps.events.publish(trx, ALARM_EVENTS.ruleChanged, event);
      return true;
    });
    if (wrote) await this.#cache.reload();
    return this.get(id);
  }

  /** Deletes a rule; its open alarms clear, and every alarm keeps its history. */
  async delete(principal: Principal | null, id: string): Promise<void> {
    const actor = actorOf(principal);
    const at = new Date(this.deps.now());
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      const current = await this.#repo.lockForChange(trx, id);
      if (!current) throw new DomainError('not_found', `Rule ${id} does not exist`);
      await this.#states.lockRule(trx, id);
      const cleared = await this.alarms.clearAllOfRule(trx, id, { at, reason: 'rule_deleted', actor });
      await this.#states.deleteForRule(trx, id);
      await this.#repo.delete(trx, id);
      await this.deps.audit.record(trx, {
        actor,
        action: 'sensing.rule.deleted',
        target: `rule:${id}`,
        detail: { name: current.name, clearedAlarms: cleared.length },
      });
      const event: RuleChangedV1 = { ruleId: id, change: 'deleted', name: current.name, enabled: current.enabled };
      await this.deps.events.publish(trx, ALARM_EVENTS.ruleChanged, event);
    });
    await this.#cache.reload();
  }

  async #find(id: string): Promise<Rule> {
    const r = await this.#repo.find(id);
    if (!r) throw new DomainError('not_found', `Rule ${id} does not exist`);
    return r;
  }

  /** A rule for one device must name a device the registry knows. */
  async #checkDevice(d: RuleDraft): Promise<void> {
    if (d.target.kind !== 'device') return;
    const device = await this.deps.devices.getDevice(d.target.deviceId);
    if (!device) {
      throw new DomainError('invalid', `Device ${d.target.deviceId} does not exist`, [
        { path: '/body/deviceId', message: `names no device (${d.target.deviceId}); see GET /api/v1/sensing/devices` },
      ]);
    }
  }

  async #sync(): Promise<void> {
    try {
      await this.#cache.refreshIfChanged();
    } catch (e) {
      this.deps.logger.warn({ err: e }, 'rule cache sync failed; retrying');
    }
  }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function auditDetail(d: RuleDraft): Record<string, unknown> {
  return {
    name: d.name,
    ...targetFields(d.target),
    property: d.property,
    operator: d.operator,
    threshold: d.threshold,
    range: d.range,
    durationSeconds: d.durationSeconds,
    clearHysteresis: d.clearHysteresis,
    severity: d.severity,
    enabled: d.enabled,
  };
}

/** A stored rule as the API shows it. */
export function toRuleView(r: Rule): RuleView {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    ...targetFields(r.target),
    property: r.property,
    operator: r.operator,
    threshold: r.threshold,
    range: r.range,
    durationSeconds: r.durationSeconds,
    clearHysteresis: r.clearHysteresis,
    severity: r.severity,
    perceivedSeverity: PERCEIVED_SEVERITY[r.severity],
    enabled: r.enabled,
    condition: describeCondition(r.property, r),
    revision: r.revision,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

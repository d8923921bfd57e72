/**
 * Runs the pure engine against stored state: readings as they arrive, and the periodic `nodata`
 * tick. For each batch it finds the watching rules in memory (nothing else happens when none
 * does), then in one transaction re-reads those rules, locks the rule × device states, evaluates,
 * and persists the decisions as alarm raises, repeats and clears with their audit records and
 * events.
 *
 * The device directory is asked before the transaction opens: on SQLite the one connection is
 * held by the transaction, and a directory query inside it would wait for ever.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../../kernel/db/database.js';
import type { AlarmsService } from '../alarms/alarms.service.js';
import type { ClearReason } from '../alarms/events.js';
import type { DeviceDirectory, DeviceFacts } from './device-directory.js';
import type { DeviceFactsCache } from './device-facts-cache.js';
import type { RuleCache } from './rule-cache.js';
import { evaluateReadings, evaluateTick, type EngineReading, type RuleDecision } from './rule-engine.js';
import { ruleCoversDevice, type DevicePlace } from './rule-index.js';
import { engineState, pairKey, type RuleStateRepository, type StoredRuleState } from './rule-state.repository.js';
import type { Rule } from './rule-types.js';
import type { RulesRepository } from './rules.repository.js';

/** One reading as ingestion hands it over. */
export interface ReadingInput {
  deviceId: string;
  /** The device's thing model code (`WaterLevel`). */
  deviceType: string;
  property: string;
  ts: Date;
  value: number | string | boolean;
}

/** What an evaluation did (for logs, metrics and tests). */
export interface EvaluationSummary {
  /** Rule × device pairs evaluated. */
  pairs: number;
  raised: number;
  repeated: number;
  cleared: number;
  /** Readings that changed nothing: older than the last evaluated, or not numeric. */
  ignored: number;
}

export interface RuleEvaluatorDeps {
  db: Database;
  now: () => number;
  logger: Pick<Logger, 'warn' | 'error'>;
  devices: DeviceDirectory;
  facts: DeviceFactsCache;
  cache: RuleCache;
  rules: RulesRepository;
  states: RuleStateRepository;
  alarms: AlarmsService;
}

/** The readings of one property of one device that one rule watches. */
interface Work {
  ruleId: string;
  deviceId: string;
  deviceType: string;
  property: string;
  readings: EngineReading[];
}

const emptySummary = (): EvaluationSummary => ({ pairs: 0, raised: 0, repeated: 0, cleared: 0, ignored: 0 });

function placeOf(deviceId: string, deviceType: string, f: DeviceFacts | null): DevicePlace {
  return {
    id: deviceId,
    type: deviceType,
    gridCode: f?.gridCode ?? null,
    communityCode: f?.communityCode ?? null,
    streetCode: f?.streetCode ?? null,
    districtCode: f?.districtCode ?? null,
  };
}

/** Silence of a device that never reported counts from when the rule armed or the device was registered, whichever is later. */
function armedSince(rule: Rule, device: DeviceFacts): number {
  return Math.max(rule.armedAt.getTime(), device.createdAt.getTime());
}

/** Evaluates readings and `nodata` ticks against stored state and persists the decisions. */
export class RuleEvaluator {
  #serial: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: RuleEvaluatorDeps) {}

  /**
   * Evaluates a batch of readings against every rule that watches them. Batches that some rule
   * watches are evaluated one after another in the order they were handed over, so a later batch
   * can never overtake an earlier one and make its readings look late.
   */
  handleReadings(batch: readonly ReadingInput[]): Promise<EvaluationSummary> {
    const summary = emptySummary();
    const index = this.deps.cache.index;
    if (index.size === 0 || batch.length === 0) return Promise.resolve(summary);

    const work = new Map<string, Work>();
    const areaChecks: Array<{ reading: ReadingInput; rules: readonly Rule[] }> = [];
    for (const r of batch) {
      if (!Number.isFinite(r.ts.getTime())) {
        summary.ignored++;
        continue;
      }
      const c = index.forReading(r.deviceId, r.deviceType, r.property);
      for (const rule of c.rules) addWork(work, rule, r);
      if (c.areaRules.length) areaChecks.push({ reading: r, rules: c.areaRules });
    }
    if (work.size === 0 && areaChecks.length === 0) return Promise.resolve(summary);

    const run = this.#serial.then(() => this.#evaluate(work, areaChecks, summary));
    this.#serial = run.catch(() => {});
    return run;
  }

  async #evaluate(
    work: Map<string, Work>,
    areaChecks: Array<{ reading: ReadingInput; rules: readonly Rule[] }>,
    summary: EvaluationSummary,
  ): Promise<EvaluationSummary> {
    for (const { reading: r, rules } of areaChecks) {
      const place = placeOf(r.deviceId, r.deviceType, await this.deps.facts.get(r.deviceId));
      for (const rule of rules) if (ruleCoversDevice(rule, place)) addWork(work, rule, r);
    }
    if (work.size === 0) return summary;

    const deviceIds = [...new Set([...work.values()].map((w) => w.deviceId))];
    const facts = new Map(await Promise.all(deviceIds.map(async (id) => [id, await this.deps.facts.get(id)] as const)));
    const now = this.deps.now();
    const at = new Date(now);

    await this.deps.db.kysely.transaction().execute(async (trx) => {
      const fresh = await this.deps.rules.lockForEvaluation(trx, [...new Set([...work.values()].map((w) => w.ruleId))]);
      // Pairs in one global order: two nodes locking overlapping pairs then never deadlock.
      const live = [...work.values()].sort(byPair).filter((w) => {
        const rule = fresh.get(w.ruleId);
        return (
          rule !== undefined &&
          rule.enabled &&
          rule.property === w.property &&
          ruleCoversDevice(rule, placeOf(w.deviceId, w.deviceType, facts.get(w.deviceId) ?? null))
        );
      });
      if (live.length === 0) return;
      await this.deps.states.ensure(trx, live, at);
      const stored = await this.deps.states.lock(trx, live);
      const changed: StoredRuleState[] = [];
      for (const w of live) {
        const rule = fresh.get(w.ruleId)!;
        const before = stored.get(pairKey(w.ruleId, w.deviceId));
        const ev = evaluateReadings(rule, engineState(before), w.readings, now);
        summary.pairs++;
        summary.ignored += ev.ignored;
        let alarmId = before?.alarmId ?? null;
        for (const d of ev.decisions) {
          alarmId = await this.#apply(trx, rule, w, facts.get(w.deviceId) ?? null, alarmId, d, summary);
        }
        const next: StoredRuleState = {
          ruleId: w.ruleId,
          deviceId: w.deviceId,
          pendingSince: ev.state.pendingSince,
          lastValue: ev.state.lastValue,
          lastTs: ev.state.lastTs,
          alarmId,
        };
        if (!before || differs(before, next)) changed.push(next);
      }
      await this.deps.states.save(trx, changed, at);
    });
    return summary;
  }

  /** Persists one decision; returns the open alarm's id afterwards. */
  async #apply(
    trx: Kysely<any>,
    rule: Rule,
    w: Work,
    device: DeviceFacts | null,
    alarmId: string | null,
    d: RuleDecision,
    summary: EvaluationSummary,
  ): Promise<string | null> {
    const at = new Date(d.ts);
    switch (d.kind) {
      case 'raise':
        summary.raised++;
        return this.deps.alarms.raise(trx, { rule, deviceId: w.deviceId, deviceType: w.deviceType, device, value: d.value, at });
      case 'repeat':
        if (alarmId && (await this.deps.alarms.repeat(trx, alarmId, d.value, at))) {
          summary.repeated++;
          return alarmId;
        }
        // The state pointed at an alarm that is not open: forget it, the next breach raises anew.
        this.deps.logger.warn({ ruleId: rule.id, deviceId: w.deviceId, alarmId }, 'rule state named an alarm that is not open');
        return null;
      case 'clear':
        if (alarmId && (await this.deps.alarms.clear(trx, alarmId, { value: d.value, at, reason: 'recovered', actor: 'system' }))) {
          summary.cleared++;
        }
        return null;
    }
  }

  /**
   * The `nodata` tick: raises for covered, enabled devices silent on the property for the rule's
   * duration, and clears open alarms of devices the rule no longer covers (disabled, deleted, or
   * moved out of its area). A first look without locks finds the few pairs that need a change;
   * only those are re-checked under lock and written.
   */
  async runNodataTick(): Promise<EvaluationSummary> {
    const summary = emptySummary();
    for (const rule of this.deps.cache.index.nodataRules()) {
      try {
        await this.#tickRule(rule, summary);
      } catch (e) {
        this.deps.logger.error({ ruleId: rule.id, err: e }, 'nodata check of a rule failed; the next tick retries');
      }
    }
    return summary;
  }

  async #tickRule(cached: Rule, summary: EvaluationSummary): Promise<void> {
    const now = this.deps.now();
    const devices = await this.#devicesOf(cached);
    const covered = new Map(devices.filter((d) => d.enabled && ruleCoversDevice(cached, placeOf(d.id, d.type, d))).map((d) => [d.id, d]));
    const known = new Map(devices.map((d) => [d.id, d]));
    const states = new Map((await this.deps.states.forRule(cached.id)).map((s) => [s.deviceId, s]));

    const silent = [...covered.values()].filter(
      (d) => evaluateTick(cached, engineState(states.get(d.id)), now, armedSince(cached, d)).decision?.kind === 'raise',
    );
    const orphans = [...states.values()].filter((s) => s.alarmId !== null && !covered.has(s.deviceId));
    if (silent.length === 0 && orphans.length === 0) return;

    const at = new Date(now);
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      const rule = (await this.deps.rules.lockForEvaluation(trx, [cached.id])).get(cached.id);
      if (!rule || !rule.enabled || rule.operator !== 'nodata') return;
      const pairs = [...silent.map((d) => d.id), ...orphans.map((s) => s.deviceId)]
        .sort()
        .map((deviceId) => ({ ruleId: rule.id, deviceId }));
      await this.deps.states.ensure(trx, pairs, at);
      const locked = await this.deps.states.lock(trx, pairs);
      const changed: StoredRuleState[] = [];
      for (const d of silent) {
        const before = locked.get(pairKey(rule.id, d.id));
        if (!ruleCoversDevice(rule, placeOf(d.id, d.type, d))) continue;
        const step = evaluateTick(rule, engineState(before), now, armedSince(rule, d));
        if (step.decision?.kind !== 'raise') continue; // a reading arrived since the first look
        summary.pairs++;
        summary.raised++;
        const alarmId = await this.deps.alarms.raise(trx, { rule, deviceId: d.id, deviceType: d.type, device: d, value: null, at });
        changed.push({
          ruleId: rule.id,
          deviceId: d.id,
          pendingSince: null,
          lastValue: before?.lastValue ?? null,
          lastTs: before?.lastTs ?? null,
          alarmId,
        });
      }
      for (const o of orphans) {
        const before = locked.get(pairKey(rule.id, o.deviceId));
        if (!before?.alarmId) continue;
        const reason: ClearReason = known.has(o.deviceId) && !known.get(o.deviceId)!.enabled ? 'device_disabled' : 'device_removed';
        summary.pairs++;
        if (await this.deps.alarms.clear(trx, before.alarmId, { value: null, at, reason, actor: 'system' })) summary.cleared++;
        changed.push({ ...before, pendingSince: null, alarmId: null });
      }
      await this.deps.states.save(trx, changed, at);
    });
  }

  /** The devices a rule's target names, from the directory. */
  async #devicesOf(rule: Rule): Promise<DeviceFacts[]> {
    const t = rule.target;
    if (t.kind === 'device') {
      const d = await this.deps.devices.getDevice(t.deviceId);
      return d ? [d] : [];
    }
    return this.deps.devices.listDevices(t.kind === 'type' ? { type: t.deviceType } : { areaCode: t.areaCode });
  }
}

function addWork(work: Map<string, Work>, rule: Rule, r: ReadingInput): void {
  const k = pairKey(rule.id, r.deviceId);
  let w = work.get(k);
  if (!w) work.set(k, (w = { ruleId: rule.id, deviceId: r.deviceId, deviceType: r.deviceType, property: r.property, readings: [] }));
  w.readings.push({ ts: r.ts.getTime(), value: r.value });
}

function byPair(a: { ruleId: string; deviceId: string }, b: { ruleId: string; deviceId: string }): number {
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  return a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0;
}

function differs(a: StoredRuleState, b: StoredRuleState): boolean {
  return a.pendingSince !== b.pendingSince || a.lastValue !== b.lastValue || a.lastTs !== b.lastTs || a.alarmId !== b.alarmId;
}

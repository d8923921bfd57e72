/**
 * The deadline sweep, a leased job (one node runs it): yellow card at ≥ 80 % of the working time
 * used, red card once overdue; automatic 催办 from the working day after the deadline; 督办
 * (escalation) when more than 5 working days overdue (reference: 通报 when > 5 working days
 * overdue). Merged duplicates are off the clock, so they never go overdue.
 */
import type { KernelContext } from '../../kernel/module.js';
import type { CalendarService } from '../calendar/index.js';
import type { Card, CaseRecord } from './case-types.js';
import type { CasesService } from './cases.service.js';
import { CASE_EVENTS, type CaseCardV1 } from './events.js';
import { CLOCK_STATUSES } from './workflow.js';

/** Yellow card threshold (share of the working time used). */
export const YELLOW_AT = 0.8;
/** Escalate (督办) when overdue by more than this many working days. */
export const ESCALATE_AFTER_WORKING_DAYS = 5;
/** Job name (kernel jobs) and interval. */
export const DEADLINE_JOB = 'cases.deadlines';
export const DEADLINE_JOB_INTERVAL_MS = 60_000;

const SYSTEM = { system: true as const, name: '系统' };

/** What one sweep did. */
export interface SweepResult {
  checked: number;
  yellow: number;
  red: number;
  urged: number;
  escalated: number;
}

/** The card a case deserves at `at`. */
export function cardAt(cases: CasesService, c: CaseRecord, at: number): Card {
  if (at >= c.deadlineAt) return 'red';
  return cases.timeUsed(c, at) >= YELLOW_AT ? 'yellow' : 'none';
}

/** Runs one sweep over every case whose clock runs. */
export async function sweepDeadlines(
  ctx: KernelContext,
  cases: CasesService,
  calendar: CalendarService,
  at: number = ctx.now(),
): Promise<SweepResult> {
  const result: SweepResult = { checked: 0, yellow: 0, red: 0, urged: 0, escalated: 0 };
  let afterId = '';
  for (;;) {
    const batch = await cases.repo.clockRunning(CLOCK_STATUSES, afterId, 500);
    if (batch.length === 0) break;
    afterId = batch.at(-1)!.id;
    for (const c of batch) {
      result.checked++;
      const card = cardAt(cases, c, at);
      if (card !== c.card) {
        const changed = await ctx.db.kysely.transaction().execute(async (trx) => {
          if (!(await cases.repo.update(trx, c.id, c.version, { card }))) return false; // changed meanwhile: next sweep
          await ctx.audit.record(trx, {
            actor: 'system',
            action: 'cases.case.card',
            target: `case:${c.id}`,
            detail: { number: c.number, card, previous: c.card },
          });
          const payload: CaseCardV1 = {
            caseId: c.id,
            number: c.number,
            card,
            previous: c.card,
            departmentCode: c.departmentCode,
            deadline: new Date(c.deadlineAt).toISOString(),
            at: new Date(at).toISOString(),
          };
          await ctx.events.publish(trx, CASE_EVENTS.card, payload);
          return true;
        });
        if (!changed) continue;
        if (card === 'yellow') result.yellow++;
        if (card === 'red') result.red++;
      }
      if (card !== 'red') continue;
      // 催办 the working day after the deadline (once per deadline).
      const urgeFrom = calendar.addWorkingDays(c.deadlineAt, 1);
      if (at >= urgeFrom && (c.urgedAt === null || c.urgedAt < c.deadlineAt)) {
        await cases
          .transition(SYSTEM, c.id, { action: 'urge', comment: `系统自动催办：已超过办理时限（${new Date(c.deadlineAt).toISOString()}）` })
          .then(
            () => result.urged++,
            (e) => ctx.logger.warn({ err: e, case: c.number }, 'automatic urge failed'),
          );
      }
      const overdueDays = calendar.workingDaysBetween(c.deadlineAt, at);
      if (overdueDays > ESCALATE_AFTER_WORKING_DAYS && (c.escalatedAt === null || c.escalatedAt < c.deadlineAt)) {
        await cases.transition(SYSTEM, c.id, { action: 'escalate', comment: `系统自动督办：超期 ${overdueDays} 个工作日` }).then(
          () => result.escalated++,
          (e) => ctx.logger.warn({ err: e, case: c.number }, 'automatic escalation failed'),
        );
      }
    }
  }
  return result;
}

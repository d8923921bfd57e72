/**
 * Events the cases module publishes (outbox, same transaction as the change). Every transition
 * publishes `cases.case.<action>.v1` (e.g. `cases.case.dispatch.v1`); intake publishes
 * `cases.case.created.v1`; the deadline sweep publishes `cases.case.card.v1` when a card changes.
 */
import type { Card } from './case-types.js';
import type { CaseStatus } from './workflow.js';

export const CASE_EVENTS = {
  created: 'cases.case.created.v1',
  card: 'cases.case.card.v1',
  /** `cases.case.<action>.v1` */
  transition: (action: string) => `cases.case.${action}.v1`,
} as const;

/** What every case event says about the case. */
export interface CaseEventV1 {
  caseId: string;
  number: string;
  action: string;
  from: CaseStatus | null;
  to: CaseStatus;
  at: string;
  by: string;
  categoryCode: string;
  departmentCode: string | null;
  gridCode: string | null;
  channel: string;
  deadline: string;
  location: { lon: number; lat: number } | null;
}

/** Payload of `cases.case.card.v1`. */
export interface CaseCardV1 {
  caseId: string;
  number: string;
  card: Card;
  previous: Card;
  departmentCode: string | null;
  deadline: string;
  at: string;
}

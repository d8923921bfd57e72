/**
 * The cases module (数字城管 / 12345 工单): categories, the case workflow, routing, deadlines,
 * classification, duplicates, the IoT path, the public status lookup. This file is the module's
 * only door: other code imports `casesModule`, the `CasesService` type and the shapes below.
 */
import type { ZhichengModule } from '../../kernel/module.js';
import type { CalendarService } from '../calendar/index.js';
import type { GeoService } from '../geo/index.js';
import type { OrgService } from '../org/index.js';
import { ALARM_EVENTS } from '../sensing/index.js';
import { subscribeAlarms, caseFromAlarm } from './alarm-intake.js';
import { CasesService as CasesCore } from './cases.service.js';
import { CategoriesService } from './categories/categories.service.js';
import { createClassifier } from './classifier/index.js';
import { createKnowledge, knowledgeMigrations, seedDemoKnowledge, type KnowledgeService } from './knowledge/index.js';
import type { CaseClassifierPort } from './classification.js';
import { DEADLINE_JOB, DEADLINE_JOB_INTERVAL_MS, sweepDeadlines, type SweepResult } from './deadline-sweep.js';
import { DepartmentDirectory } from './department-directory.js';
import { casesMigrations } from './migrations.js';
import { casesRoutes } from './routes/cases.routes.js';
import { categoriesRoutes } from './routes/categories.routes.js';
import { publicStatusRoutes } from './routes/public-status.routes.js';
import { createOpen311, open311Migrations } from './open311/index.js';
import type { AlarmRaisedV1 } from '../sensing/index.js';

export type { CaseDetail, CaseView, CaseListQuery, CreateCaseInput, TransitionInput, Channel, RequestType, Card } from './case-types.js';
export type { Category, CategoryNode, CategoryLimit, RoutingRule } from './categories/category-types.js';
export { CASE_EVENTS, type CaseEventV1, type CaseCardV1 } from './events.js';
export { CASE_STATUSES, OPEN_STATUSES, STATUS_LABELS, TRANSITIONS, type CaseStatus, type CaseOutcome } from './workflow.js';
export type { SweepResult } from './deadline-sweep.js';
export type { Actor, CasePage, PublicStatus } from './cases.service.js';
export { generateSeedCorpus, type SeedSample } from './classifier/index.js';

/** The public service of the cases module (Open311, demo seeding, operations, tests). */
export interface CasesService {
  /** Intake, reads and transitions. */
  cases: CasesCore;
  categories: CategoriesService;
  /** The knowledge base (知识库) operators answer consultations from. */
  knowledge: KnowledgeService;
  /** Seeds the demo knowledge articles (demo city only). */
  seedDemoKnowledge(departmentCodeOf: (name: string) => string | null): Promise<number>;
  /** One deadline sweep at `at` (the leased job runs this every minute). */
  sweepDeadlines(at?: number): Promise<SweepResult>;
  /** The IoT path for one alarm (the event subscriber calls this). */
  caseFromAlarm(alarm: AlarmRaisedV1): Promise<string | null>;
  /** Forget cached departments (after the org chart changed in bulk). */
  refreshDepartments(): void;
}

/** The cases module as the composition root starts it (after org, geo, calendar and sensing). */
export const casesModule: ZhichengModule<CasesService> = {
  name: 'cases',
  migrations: { ...casesMigrations, ...knowledgeMigrations, ...open311Migrations },
  async start(ctx, deps) {
    const org = deps.org as OrgService;
    const geo = deps.geo as GeoService;
    const calendar = deps.calendar as CalendarService;
    const departments = new DepartmentDirectory(org, ctx.now);
    const categories = new CategoriesService(ctx, departments);
    await categories.start();
    const cases = new CasesCore({ ctx, geo, calendar, categories, departments });

    // The classifier learns from closed cases' final categories, so operator corrections count.
    const classifier = createClassifier(ctx, () => cases.closedSamples());
    const port: CaseClassifierPort = {
      available: true,
      classify: async (text, k) => (await classifier.service.classify(text, k)).map((c) => ({ label: c.label, score: c.score })),
    };
    cases.classifier = port;
    await classifier.start();
    const knowledge = createKnowledge(ctx);
    const open311 = createOpen311({ ctx, cases, categories, geo });

    const service: CasesService = {
      cases,
      categories,
      knowledge: knowledge.service,
      seedDemoKnowledge: (departmentCodeOf) => seedDemoKnowledge(knowledge.service, departmentCodeOf),
      sweepDeadlines: (at) => sweepDeadlines(ctx, cases, calendar, at ?? ctx.now()),
      caseFromAlarm: (alarm) => caseFromAlarm(ctx, cases, categories, alarm),
      refreshDepartments: () => departments.invalidate(),
    };

    // Another node may change the taxonomy: re-read it now and then (it is small).
    const reloadTimer = setInterval(
      () => void categories.reload().catch((e) => ctx.logger.warn({ err: e }, 'category reload failed')),
      15_000,
    );
    reloadTimer.unref();
    if (ctx.background !== false) {
      subscribeAlarms(ctx, cases, categories, ALARM_EVENTS.raised);
      ctx.jobs.every({ name: DEADLINE_JOB, intervalMs: DEADLINE_JOB_INTERVAL_MS, run: async () => void (await service.sweepDeadlines()) });
    }

    return {
      service,
      routes: async (app) => {
        await app.register(categoriesRoutes(categories));
        await app.register(publicStatusRoutes(cases));
        await app.register(casesRoutes(cases));
        await app.register(classifier.routes);
        await app.register(knowledge.routes);
      },
      rootRoutes: open311.routes,
      stop: async () => {
        clearInterval(reloadTimer);
        await classifier.stop();
      },
    };
  },
};

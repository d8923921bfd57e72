/**
 * The demo city's case history: a deterministic few hundred cases over the last 60 days, across
 * categories, grids, departments and outcomes (closed on time, closed late, returned, reworked,
 * extended, closed not fixed, answered at intake, void, merged duplicates, still open with yellow
 * and red cards), so lists, cards and the evaluation have something real to show.
 *
 * Every case goes through the ordinary intake and transitions on a moved clock, so each one has
 * a true timeline, audit records and events. Two departments are chronically late (住建, 水务).
 */
import type { Principal } from '../../kernel/auth/index.js';
import type { KernelContext } from '../../kernel/module.js';
import type { CalendarService } from '../../modules/calendar/index.js';
import { generateSeedCorpus, type CasesService, type TransitionInput } from '../../modules/cases/index.js';
import type { GeoService } from '../../modules/geo/index.js';
import { permissionsOfRoles, type OrgService } from '../../modules/org/index.js';
import { SeededRandom } from '../seeded-random.js';

/** What the demo history needs. */
export interface DemoCaseServices {
  org: OrgService;
  geo: GeoService;
  calendar: CalendarService;
  cases: CasesService;
}

/** How many cases and over how many days. */
export const DEMO_CASE_COUNT = 300;
export const DEMO_CASE_DAYS = 60;

const H = 3_600_000;
const LATE_DEPARTMENTS = new Set(['市住房和城乡建设局', '示范水务集团']);
const REQUEST_TYPES: Record<string, 'consult' | 'help' | 'complaint' | 'report' | 'suggestion' | 'praise'> = {
  咨询: 'consult',
  求助: 'help',
  投诉: 'complaint',
  举报: 'report',
  建议: 'suggestion',
  表扬: 'praise',
};
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '欧阳'];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '桂兰',
  '建华',
];

/** Writes the demo history; returns how many cases were made. */
export async function seedDemoCases(ctx: KernelContext, s: DemoCaseServices): Promise<number> {
  const started = Date.now();
  const rng = new SeededRandom(20261122);
  const now = ctx.now();
  await routeStreetEventsToDistricts(s);
  const departmentList = await s.org.listDepartments();
  await s.cases.seedDemoKnowledge((name) => departmentList.find((d) => d.name === name)?.code ?? null);
  s.cases.refreshDepartments();

  const principal = async (username: string): Promise<Principal | null> => {
    const u = await s.org.users.findByUsername(username);
    if (!u) return null;
    return {
      kind: 'user',
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      roles: u.roles,
      permissions: permissionsOfRoles(u.roles),
      departmentCode: u.departmentCode,
    };
  };
  const operators = (await Promise.all(['operator1', 'operator2'].map(principal))).filter((p): p is Principal => !!p);
  const dispatchers = (await Promise.all(['dispatcher1', 'dispatcher2'].map(principal))).filter((p): p is Principal => !!p);
  const inspectors = (await s.org.users.withRole('inspector')).slice(0, 20);
  const inspectorPrincipals = (await Promise.all(inspectors.map((u) => principal(u.username)))).filter((p): p is Principal => !!p);
  const handlersByDept = new Map<string, Principal>();
  for (const u of await s.org.users.withRole('handler')) {
    if (u.departmentCode && !handlersByDept.has(u.departmentCode)) {
      const p = await principal(u.username);
      if (p) handlersByDept.set(u.departmentCode, p);
    }
  }
  if (!operators.length || !dispatchers.length || !inspectorPrincipals.length) return 0;

  // Places: grid centres that locate to their own grid, a few hot spots drawing more cases.
  const grids = (await s.geo.areas({ level: 'grid' })).features;
  const places: Array<{ lon: number; lat: number }> = [];
  for (const f of grids) {
    const [a, b, c, d] = f.bbox!;
    const lon = (a + c) / 2;
    const lat = (b + d) / 2;
    if (s.geo.locate(lon, lat)?.grid?.code === f.properties.code) places.push({ lon, lat });
  }
  if (!places.length) return 0;
  const hotSpots = rng.shuffle(places).slice(0, 12);

  const corpus = generateSeedCorpus({ perCategory: 6, seed: 7 });
  const enabled = new Set(
    s.cases.categories
      .list()
      .filter((c) => c.parentCode && c.enabled)
      .map((c) => c.code),
  );
  const samples = corpus.filter((x) => enabled.has(x.label));
  if (!samples.length) return 0;

  // Creation times: more on weekdays and in office hours, oldest first so numbers run in order.
  const times: number[] = [];
  while (times.length < DEMO_CASE_COUNT) {
    const daysBack = rng.range(0, DEMO_CASE_DAYS);
    const t = now - daysBack * 24 * H;
    const local = new Date(t + 8 * H);
    const hour = local.getUTCHours();
    const weekend = local.getUTCDay() === 0 || local.getUTCDay() === 6;
    if (hour < 7 || hour > 21 || (weekend && rng.chance(0.5))) continue;
    if (t > now - 10 * 60_000) continue;
    times.push(Math.round(t));
  }
  times.sort((a, b) => a - b);

  let clock = now;
  const svc = s.cases.cases.withClock(() => clock);
  let made = 0;
  const recentOpen: Array<{ id: string; categoryCode: string; at: number }> = [];

  for (const createdAt of times) {
    clock = createdAt;
    const sample = rng.pick(samples);
    const category = s.cases.categories.get(sample.label)!;
    const requestType = REQUEST_TYPES[sample.requestType] ?? 'complaint';
    const hotline = category.kind === 'hotline';
    const place = rng.chance(0.3) ? rng.pick(hotSpots) : rng.pick(places);
    const operator = rng.pick(operators);
    const dispatcher = rng.pick(dispatchers);
    const phone = `139${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
    const channel =
      category.kind === 'hotline'
        ? rng.chance(0.8)
          ? 'phone'
          : 'web'
        : rng.pick(['inspector', 'inspector', 'phone', 'app', 'web'] as const);
    let c;
    try {
      c = await svc.create(channel === 'inspector' ? rng.pick(inspectorPrincipals) : operator, {
        channel,
        description: sample.text,
        categoryCode: category.code,
        requestType: hotline ? requestType : undefined,
        location: hotline && rng.chance(0.5) ? undefined : place,
        caller: channel === 'inspector' ? undefined : { name: rng.pick(SURNAMES) + rng.pick(GIVEN), phone },
        confidential: channel !== 'inspector' && rng.chance(0.05),
      });
    } catch (e) {
      ctx.logger.warn({ err: e, category: category.code }, 'demo case skipped');
      continue;
    }
    made++;
    const id = c.id;
    const stepTo = async (actor: Principal | null, input: TransitionInput, afterMs: number): Promise<boolean> => {
      const at = clock + Math.max(60_000, Math.round(afterMs));
      if (at >= now) return false; // the future has not happened: the case stays where it is
      clock = at;
      await svc.transition(actor ?? { system: true, name: '处置单位' }, id, input);
      return true;
    };

    // Consultations answered at intake; a few void reports.
    if (hotline && requestType === 'consult' && rng.chance(0.7)) {
      await stepTo(operator, { action: 'answer', comment: '已依据知识库答复市民。' }, rng.range(3, 15) * 60_000);
      continue;
    }
    if (rng.chance(0.04)) {
      await stepTo(dispatcher, { action: 'register' }, rng.range(5, 30) * 60_000);
      await stepTo(dispatcher, { action: 'cancel', reason: '经核实为重复或无效信息' }, rng.range(10, 60) * 60_000);
      continue;
    }
    // Duplicates of a recent open case of the same category get merged into it.
    const original = recentOpen.find((o) => o.categoryCode === category.code && createdAt - o.at < 3 * 24 * H);
    if (original && rng.chance(0.5)) {
      const target = await svc.get(null, original.id, { audit: false });
      // Only while the original is still open (it may have been closed meanwhile).
      if (['dispatched', 'accepted', 'extension_requested', 'return_requested'].includes(target.status)) {
        await stepTo(dispatcher, { action: 'merge', intoId: original.id, comment: '与已有案件为同一问题' }, rng.range(5, 40) * 60_000);
        continue;
      }
    }

    if (!(await stepTo(operator, { action: 'register' }, rng.range(5, 40) * 60_000))) continue;
    if (!(await stepTo(dispatcher, { action: 'dispatch' }, rng.range(10, 90) * 60_000).catch(() => false))) continue;
    recentOpen.unshift({ id, categoryCode: category.code, at: createdAt });
    if (recentOpen.length > 30) recentOpen.pop();

    let current = await svc.get(null, id, { audit: false });
    let handler = current.department ? (handlersByDept.get(current.department.code) ?? null) : null;
    if (rng.chance(0.06) && current.department) {
      // Returned: not theirs; the shift leader agrees and the dispatcher sends it elsewhere.
      if (!(await stepTo(handler, { action: 'request_return', reason: '不属于本单位职责范围' }, rng.range(1, 4) * H))) continue;
      if (!(await stepTo(dispatcher, { action: 'approve_return' }, rng.range(0.5, 3) * H))) continue;
      const other = rng.pick([...handlersByDept.keys()].filter((d) => d !== current.department!.code));
      if (!(await stepTo(dispatcher, { action: 'dispatch', departmentCode: other }, rng.range(0.2, 1) * H))) continue;
      current = await svc.get(null, id, { audit: false });
      handler = handlersByDept.get(current.department!.code) ?? null;
    }
    // Recent cases are partly still with the department: they carry the yellow and red cards.
    const recent = now - createdAt < 12 * 24 * H;
    if (recent && rng.chance(0.08)) continue;
    if (!(await stepTo(handler, { action: 'accept' }, rng.range(0.3, 3) * H))) continue;
    if (recent && rng.chance(LATE_DEPARTMENTS.has(current.department?.name ?? '') ? 0.7 : 0.35)) continue;

    const limitMs = Math.max(1, Date.parse(current.deadline) - Date.parse(current.dispatchedAt ?? current.createdAt));
    const late = LATE_DEPARTMENTS.has(current.department?.name ?? '') ? rng.chance(0.55) : rng.chance(0.12);
    if (rng.chance(0.08)) {
      if (
        !(await stepTo(
          handler,
          { action: 'request_extension', extensionDays: rng.int(1, 5), reason: '需协调多个部门，申请延期' },
          limitMs * 0.3,
        ))
      )
        continue;
      if (!(await stepTo(dispatcher, { action: 'approve_extension' }, rng.range(0.5, 3) * H))) continue;
    }
    if (
      !(await stepTo(
        handler,
        { action: 'handle', comment: '已到场处置完毕，附处置后照片。' },
        limitMs * (late ? rng.range(1.1, 3) : rng.range(0.2, 0.8)),
      ))
    )
      continue;
    const inspector = rng.pick(inspectorPrincipals);
    if (rng.chance(0.1)) {
      if (!(await stepTo(inspector, { action: 'rework', reason: '现场核查问题仍存在' }, rng.range(1, 6) * H))) continue;
      if (!(await stepTo(handler, { action: 'handle', comment: '已再次处置。' }, rng.range(2, 20) * H))) continue;
    }
    if (rng.chance(0.05)) {
      await stepTo(dispatcher, { action: 'close_unfixed', reason: '需纳入年度改造计划，暂无法解决' }, rng.range(2, 10) * H);
      continue;
    }
    if (!(await stepTo(inspector, { action: 'verify', comment: '现场核查已处置' }, rng.range(1, 8) * H))) continue;
    if (!(await stepTo(dispatcher, { action: 'close' }, rng.range(0.5, 4) * H))) continue;
    if (channel !== 'inspector' && rng.chance(0.8)) {
      const r = rng.next();
      const satisfaction = r < 0.78 ? 'satisfied' : r < 0.92 ? 'basically_satisfied' : 'dissatisfied';
      await stepTo(operator, { action: 'visit', satisfaction, comment: '电话回访' }, rng.range(16, 30) * H);
    }
  }
  await s.cases.sweepDeadlines(now);
  ctx.logger.info({ cases: made, ms: Date.now() - started }, 'demo cases seeded');
  return made;
}

/**
 * Street-level events (市容环境, 街面秩序) go to the district's 城市管理局 where it exists: the
 * demo shows routing by area as well as by category.
 */
async function routeStreetEventsToDistricts(s: DemoCaseServices): Promise<void> {
  const departments = await s.org.listDepartments();
  const districts = (await s.geo.areas({ level: 'district' })).features;
  const rules = districts
    .map((d) => ({
      areaCode: d.properties.code,
      departmentCode: departments.find((x) => x.name === `${d.properties.name}城市管理局`)?.code,
    }))
    .filter((r): r is { areaCode: string; departmentCode: string } => !!r.departmentCode);
  if (!rules.length) return;
  for (const code of ['11', '15']) {
    if (s.cases.categories.get(code)) await s.cases.categories.update(null, code, { routingRules: rules });
  }
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PERMISSIONS, ROLES } from '../../src/modules/org/roles.js';
import {
  CASE_STATUSES,
  OPEN_STATUSES,
  TRANSITIONS,
  actionsFrom,
  targetOf,
  transitionOf,
  type CaseStatus,
} from '../../src/modules/cases/workflow.js';
import { textSimilarity, distanceMeters } from '../../src/modules/cases/duplicate-finder.js';
import { parseLimitText } from '../../src/modules/cases/categories/category-types.js';

describe('the case workflow table', () => {
  it('declares only known statuses and permissions, each action once', () => {
    const codes = new Set(PERMISSIONS.map((p) => p.code));
    const seen = new Set<string>();
    for (const t of TRANSITIONS) {
      assert.ok(!seen.has(t.action), `${t.action} twice`);
      seen.add(t.action);
      for (const s of t.from) assert.ok(CASE_STATUSES.includes(s), `${t.action} from ${s}`);
      if (!['same', 'previous'].includes(t.to)) assert.ok(CASE_STATUSES.includes(t.to as CaseStatus), `${t.action} to ${t.to}`);
      assert.ok(t.permissions.length > 0, `${t.action} names who may take it`);
      for (const p of t.permissions) assert.ok(codes.has(p), `${t.action}: unknown permission ${p}`);
    }
  });

  it('reaches every status from intake, and leaves only visited and cancelled as ends', () => {
    const reached = new Set<CaseStatus>(['reported']);
    let grew = true;
    while (grew) {
      grew = false;
      for (const t of TRANSITIONS) {
        for (const from of t.from) {
          if (!reached.has(from)) continue;
          const to = targetOf(t, from, 'accepted');
          if (!reached.has(to)) {
            reached.add(to);
            grew = true;
          }
        }
      }
    }
    // `merged` closes through its original (close_merged), not through a table row.
    assert.deepEqual([...reached].sort(), [...CASE_STATUSES].sort());
    const ends = CASE_STATUSES.filter((s) => actionsFrom(s, true).length === 0);
    assert.deepEqual(ends.sort(), ['cancelled', 'merged', 'visited']);
    for (const s of OPEN_STATUSES) assert.ok(actionsFrom(s, false).length > 0, `${s} is not a dead end`);
  });

  it('lets each role take exactly its own steps of the loop', () => {
    const may = (role: string, action: string) => {
      const perms = ROLES.find((r) => r.code === role)!.permissions;
      return transitionOf(action)!.permissions.some((p) => perms.includes(p));
    };
    assert.ok(may('dispatcher', 'dispatch') && !may('handler', 'dispatch') && !may('operator', 'dispatch'));
    assert.ok(
      may('handler', 'accept') && may('handler', 'handle') && may('handler', 'request_return') && may('handler', 'request_extension'),
    );
    assert.ok(!may('handler', 'approve_return') && !may('handler', 'approve_extension') && may('dispatcher', 'approve_return'));
    assert.ok(may('inspector', 'verify') && may('inspector', 'rework') && !may('inspector', 'close'));
    assert.ok(may('commander', 'escalate') && !may('dispatcher', 'escalate'));
    assert.ok(may('operator', 'visit') && may('operator', 'answer') && !may('analyst', 'urge'));
  });

  it('answers only consultations directly, and a resumed case returns where it was parked', () => {
    assert.ok(actionsFrom('reported', true).includes('answer'));
    assert.ok(!actionsFrom('reported', false).includes('answer'));
    assert.equal(targetOf(transitionOf('resume')!, 'suspended', 'accepted'), 'accepted');
    assert.equal(targetOf(transitionOf('urge')!, 'dispatched', null), 'dispatched');
    assert.equal(targetOf(transitionOf('close_unfixed')!, 'handled', null), 'closed');
  });
});

describe('case helpers', () => {
  it('reads the reference time limits', () => {
    assert.deepEqual(parseLimitText('1 working day'), { unit: 'days', amount: 1 });
    assert.deepEqual(parseLimitText('4 working hours'), { unit: 'hours', amount: 4 });
    assert.deepEqual(parseLimitText('20 working days'), { unit: 'days', amount: 20 });
    assert.equal(parseLimitText('soon'), null);
  });

  it('scores similar complaints above unrelated ones', () => {
    assert.ok(textSimilarity('幸福路口暴露垃圾堆积发臭', '幸福路口垃圾堆积很臭') > 0.5);
    assert.ok(textSimilarity('幸福路口暴露垃圾堆积发臭', '路灯不亮已经三天') < 0.1);
    assert.equal(textSimilarity('', ''), 0);
    assert.ok(Math.abs(distanceMeters(119.65, 29.08, 119.651, 29.08) - 97) < 2);
  });
});

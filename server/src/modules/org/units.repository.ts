/** SQL for org units (市/区/街道/社区). */
import type { Kysely } from 'kysely';
import type { Database } from '../../kernel/db/database.js';
import type { OrgUnit, OrgUnitLevel } from './org-types.js';

export class UnitsRepository {
  constructor(private readonly db: Database) {}

  async find(code: string, k: Kysely<any> = this.db.kysely): Promise<OrgUnit | null> {
    const r = await k.selectFrom('org_units').selectAll().where('code', '=', code).executeTakeFirst();
    return r ? toUnit(r) : null;
  }

  /** Units ordered by code, optionally of one level and/or under one parent. */
  async list(filter: { parentCode?: string; level?: OrgUnitLevel } = {}): Promise<OrgUnit[]> {
    let q = this.db.kysely.selectFrom('org_units').selectAll().orderBy('code');
    if (filter.parentCode) q = q.where('parent_code', '=', filter.parentCode);
    if (filter.level) q = q.where('level', '=', filter.level);
    return (await q.execute()).map(toUnit);
  }

  /** Inserts units, keeping existing codes unchanged; returns how many were new. */
  async insertMany(k: Kysely<any>, units: readonly OrgUnit[]): Promise<number> {
    let added = 0;
    // 4 parameters a row; 200 rows stay far below every driver's parameter limit.
    for (let i = 0; i < units.length; i += 200) {
      const chunk = units.slice(i, i + 200);
      const res = await k
        .insertInto('org_units')
        .values(chunk.map((u) => ({ code: u.code, name: u.name, level: u.level, parent_code: u.parentCode })))
        .onConflict((oc) => oc.column('code').doNothing())
        .executeTakeFirst();
      added += Number(res.numInsertedOrUpdatedRows ?? 0);
    }
    return added;
  }
}

function toUnit(r: Record<string, any>): OrgUnit {
  return { code: r.code, name: r.name, level: r.level, parentCode: r.parent_code ?? null };
}

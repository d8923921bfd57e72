/** SQL of the case taxonomy and the alarm → category mapping. */
import type { Kysely } from 'kysely';
import type { Database } from '../../../kernel/db/database.js';
import type { Category, CategoryField, CategoryKind, RoutingRule } from './category-types.js';

export class CategoriesRepository {
  constructor(private readonly db: Database) {}

  async all(): Promise<Category[]> {
    const rows = await this.db.kysely.selectFrom('cases_categories').selectAll().orderBy('code').execute();
    return rows.map((r) => this.toCategory(r));
  }

  async count(trx: Kysely<any> = this.db.kysely): Promise<number> {
    const r = await trx
      .selectFrom('cases_categories')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async insert(trx: Kysely<any>, c: Category, at: Date): Promise<void> {
    await trx.insertInto('cases_categories').values(this.toRow(c, at)).execute();
  }

  async update(trx: Kysely<any>, c: Category, at: Date): Promise<void> {
    const { code, ...rest } = this.toRow(c, at);
    await trx.updateTable('cases_categories').set(rest).where('code', '=', code).execute();
  }

  async delete(trx: Kysely<any>, code: string): Promise<void> {
    await trx.deleteFrom('cases_categories').where('code', '=', code).execute();
  }

  async usedByCases(trx: Kysely<any>, code: string): Promise<boolean> {
    return !!(await trx.selectFrom('cases_cases').select('id').where('category_code', '=', code).limit(1).executeTakeFirst());
  }

  async mappings(): Promise<Array<{ deviceType: string; property: string; categoryCode: string }>> {
    const rows = await this.db.kysely.selectFrom('cases_alarm_mappings').selectAll().orderBy('device_type').orderBy('property').execute();
    return rows.map((r) => ({ deviceType: r.device_type, property: r.property, categoryCode: r.category_code }));
  }

  async setMapping(trx: Kysely<any>, deviceType: string, property: string, categoryCode: string): Promise<void> {
    await trx
      .insertInto('cases_alarm_mappings')
      .values({ device_type: deviceType, property, category_code: categoryCode })
      .onConflict((oc) => oc.columns(['device_type', 'property']).doUpdateSet({ category_code: categoryCode }))
      .execute();
  }

  async deleteMapping(trx: Kysely<any>, deviceType: string, property: string): Promise<boolean> {
    const r = await trx
      .deleteFrom('cases_alarm_mappings')
      .where('device_type', '=', deviceType)
      .where('property', '=', property)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  private toRow(c: Category, at: Date) {
    return {
      code: c.code,
      parent_code: c.parentCode,
      name: c.name,
      kind: c.kind,
      department_code: c.departmentCode,
      department_name: c.departmentName,
      limit_unit: c.limit?.unit ?? null,
      limit_amount: c.limit?.amount ?? null,
      required_fields: this.db.sql.writeJson(c.requiredFields),
      routing_rules: this.db.sql.writeJson(c.routingRules),
      enabled: c.enabled,
      updated_at: at,
    };
  }

  private toCategory(r: Record<string, any>): Category {
    return {
      code: r.code,
      parentCode: r.parent_code ?? null,
      name: r.name,
      kind: r.kind as CategoryKind,
      departmentCode: r.department_code ?? null,
      departmentName: r.department_name ?? null,
      limit: r.limit_unit ? { unit: r.limit_unit, amount: Number(r.limit_amount) } : null,
      requiredFields: this.db.sql.readJson<CategoryField[]>(r.required_fields),
      routingRules: this.db.sql.readJson<RoutingRule[]>(r.routing_rules),
      enabled: this.db.sql.readBool(r.enabled),
    };
  }
}

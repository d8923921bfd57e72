/**
 * Loads the demo catalog through the catalog's public service: resources, their data, and a few
 * share requests (pending and approved) between demo departments.
 */
import { SYSTEM_PRINCIPAL, type CatalogService } from '../../modules/catalog/index.js';
import type { OrgService } from '../../modules/org/index.js';
import type { DemoCity } from '../demo-city-types.js';
import { generateDemoCatalog } from './demo-catalog-data.js';

/** Seeds the catalog of 示范市; returns how many resources and rows it loaded. */
export async function seedDemoCatalog(
  catalog: CatalogService,
  org: OrgService,
  city: DemoCity,
): Promise<{ resources: number; rows: number }> {
  const codes = new Map((await org.listDepartments()).map((d) => [d.name, d.code]));
  const dept = (name: string) => {
    const c = codes.get(name);
    if (!c) throw new Error(`demo catalog: no department ${name}`);
    return c;
  };
  const ids = new Map<string, string>();
  let rows = 0;
  for (const r of generateDemoCatalog(city)) {
    const created = await catalog.createResource(SYSTEM_PRINCIPAL, { ...r.input, providerDepartmentCode: dept(r.departmentName) });
    const report = await catalog.loadRecords(SYSTEM_PRINCIPAL, created.id, r.rows);
    rows += report.accepted;
    ids.set(r.key, created.id);
  }
  const until = new Date(Date.UTC(2027, 11, 31)).toISOString();
  const ask = (key: string, consumer: string, fields: string[], purpose: string) =>
    catalog.requestShare(SYSTEM_PRINCIPAL, { resourceId: ids.get(key)!, fields, purpose, until, consumerDepartmentCode: dept(consumer) });
  await ask('residents', '市民政局', ['id_number', 'name', 'community_code'], '低保对象户籍核查');
  await ask('subsistence', '市人力资源和社会保障局', ['id_number', 'name', 'amount'], '就业援助对象比对');
  const approved = await ask(
    'legal-entities',
    '市人力资源和社会保障局',
    ['credit_code', 'name', 'legal_representative', 'industry'],
    '社保登记信息比对',
  );
  await catalog.approveShare(SYSTEM_PRINCIPAL, approved.id, { cleartextFields: ['legal_representative'] });
  const licences = await ask('business-licences', '市住房和城乡建设局', ['licence_no', 'holder', 'credit_code'], '建筑企业资质审批核验');
  await catalog.approveShare(SYSTEM_PRINCIPAL, licences.id, {});
  return { resources: ids.size, rows };
}

/**
 * The catalog module (信息资源目录 / 共享交换): resources with the national guide's metadata,
 * datasets with streamed loads, versions, diffs and rollback, share requests and grants with
 * consumer keys, the masked and audited query API, data quality and the bureau overview.
 * This file is the module's only door.
 */
import type { ZhichengModule } from '../../kernel/module.js';
import type { CalendarService } from '../calendar/index.js';
import type { OrgService } from '../org/index.js';
import { createCatalog, type CatalogService } from './catalog.service.js';
import { migrations } from './migrations.js';
import { catalogRoutes } from './routes/index.js';
import { openDataRootRoutes, withOpenDataMigrations, withOpenDataRoutes } from './portal/open-data.js';

export type { CatalogService };
export { CATALOG_JOBS, SYSTEM_PRINCIPAL } from './catalog.service.js';
export type { Reader } from './access-policy.js';
export type {
  FieldDef,
  FieldType,
  Grade,
  LoadReport,
  OpenType,
  PersonalClass,
  PullConfig,
  Resource,
  ResourceInput,
  ResourceStatus,
  RowRejection,
  ShareType,
  UpdateCycle,
} from './catalog-types.js';
export { BASE_CLASSES, FIELD_TYPES, GRADES, OPEN_TYPES, SHARE_TYPES, UPDATE_CYCLES } from './catalog-types.js';
export type { DataField, DataPage, DataQuery } from './data-access.service.js';
export type { ResourceFilter } from './resources.repository.js';
export type { FacetItem, ResourcePage } from './resources.service.js';
export { CATALOG_EVENTS, type DatasetVersionV1, type ResourceChangedV1, type ShareEventV1 } from './events.js';

export const catalogModule: ZhichengModule<CatalogService> = {
  name: 'catalog',
  migrations: withOpenDataMigrations(migrations),
  async start(ctx, deps) {
    const c = createCatalog(ctx, { org: deps.org as OrgService, calendar: deps.calendar as CalendarService });
    return { service: c.service, routes: withOpenDataRoutes(ctx, c, catalogRoutes(c)), rootRoutes: openDataRootRoutes(c) };
  },
};

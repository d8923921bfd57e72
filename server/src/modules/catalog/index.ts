/**
 * The catalog module (信息资源目录 / 共享交换 / 公共数据开放): resources, datasets and loads, share requests and grants, audited masked access, the open-data portal with CKAN and DCAT.
 * This file is the module's only door.
 */
import type { ZhichengModule } from '../../kernel/module.js';

/** The public service of the catalog module. */
export type CatalogService = Record<string, never>;

export const catalogModule: ZhichengModule<CatalogService> = {
  name: 'catalog',
  migrations: {},
  async start() {
    return { service: {} };
  },
};

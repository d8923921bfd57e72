/**
 * The cases module (数字城管 / 12345 工单): categories, the case workflow, routing, deadlines, classification, duplicates, Open311.
 * This file is the module's only door.
 */
import type { ZhichengModule } from '../../kernel/module.js';

/** The public service of the cases module. */
export type CasesService = Record<string, never>;

export const casesModule: ZhichengModule<CasesService> = {
  name: 'cases',
  migrations: {},
  async start() {
    return { service: {} };
  },
};

/**
 * Open311 GeoReport v2 for the cases module (CONTRACT.md "Cases"; conformance in docs/open311.md).
 * The cases module's index.ts mounts {@link createOpen311} as its root routes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { open311Routes } from './open311.routes.js';
import { Open311Service, type Open311Deps } from './open311.service.js';

export { open311Migrations } from './migrations.js';
export { OPEN311_PREFIX } from './open311.routes.js';

/** The Open311 service and its root-level plugin. */
export function createOpen311(deps: Open311Deps): { service: Open311Service; routes: FastifyPluginAsyncTypebox } {
  const service = new Open311Service(deps);
  return { service, routes: open311Routes(service) };
}

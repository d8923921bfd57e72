/**
 * The geo module (时空信息 "一张图" / 地理编码): districts → streets → communities → unit grids,
 * roads, the address gazetteer, point → grid lookups, geocoding. This file is the module's only
 * door: other code imports `geoModule` and the `GeoService` type from here.
 */
import type { ZhichengModule } from '../../kernel/module.js';
import { GeoService } from './geo.service.js';
import { migrations } from './migrations/index.js';
import { geoRoutes } from './routes/index.js';

export type {
  AreaDetail,
  CityData,
  GeoSummary,
  GeocodeAnswer,
  GeocodeCandidateView,
  ImportResult,
  ReverseAnswer,
} from './geo-service-types.js';
export type { AddressInput, AreaInput, AreaLevel, AreaRef, BBox, Location, RoadInput } from './geo-types.js';
export { GEO_EVENTS, type AddressesChangedV1, type AreasChangedV1 } from './events.js';
export type { GeoService };

export const geoModule: ZhichengModule<GeoService> = {
  name: 'geo',
  migrations,
  async start(ctx) {
    const service = new GeoService({
      db: ctx.db,
      audit: ctx.audit,
      events: ctx.events,
      settings: ctx.settings,
      now: ctx.now,
      logger: ctx.logger,
    });
    await service.start();
    return { service, routes: geoRoutes(service), stop: () => service.stop() };
  },
};

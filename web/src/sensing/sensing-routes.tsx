/**
 * The 感知 screens as routes under `/sensing`, each loaded on demand (the map and the chart
 * libraries download only with the screens that use them).
 */
import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';

const DeviceMapPage = lazy(() => import('./device-map-page.js').then((m) => ({ default: m.DeviceMapPage })));
const DevicesPage = lazy(() => import('./devices-page.js').then((m) => ({ default: m.DevicesPage })));
const DeviceDetailPage = lazy(() => import('./device-detail-page.js').then((m) => ({ default: m.DeviceDetailPage })));
const RulesPage = lazy(() => import('./rules-page.js').then((m) => ({ default: m.RulesPage })));
const AlarmsPage = lazy(() => import('./alarms-page.js').then((m) => ({ default: m.AlarmsPage })));
const DeviceTypesPage = lazy(() => import('./device-types-page.js').then((m) => ({ default: m.DeviceTypesPage })));

/** Child routes of the signed-in layout. */
export const sensingRoutes: RouteObject[] = [
  { path: 'sensing', element: <DeviceMapPage /> },
  { path: 'sensing/map', element: <DeviceMapPage /> },
  { path: 'sensing/devices', element: <DevicesPage /> },
  { path: 'sensing/devices/:id', element: <DeviceDetailPage /> },
  { path: 'sensing/rules', element: <RulesPage /> },
  { path: 'sensing/alarms', element: <AlarmsPage /> },
  { path: 'sensing/types', element: <DeviceTypesPage /> },
];

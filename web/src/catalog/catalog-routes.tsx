/**
 * The 数据 screens as routes under `/catalog`, each loaded on demand (the chart library downloads
 * only with the screens that draw charts).
 */
import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';

const ResourcesPage = lazy(() => import('./resources-page.js').then((m) => ({ default: m.ResourcesPage })));
const ResourceDetailPage = lazy(() => import('./resource-detail-page.js').then((m) => ({ default: m.ResourceDetailPage })));
const ResourceEditorPage = lazy(() => import('./resource-editor-page.js').then((m) => ({ default: m.ResourceEditorPage })));
const SharingPage = lazy(() => import('./sharing-page.js').then((m) => ({ default: m.SharingPage })));
const OverviewPage = lazy(() => import('./overview-page.js').then((m) => ({ default: m.OverviewPage })));

/** Child routes of the signed-in layout. */
export const catalogRoutes: RouteObject[] = [
  { path: 'catalog', element: <ResourcesPage /> },
  { path: 'catalog/new', element: <ResourceEditorPage /> },
  { path: 'catalog/sharing', element: <SharingPage /> },
  { path: 'catalog/overview', element: <OverviewPage /> },
  { path: 'catalog/resources/:id', element: <ResourceDetailPage /> },
  { path: 'catalog/resources/:id/edit', element: <ResourceEditorPage /> },
];

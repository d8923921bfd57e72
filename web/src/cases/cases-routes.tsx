/**
 * The 工单 screens as routes under `/cases` (signed in), plus the citizens' status page `/track`
 * (no login), each loaded on demand so the map and chart libraries come only with their screens.
 */
import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';

const IntakePage = lazy(() => import('./intake-page.js').then((m) => ({ default: m.IntakePage })));
const CasesListPage = lazy(() => import('./cases-list-page.js').then((m) => ({ default: m.CasesListPage })));
const CaseDetailPage = lazy(() => import('./case-detail-page.js').then((m) => ({ default: m.CaseDetailPage })));
const CaseMapPage = lazy(() => import('./case-map-page.js').then((m) => ({ default: m.CaseMapPage })));
const CategoriesPage = lazy(() => import('./categories-page.js').then((m) => ({ default: m.CategoriesPage })));
const CalendarPage = lazy(() => import('./calendar-page.js').then((m) => ({ default: m.CalendarPage })));
const ClassifierPage = lazy(() => import('./classifier-page.js').then((m) => ({ default: m.ClassifierPage })));
const KnowledgePage = lazy(() => import('./knowledge-page.js').then((m) => ({ default: m.KnowledgePage })));
const TrackPage = lazy(() => import('./track-page.js').then((m) => ({ default: m.TrackPage })));

/** Child routes of the signed-in layout. */
export const casesRoutes: RouteObject[] = [
  { path: 'cases', element: <CasesListPage /> },
  { path: 'cases/mine', element: <CasesListPage /> },
  { path: 'cases/intake', element: <IntakePage /> },
  { path: 'cases/map', element: <CaseMapPage /> },
  { path: 'cases/categories', element: <CategoriesPage /> },
  { path: 'cases/calendar', element: <CalendarPage /> },
  { path: 'cases/classifier', element: <ClassifierPage /> },
  { path: 'cases/knowledge', element: <KnowledgePage /> },
  { path: 'cases/:id', element: <CaseDetailPage /> },
];

/** The public status page, outside the signed-in layout. */
export const publicCasesRoutes: RouteObject[] = [{ path: '/track', element: <TrackPage /> }];

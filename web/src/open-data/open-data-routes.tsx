/** The public open-data portal: `/open-data` and `/open-data/datasets/:id`, no login. */
import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';

const SearchPage = lazy(() => import('./open-data-search-page.js').then((m) => ({ default: m.OpenDataSearchPage })));
const DatasetPage = lazy(() => import('./open-data-dataset-page.js').then((m) => ({ default: m.OpenDataDatasetPage })));

/** Routes outside the signed-in layout. */
export const openDataRoutes: RouteObject[] = [
  { path: '/open-data', element: <SearchPage /> },
  { path: '/open-data/datasets/:id', element: <DatasetPage /> },
];

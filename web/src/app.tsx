/**
 * The app shell: providers (locale, antd theme, error boundary) and the routes. Screens other than
 * login and the dashboard are loaded on demand so the map library only downloads with the map.
 */
import { lazy } from 'react';
import { createBrowserRouter, Outlet, RouterProvider } from 'react-router-dom';
import { AuthProvider } from './auth/auth-context.js';
import { RequireAuth } from './auth/require-auth.js';
import { AppProviders } from './app-providers.js';
import { ErrorBoundary, RouteErrorPage } from './components/error-boundary.js';
import { AppLayout } from './layout/app-layout.js';
import { LoginPage } from './pages/login-page.js';
import { DashboardPage } from './pages/dashboard-page.js';
import { NotFoundPage } from './pages/not-found-page.js';
import { sensingRoutes } from './sensing/sensing-routes.js';
import { casesRoutes, publicCasesRoutes } from './cases/cases-routes.js';
import { openDataRoutes } from './open-data/open-data-routes.js';
import { catalogRoutes } from './catalog/catalog-routes.js';

const MapPage = lazy(() => import('./map/map-page.js').then((m) => ({ default: m.MapPage })));
const UsersPage = lazy(() => import('./admin/users/users-page.js').then((m) => ({ default: m.UsersPage })));
const DepartmentsPage = lazy(() => import('./admin/departments/departments-page.js').then((m) => ({ default: m.DepartmentsPage })));
const ApiKeysPage = lazy(() => import('./admin/api-keys/api-keys-page.js').then((m) => ({ default: m.ApiKeysPage })));
const AuditPage = lazy(() => import('./admin/audit/audit-page.js').then((m) => ({ default: m.AuditPage })));

function Root() {
  return (
    <AuthProvider>
      <Outlet />
    </AuthProvider>
  );
}

const router = createBrowserRouter([
  {
    element: <Root />,
    errorElement: <RouteErrorPage />,
    children: [
      { path: '/login', element: <LoginPage /> },
      ...publicCasesRoutes,
      ...openDataRoutes,
      {
        path: '/',
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
        children: [
          { index: true, element: <DashboardPage /> },
          { path: 'map', element: <MapPage /> },
          ...sensingRoutes,
          ...casesRoutes,
          ...catalogRoutes,
          { path: 'admin/users', element: <UsersPage /> },
          { path: 'admin/departments', element: <DepartmentsPage /> },
          { path: 'admin/api-keys', element: <ApiKeysPage /> },
          { path: 'admin/audit', element: <AuditPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

/** The whole web app. */
export function App() {
  return (
    <AppProviders>
      <ErrorBoundary>
        <RouterProvider router={router} />
      </ErrorBoundary>
    </AppProviders>
  );
}

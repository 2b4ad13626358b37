import { lazy, Suspense, useEffect } from 'react';
import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { App as AntApp, Button, ConfigProvider, Result } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { useI18n } from './i18n';
import { useAuth } from '../shared/auth';
import { theme } from './theme';
import ConsoleLayout from './Layout';
import { PageSpin } from './components';
import { GRID_VIEW_ROLES } from './gridsCommon';
import { IMPORT_ROLES, PLACE_ROLES, RESIDENT_ROLES } from './peopleCommon';
import { CASE_ADMIN_ROLES, CASE_METRICS_ROLES, CASE_ROLES, CASE_TASK_ROLES } from './casesCommon';
import { PARTY_ROLES } from './pages/party/partyRoles';
import { CREDIT_ROLES, DISCLOSURE_ROLES } from './pages/credit/roles';

const LoginPage = lazy(() => import('./pages/LoginPage'));
const RegionsPage = lazy(() => import('./pages/RegionsPage'));
const ScopePage = lazy(() => import('./pages/ScopePage'));
const AuditPage = lazy(() => import('./pages/AuditPage'));
const IntegrationsPage = lazy(() => import('./pages/IntegrationsPage'));
const GridMapPage = lazy(() => import('./pages/GridMapPage'));
const GridCoveragePage = lazy(() => import('./pages/GridCoveragePage'));
const ResidentsPage = lazy(() => import('./pages/people/ResidentsPage'));
const ResidentImportPage = lazy(() => import('./pages/people/ResidentImportPage'));
const CompoundsPage = lazy(() => import('./pages/people/CompoundsPage'));
const PeopleStatsPage = lazy(() => import('./pages/people/PeopleStatsPage'));
const CaseQueuePage = lazy(() => import('./pages/cases/CaseQueuePage'));
const CasePage = lazy(() => import('./pages/cases/CasePage'));
const DepartmentTasksPage = lazy(() => import('./pages/cases/DepartmentTasksPage'));
const CaseMetricsPage = lazy(() => import('./pages/cases/CaseMetricsPage'));
const CategoriesPage = lazy(() => import('./pages/cases/CategoriesPage'));
const PartyOrgsPage = lazy(() => import('./pages/party/PartyOrgsPage'));
const GridChainPage = lazy(() => import('./pages/party/GridChainPage'));
const PropertyPage = lazy(() => import('./pages/party/PropertyPage'));
const DisclosuresPage = lazy(() => import('./pages/party/DisclosuresPage'));
const CreditPage = lazy(() => import('./pages/credit/CreditPage'));
const PeriodPage = lazy(() => import('./pages/credit/PeriodPage'));

function RequireAuth({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <PageSpin />;
  if (status !== 'authenticated') {
    return <Navigate to="/login" replace state={{ from: location }} />;
  }
  return <>{children}</>;
}

function RequireRole({ role, children }: { role: string | string[]; children: ReactNode }) {
  const { hasRole } = useAuth();
  const { t } = useI18n();
  if (!(Array.isArray(role) ? role : [role]).some((r) => hasRole(r))) {
    return <Result status="403" title={t('error.forbidden')} subTitle={t('error.forbiddenDesc')} />;
  }
  return <>{children}</>;
}

export function NotFound() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={t('error.notFound')}
      subTitle={t('error.notFoundDesc')}
      extra={
        <Button type="primary" href="/">
          {t('error.backHome')}
        </Button>
      }
    />
  );
}

function ServerError() {
  const { error, reload } = useAuth();
  const { t } = useI18n();
  return (
    <Result
      status="warning"
      title={t('error.loadFailed')}
      subTitle={error?.message}
      extra={
        <Button type="primary" onClick={reload}>
          {t('error.retry')}
        </Button>
      }
    />
  );
}

export default function App() {
  const { lang, t } = useI18n();
  const { status } = useAuth();

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('app.fullName');
  }, [lang, t]);

  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={theme}>
      <AntApp>
        {status === 'error' ? (
          <ServerError />
        ) : (
          <Suspense fallback={<PageSpin />}>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route
                element={
                  <RequireAuth>
                    <ConsoleLayout />
                  </RequireAuth>
                }
              >
                <Route index element={<Navigate to="/regions" replace />} />
                <Route path="regions" element={<RegionsPage />} />
                <Route path="regions/:code" element={<RegionsPage />} />
                <Route path="scope" element={<ScopePage />} />
                <Route
                  path="audit"
                  element={
                    <RequireRole role="admin">
                      <AuditPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="integrations"
                  element={
                    <RequireRole role="admin">
                      <IntegrationsPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="grids"
                  element={
                    <RequireRole role={GRID_VIEW_ROLES}>
                      <GridMapPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="grids/coverage"
                  element={
                    <RequireRole role={GRID_VIEW_ROLES}>
                      <GridCoveragePage />
                    </RequireRole>
                  }
                />
                <Route path="people" element={<Navigate to="/people/stats" replace />} />
                <Route
                  path="people/residents"
                  element={
                    <RequireRole role={RESIDENT_ROLES}>
                      <ResidentsPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="people/import"
                  element={
                    <RequireRole role={IMPORT_ROLES}>
                      <ResidentImportPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="people/compounds"
                  element={
                    <RequireRole role={PLACE_ROLES}>
                      <CompoundsPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="people/stats"
                  element={
                    <RequireRole role={PLACE_ROLES}>
                      <PeopleStatsPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="cases"
                  element={
                    <RequireRole role={CASE_ROLES}>
                      <CaseQueuePage />
                    </RequireRole>
                  }
                />
                <Route
                  path="cases/tasks"
                  element={
                    <RequireRole role={CASE_TASK_ROLES}>
                      <DepartmentTasksPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="cases/metrics"
                  element={
                    <RequireRole role={CASE_METRICS_ROLES}>
                      <CaseMetricsPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="cases/categories"
                  element={
                    <RequireRole role={CASE_ADMIN_ROLES}>
                      <CategoriesPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="cases/:id"
                  element={
                    <RequireRole role={CASE_ROLES}>
                      <CasePage />
                    </RequireRole>
                  }
                />
                <Route path="party" element={<Navigate to="/party/orgs" replace />} />
                <Route
                  path="party/orgs"
                  element={
                    <RequireRole role={PARTY_ROLES}>
                      <PartyOrgsPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="party/grid-chain"
                  element={
                    <RequireRole role={PARTY_ROLES}>
                      <GridChainPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="party/property"
                  element={
                    <RequireRole role={PARTY_ROLES}>
                      <PropertyPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="property/disclosures"
                  element={
                    <RequireRole role={DISCLOSURE_ROLES}>
                      <DisclosuresPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="credit"
                  element={
                    <RequireRole role={CREDIT_ROLES}>
                      <CreditPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="credit/:id"
                  element={
                    <RequireRole role={CREDIT_ROLES}>
                      <PeriodPage />
                    </RequireRole>
                  }
                />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </Suspense>
        )}
      </AntApp>
    </ConfigProvider>
  );
}

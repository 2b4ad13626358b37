import { lazy, Suspense, useEffect } from 'react';
import type { ComponentType, ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { App as AntApp, Button, ConfigProvider, Result } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { useI18n } from './i18n';
import { useAuth } from '../shared/auth';
import { theme } from './theme';
import ConsoleLayout from './Layout';
import { PageSpin } from './components';
import { GRID_VIEW_ACTION } from './grids/gridsCommon';
import { PEOPLE_ACTIONS } from './people/peopleCommon';
import { CASE_ACTIONS } from './cases/casesCommon';
import { PARTY_ACTION } from './party/partyAbilities';
import { PROPERTY_ACTIONS } from './credit/abilities';

const LoginPage = lazy(() => import('./accounts/LoginPage'));
const RegionsPage = lazy(() => import('./regions/RegionsPage'));
const ScopePage = lazy(() => import('./accounts/ScopePage'));
const AuditPage = lazy(() => import('./system/AuditPage'));
const IntegrationsPage = lazy(() => import('./system/IntegrationsPage'));
const GridMapPage = lazy(() => import('./grids/GridMapPage'));
const GridCoveragePage = lazy(() => import('./grids/GridCoveragePage'));
const ResidentsPage = lazy(() => import('./people/ResidentsPage'));
const ResidentImportPage = lazy(() => import('./people/ResidentImportPage'));
const CompoundsPage = lazy(() => import('./people/CompoundsPage'));
const PeopleStatsPage = lazy(() => import('./people/PeopleStatsPage'));
const CaseQueuePage = lazy(() => import('./cases/CaseQueuePage'));
const CasePage = lazy(() => import('./cases/CasePage'));
const DepartmentTasksPage = lazy(() => import('./cases/DepartmentTasksPage'));
const CaseMetricsPage = lazy(() => import('./cases/CaseMetricsPage'));
const CategoriesPage = lazy(() => import('./cases/CategoriesPage'));
const PartyOrgsPage = lazy(() => import('./party/PartyOrgsPage'));
const GridChainPage = lazy(() => import('./party/GridChainPage'));
const PropertyPage = lazy(() => import('./property/PropertyPage'));
const DisclosuresPage = lazy(() => import('./property/DisclosuresPage'));
const CreditPage = lazy(() => import('./credit/CreditPage'));
const PeriodPage = lazy(() => import('./credit/PeriodPage'));
const CampaignsPage = lazy(() => import('./campaigns/CampaignsPage'));
const CampaignPage = lazy(() => import('./campaigns/CampaignPage'));
const PatrolsPage = lazy(() => import('./patrols/PatrolsPage'));
const StructuresPage = lazy(() => import('./patrols/StructuresPage'));
const CareCompliancePage = lazy(() => import('./care/CareCompliancePage'));

/** The pages behind an ability of the server's policy: path, the action that opens it, the page. */
const GUARDED: [path: string, action: string, Page: ComponentType][] = [
  ['grids', GRID_VIEW_ACTION, GridMapPage],
  ['grids/coverage', GRID_VIEW_ACTION, GridCoveragePage],
  ['people/residents', PEOPLE_ACTIONS.residents, ResidentsPage],
  ['people/import', PEOPLE_ACTIONS.import, ResidentImportPage],
  ['people/compounds', PEOPLE_ACTIONS.places, CompoundsPage],
  ['people/stats', PEOPLE_ACTIONS.stats, PeopleStatsPage],
  ['cases', CASE_ACTIONS.queue, CaseQueuePage],
  ['cases/tasks', CASE_ACTIONS.tasks, DepartmentTasksPage],
  ['cases/metrics', CASE_ACTIONS.metrics, CaseMetricsPage],
  ['cases/categories', CASE_ACTIONS.categories, CategoriesPage],
  ['cases/:id', CASE_ACTIONS.queue, CasePage],
  ['party/orgs', PARTY_ACTION, PartyOrgsPage],
  ['party/grid-chain', PARTY_ACTION, GridChainPage],
  ['party/property', PARTY_ACTION, PropertyPage],
  ['property/disclosures', PROPERTY_ACTIONS.disclosures, DisclosuresPage],
  ['credit', PROPERTY_ACTIONS.credit, CreditPage],
  ['credit/:id', PROPERTY_ACTIONS.credit, PeriodPage],
  ['campaigns', 'campaigns.read', CampaignsPage],
  ['campaigns/:id', 'campaigns.read', CampaignPage],
  ['patrols', 'patrols.read', PatrolsPage],
  ['structures', 'patrols.structures', StructuresPage],
  ['care/compliance', 'care.compliance', CareCompliancePage],
];

function RequireAuth({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <PageSpin />;
  if (status !== 'authenticated') {
    return <Navigate to="/login" replace state={{ from: location }} />;
  }
  return <>{children}</>;
}

/** A page the policy action opens (GET /api/auth/me abilities); others get 403 (the server refuses their calls too). */
function RequireAbility({ action, children }: { action: string; children: ReactNode }) {
  const { can } = useAuth();
  const { t } = useI18n();
  if (!can(action)) {
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
                    <RequireAbility action="audit.read">
                      <AuditPage />
                    </RequireAbility>
                  }
                />
                <Route
                  path="integrations"
                  element={
                    <RequireAbility action="cases.integrations">
                      <IntegrationsPage />
                    </RequireAbility>
                  }
                />
                {GUARDED.map(([path, action, Page]) => (
                  <Route
                    key={path}
                    path={path}
                    element={
                      <RequireAbility action={action}>
                        <Page />
                      </RequireAbility>
                    }
                  />
                ))}
                <Route path="people" element={<Navigate to="/people/stats" replace />} />
                <Route path="party" element={<Navigate to="/party/orgs" replace />} />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </Suspense>
        )}
      </AntApp>
    </ConfigProvider>
  );
}

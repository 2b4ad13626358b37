import { lazy, Suspense, useEffect } from 'react';
import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Button, ConfigProvider, ErrorBlock, SpinLoading } from 'antd-mobile';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import enUS from 'antd-mobile/es/locales/en-US';
import { useI18n } from './i18n';
import { useAuth } from '../shared/auth';

const LoginPage = lazy(() => import('./LoginPage'));
const HomePage = lazy(() => import('./HomePage'));
const MyGridPage = lazy(() => import('./grids/MyGridPage'));
const MyResidentsPage = lazy(() => import('./people/MyResidentsPage'));
const ResidentDetailPage = lazy(() => import('./people/ResidentDetailPage'));
// The case pages are fetched as soon as someone who reports is signed in (see CaseOutbox), so
// they still open when the signal drops afterwards.
const loadReportPage = () => import('./cases/ReportCasePage');
const loadMyCasesPage = () => import('./cases/MyCasesPage');
const loadCaseDetailPage = () => import('./cases/CaseDetailPage');
const ReportCasePage = lazy(loadReportPage);
const MyCasesPage = lazy(loadMyCasesPage);
const CaseDetailPage = lazy(loadCaseDetailPage);
const NotificationsPage = lazy(() => import('./notifications/NotificationsPage'));
const MyCampaignsPage = lazy(() => import('./campaigns/MyCampaignsPage'));
const PatrolPage = lazy(() => import('./patrols/PatrolPage'));
const StructuresPage = lazy(() => import('./patrols/StructuresPage'));
const loadCarePage = () => import('./visits/CarePage');
const CarePage = lazy(loadCarePage);
const DisclosuresPage = lazy(() => import('./property/DisclosuresPage'));
const DisclosurePage = lazy(() => import('./property/DisclosurePage'));
const SurveyPage = lazy(() => import('./credit/SurveyPage'));
const MyHomePage = lazy(() => import('./people/MyHomePage'));
// the red/black list is public: its routes open with no session (no RequireAuth)
const CreditListPage = lazy(() => import('./credit/CreditListPage'));
const CreditCompanyPage = lazy(() => import('./credit/CreditCompanyPage'));

function Loading() {
  return (
    <div className="m-loading" data-testid="m-loading">
      <SpinLoading color="primary" />
    </div>
  );
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <Loading />;
  if (status !== 'authenticated') return <Navigate to="/login" replace state={{ from: location }} />;
  return <>{children}</>;
}

/**
 * Sends the signed-in account's queued reports in the background (now, when the signal returns,
 * when the app is brought back, on a back-off timer), and warms what the report page needs offline.
 */
function CaseOutbox() {
  const { status, user, can } = useAuth();
  const accountId = status === 'authenticated' && user ? String(user.id) : null;
  // those who may file cases have an offline queue
  const reports = can('cases.create');
  // grid workers' visits written with no signal: sent when the app starts and whenever the signal returns, on any page
  const visits = can('visits.log');
  useEffect(() => {
    if (!accountId || !visits) return;
    void loadCarePage().catch(() => undefined);
    let flush: (() => void) | null = null;
    let timer: number | undefined;
    let cancelled = false;
    void import('./visits/outbox').then((m) => {
      if (cancelled) return;
      flush = () => void m.flushVisits(accountId);
      flush();
      window.addEventListener('online', flush);
      // and every few seconds while something waits: the 'online' event may come before the network answers
      timer = window.setInterval(() => { if (m.queuedVisits(accountId).some((v) => !v.error)) flush?.(); }, 5000);
    });
    return () => {
      cancelled = true;
      if (flush) window.removeEventListener('online', flush);
      if (timer !== undefined) window.clearInterval(timer);
    };
  }, [accountId, visits]);
  useEffect(() => {
    if (!accountId || !reports) return;
    let stop: (() => void) | null = null;
    let cancelled = false;
    void import('./cases/outbox').then((m) => {
      if (!cancelled) stop = m.startOutbox(accountId);
    });
    void Promise.all([loadReportPage(), loadMyCasesPage(), loadCaseDetailPage()]).catch(() => undefined);
    void import('./cases/common').then((m) => m.loadCategories().catch(() => undefined));
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [accountId, reports]);
  return null;
}

export default function App() {
  const { lang, t } = useI18n();
  const { status, error, reload } = useAuth();
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('m.title');
  }, [lang, t]);

  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN}>
      {status === 'error' ? (
        <div className="m-error">
          <ErrorBlock status="default" title={t('error.loadFailed')} description={error?.message} />
          <Button color="primary" block onClick={reload}>
            {t('error.retry')}
          </Button>
        </div>
      ) : (
        <Suspense fallback={<Loading />}>
          <CaseOutbox />
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route
              path="/"
              element={
                <RequireAuth>
                  <HomePage />
                </RequireAuth>
              }
            />
            <Route
              path="/patrol"
              element={
                <RequireAuth>
                  <PatrolPage />
                </RequireAuth>
              }
            />
            <Route
              path="/structures"
              element={
                <RequireAuth>
                  <StructuresPage />
                </RequireAuth>
              }
            />
            <Route
              path="/grids"
              element={
                <RequireAuth>
                  <MyGridPage />
                </RequireAuth>
              }
            />
            <Route
              path="/residents"
              element={
                <RequireAuth>
                  <MyResidentsPage />
                </RequireAuth>
              }
            />
            <Route
              path="/residents/:id"
              element={
                <RequireAuth>
                  <ResidentDetailPage />
                </RequireAuth>
              }
            />
            <Route
              path="/report"
              element={
                <RequireAuth>
                  <ReportCasePage />
                </RequireAuth>
              }
            />
            <Route
              path="/cases"
              element={
                <RequireAuth>
                  <MyCasesPage />
                </RequireAuth>
              }
            />
            <Route
              path="/cases/:id"
              element={
                <RequireAuth>
                  <CaseDetailPage />
                </RequireAuth>
              }
            />
            <Route
              path="/notifications"
              element={
                <RequireAuth>
                  <NotificationsPage />
                </RequireAuth>
              }
            />
            <Route path="/campaigns" element={<RequireAuth><MyCampaignsPage /></RequireAuth>} />
            <Route path="/disclosures" element={<RequireAuth><DisclosuresPage /></RequireAuth>} />
            <Route path="/disclosures/:compoundId" element={<RequireAuth><DisclosuresPage /></RequireAuth>} />
            <Route path="/disclosures/:compoundId/:id" element={<RequireAuth><DisclosurePage /></RequireAuth>} />
            <Route path="/care" element={<RequireAuth><CarePage /></RequireAuth>} />
            <Route path="/survey" element={<RequireAuth><SurveyPage /></RequireAuth>} />
            <Route path="/my-home" element={<RequireAuth><MyHomePage /></RequireAuth>} />
            <Route path="/credit" element={<CreditListPage />} />
            <Route path="/credit/:periodId/companies/:companyId" element={<CreditCompanyPage />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Suspense>
      )}
    </ConfigProvider>
  );
}

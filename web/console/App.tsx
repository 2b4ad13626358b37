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

const LoginPage = lazy(() => import('./pages/LoginPage'));
const RegionsPage = lazy(() => import('./pages/RegionsPage'));
const ScopePage = lazy(() => import('./pages/ScopePage'));
const AuditPage = lazy(() => import('./pages/AuditPage'));
const GridMapPage = lazy(() => import('./pages/GridMapPage'));
const GridCoveragePage = lazy(() => import('./pages/GridCoveragePage'));

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
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </Suspense>
        )}
      </AntApp>
    </ConfigProvider>
  );
}

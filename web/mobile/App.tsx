import { lazy, Suspense, useEffect } from 'react';
import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Button, ConfigProvider, ErrorBlock, SpinLoading } from 'antd-mobile';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import enUS from 'antd-mobile/es/locales/en-US';
import { useI18n } from '../console/i18n';
import { useAuth } from '../shared/auth';

const LoginPage = lazy(() => import('./LoginPage'));
const HomePage = lazy(() => import('./HomePage'));
const MyGridPage = lazy(() => import('./MyGridPage'));
const MyResidentsPage = lazy(() => import('./MyResidentsPage'));
const ResidentDetailPage = lazy(() => import('./ResidentDetailPage'));

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
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Suspense>
      )}
    </ConfigProvider>
  );
}

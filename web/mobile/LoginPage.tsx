import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import type { Location } from 'react-router-dom';
import { Button, Form, Input } from 'antd-mobile';
import { useI18n } from './i18n';
import { useAuth } from '../shared/auth';
import { MobileLogo } from './MobileLogo';

interface LoginForm {
  username: string;
  password: string;
}

function redirectTarget(state: unknown): string {
  const from = (state as { from?: Location } | null)?.from;
  if (!from || from.pathname === '/login') return '/';
  return `${from.pathname}${from.search ?? ''}`;
}

export default function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const { status, login } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const target = redirectTarget(location.state);

  if (status === 'authenticated' && !submitting) return <Navigate to={target} replace />;

  const onFinish = async (v: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      await login(v.username.trim(), v.password);
      navigate(target, { replace: true });
    } catch (e) {
      setError(e instanceof Error ? e.message : t('login.failed'));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="m-login">
      <div className="m-login-banner">
        <button
          type="button"
          className="m-lang"
          data-testid="m-lang-toggle"
          onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
        >
          {t('lang.switch')}
        </button>
        <MobileLogo size={56} />
        <div className="m-login-title">{t('app.name')}</div>
        <div className="m-login-slogan">{t('app.slogan')}</div>
      </div>
      <div className="m-login-card">
        <div className="m-login-card-title">{t('login.title')}</div>
        {error && (
          <div className="m-login-error" role="alert" data-testid="m-login-error">
            {error}
          </div>
        )}
        <Form
          layout="vertical"
          onFinish={onFinish}
          requiredMarkStyle="none"
          footer={
            <Button block type="submit" color="primary" size="large" loading={submitting} data-testid="m-login-submit">
              {t('login.submit')}
            </Button>
          }
        >
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input placeholder={t('login.username')} autoComplete="username" clearable id="m-username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input placeholder={t('login.password')} type="password" autoComplete="current-password" id="m-password" />
          </Form.Item>
        </Form>
      </div>
      <div className="m-footer">{t('app.footer')}</div>
    </div>
  );
}

import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import type { Location } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import {
  ApartmentOutlined,
  GlobalOutlined,
  LockOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useI18n } from '../i18n';
import { useAuth } from '../../shared/auth';
import { ApiError } from '../../shared/api';
import { Logo } from '../components';

interface LoginForm {
  username: string;
  password: string;
}

function redirectTarget(state: unknown): string {
  const from = (state as { from?: Location } | null)?.from;
  if (!from || from.pathname === '/login') return '/';
  return `${from.pathname}${from.search ?? ''}${from.hash ?? ''}`;
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

  const onFinish = async (values: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      await login(values.username.trim(), values.password);
      navigate(target, { replace: true });
    } catch (e) {
      setError(e instanceof ApiError || e instanceof Error ? e.message : t('login.failed'));
    } finally {
      setSubmitting(false);
    }
  };

  const features = [
    { icon: <ApartmentOutlined />, title: t('login.feature1'), desc: t('login.feature1Desc') },
    { icon: <SafetyCertificateOutlined />, title: t('login.feature2'), desc: t('login.feature2Desc') },
    { icon: <TeamOutlined />, title: t('login.feature3'), desc: t('login.feature3Desc') },
  ];

  return (
    <div className="gz-login">
      <div className="gz-login-topbar">
        <div className="gz-brand">
          <Logo size={36} />
          <div className="gz-brand-text">
            <span className="gz-brand-name">{t('app.name')}</span>
            <span className="gz-brand-slogan">{t('app.slogan')}</span>
          </div>
        </div>
        <Button
          type="text"
          className="gz-header-btn"
          icon={<GlobalOutlined />}
          data-testid="lang-toggle"
          onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
        >
          {t('lang.switch')}
        </Button>
      </div>
      <div className="gz-login-body">
        <div className="gz-login-hero">
          <Typography.Title level={1} className="gz-login-hero-title">
            {t('app.fullName')}
          </Typography.Title>
          <div className="gz-login-hero-line" />
          <ul className="gz-login-features">
            {features.map((f) => (
              <li key={f.title}>
                <span className="gz-login-feature-icon">{f.icon}</span>
                <div>
                  <div className="gz-login-feature-title">{f.title}</div>
                  <div className="gz-login-feature-desc">{f.desc}</div>
                </div>
              </li>
            ))}
          </ul>
        </div>
        <Card className="gz-login-card" variant="borderless">
          <Typography.Title level={3} className="gz-login-card-title">
            {t('login.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
          {error && (
            <Alert
              type="error"
              showIcon
              message={error}
              className="gz-login-error"
              data-testid="login-error"
              role="alert"
            />
          )}
          <Form<LoginForm> layout="vertical" size="large" onFinish={onFinish} requiredMark={false}>
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input
                prefix={<UserOutlined />}
                autoComplete="username"
                placeholder={t('login.username')}
                id="login-username"
                autoFocus
              />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password
                prefix={<LockOutlined />}
                autoComplete="current-password"
                placeholder={t('login.password')}
                id="login-password"
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
              {t('login.submit')}
            </Button>
          </Form>
        </Card>
      </div>
      <div className="gz-login-footer">{t('app.footer')}</div>
    </div>
  );
}

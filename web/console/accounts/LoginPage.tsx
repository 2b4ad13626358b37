import { Navigate } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { ApartmentOutlined, LockOutlined, SafetyCertificateOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';
import { useLogin, type LoginForm } from '../../shared/useLogin';
import { Brand, LangButton } from '../components';

export default function LoginPage() {
  const { t } = useI18n();
  const { target, done, error, submitting, onFinish } = useLogin({ withHash: true, failed: t('login.failed') });

  if (done) return <Navigate to={target} replace />;

  const features = [
    { icon: <ApartmentOutlined />, title: t('login.feature1'), desc: t('login.feature1Desc') },
    { icon: <SafetyCertificateOutlined />, title: t('login.feature2'), desc: t('login.feature2Desc') },
    { icon: <TeamOutlined />, title: t('login.feature3'), desc: t('login.feature3Desc') },
  ];

  return (
    <div className="gz-login">
      <div className="gz-login-topbar">
        <Brand logoSize={36} />
        <LangButton />
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

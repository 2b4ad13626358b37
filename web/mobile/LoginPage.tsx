import { Navigate } from 'react-router-dom';
import { Button, Form, Input } from 'antd-mobile';
import { useI18n } from './i18n';
import { Logo } from '../shared/Logo';
import { useLogin } from '../shared/useLogin';
import { LangToggle } from './LangToggle';

export default function LoginPage() {
  const { t } = useI18n();
  const { target, done, error, submitting, onFinish } = useLogin({ withHash: false, failed: t('login.failed') });

  if (done) return <Navigate to={target} replace />;

  return (
    <div className="m-login">
      <div className="m-login-banner">
        <LangToggle />
        <Logo size={56} />
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

/**
 * Sign-in. Says plainly why a sign-in failed: wrong name or password, or an account locked after
 * five failures (with the minutes left, from Retry-After), and what to do about it.
 */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client.js';
import { useAuth } from '../auth/auth-context.js';
import { LanguageSwitch } from '../components/language-switch.js';
import { useT, type TranslateFn } from '../i18n/i18n.js';
import { describeError } from '../lib/describe-error.js';

interface LoginForm {
  username: string;
  password: string;
}

/** Only same-app paths are followed after sign-in (no open redirect through ?next=). */
function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}

function loginErrorText(err: unknown, t: TranslateFn): { message: string; hint: string } {
  if (err instanceof ApiError) {
    if (err.status === 401) return { message: t('login.badCredentials'), hint: t('login.badCredentials.hint') };
    if (err.status === 423 || err.status === 429) {
      const minutes = err.retryAfterSeconds !== undefined ? Math.max(1, Math.ceil(err.retryAfterSeconds / 60)) : 15;
      return { message: t('login.locked', { minutes }), hint: t('login.locked.hint') };
    }
  }
  return describeError(err, t);
}

export function LoginPage() {
  const t = useT();
  const { user, login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<{ message: string; hint: string } | null>(null);
  const next = safeNext(params.get('next'));

  if (user) return <Navigate to={next} replace />;

  const onFinish = async (values: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      await login({ username: values.username.trim(), password: values.password });
      navigate(next, { replace: true });
    } catch (err) {
      setError(loginErrorText(err, t));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="zc-login">
      <div className="zc-login-lang">
        <LanguageSwitch size="small" />
      </div>
      <div className="zc-login-brand">
        <div className="zc-logo-mark" aria-hidden>
          智
        </div>
        <Typography.Title level={2} style={{ color: '#fff', margin: 0 }}>
          {t('app.brand')}
        </Typography.Title>
        <Typography.Text style={{ color: 'rgba(255,255,255,0.8)' }}>{t('login.tagline')}</Typography.Text>
      </div>
      <Card className="zc-login-card" title={t('login.title', { city: t('app.city') })}>
        {params.get('expired') === '1' && !error && <Alert type="info" showIcon title={t('login.expired')} style={{ marginBottom: 16 }} />}
        {error && (
          <Alert
            type="error"
            showIcon
            title={error.message}
            description={error.hint}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        )}
        <Form<LoginForm> layout="vertical" onFinish={onFinish} requiredMark={false} autoComplete="on">
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.username.required') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.password.required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={submitting} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          {t('login.help')}
        </Typography.Paragraph>
      </Card>
      <div className="zc-login-footer">{t('login.footer')}</div>
    </div>
  );
}

import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import { switchLanguage } from '../i18n/i18n';
import { askNotificationPermission } from '../live/critical-cue';
import { setSession, type Session } from './session';

/** The first page: username and password; a refused or throttled login says why. */
export function LoginPage() {
  const { t, i18n } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const session = await api<Session>('/api/auth/login', { method: 'POST', body: values });
      askNotificationPermission();
      setSession(session);
    } catch (failure) {
      setError(loginError(failure));
    } finally {
      setBusy(false);
    }
  };

  const loginError = (failure: unknown): string => {
    if (failure instanceof ApiError && failure.status === 401) return t('login.wrong');
    if (failure instanceof ApiError && failure.status === 429) return failure.retryAfterS ? t('login.tooMany', { seconds: failure.retryAfterS }) : t('login.tooManyNoWait');
    return t('login.failed', { message: failure instanceof Error ? failure.message : String(failure) });
  };

  return (
    <main className="login-page" id="main">
      <Card className="login-card">
        <Typography.Title level={1} className="login-title">
          {t('app.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon role="alert" title={error} className="login-error" />}
        <Form layout="vertical" onFinish={(values: { username: string; password: string }) => void submit(values)} requiredMark={false}>
          <Form.Item label={t('login.username')} name="username" rules={[{ required: true, message: t('login.username') }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.password') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
        <Button type="link" title={t('nav.languageLabel')} lang={i18n.language === 'en' ? 'zh-CN' : 'en'} onClick={() => switchLanguage(i18n.language === 'en' ? 'zh-CN' : 'en')}>
          {t('nav.language')}
        </Button>
      </Card>
    </main>
  );
}

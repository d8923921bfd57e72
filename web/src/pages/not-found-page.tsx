/** 404: a path the app does not know. */
import { Button, Result } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import { useT } from '../i18n/i18n.js';

export function NotFoundPage() {
  const t = useT();
  const navigate = useNavigate();
  const location = useLocation();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('notFound.hint', { path: location.pathname })}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('notFound.home')}
        </Button>
      }
    />
  );
}

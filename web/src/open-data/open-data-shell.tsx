/** The portal's frame: a header with the title and the language switch, no staff navigation. */
import { Suspense, type ReactNode } from 'react';
import { Typography } from 'antd';
import { Link } from 'react-router-dom';
import { FullPageSpin } from '../components/full-page-spin.js';
import { LanguageSwitch } from '../components/language-switch.js';
import { useT } from '../i18n/i18n.js';
import './open-data.css';

export function OpenDataShell({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <div className="zc-od">
      <header className="zc-od-head">
        <Link to="/open-data" className="zc-od-brand">
          <Typography.Title level={3} style={{ margin: 0, color: 'inherit' }}>
            {t('openData.title')}
          </Typography.Title>
        </Link>
        <LanguageSwitch />
      </header>
      <main className="zc-od-main">
        <Suspense fallback={<FullPageSpin />}>{children}</Suspense>
      </main>
    </div>
  );
}

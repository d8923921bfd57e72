/** A centred spinner for the moment before the session is known. */
import { Spin } from 'antd';
import { useT } from '../i18n/i18n.js';

export function FullPageSpin() {
  const t = useT();
  return (
    <div className="zc-full-page-center">
      <Spin size="large" description={t('common.loading')} />
    </div>
  );
}

/** 中文 / English switch; the choice persists (see i18n.tsx). */
import { Segmented } from 'antd';
import { useLocale, type Locale } from '../i18n/i18n.js';

export function LanguageSwitch({ size = 'middle' }: { size?: 'small' | 'middle' }) {
  const { locale, setLocale } = useLocale();
  return (
    <Segmented<Locale>
      size={size}
      value={locale}
      onChange={setLocale}
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'English', value: 'en-US' },
      ]}
      data-testid="language-switch"
    />
  );
}

/**
 * Locale and look: our dictionary, antd's own locale (pickers, pagination, empty states) and the
 * date library's month/week names all switch together.
 */
import type { ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import antZhCN from 'antd/es/locale/zh_CN.js';
import antEnUS from 'antd/es/locale/en_US.js';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { I18nProvider, useLocale } from './i18n/i18n.js';

const theme = {
  token: {
    colorPrimary: '#1456b8',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif",
  },
};

function LocalisedAntd({ children }: { children: ReactNode }) {
  const { locale } = useLocale();
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? antZhCN : antEnUS} theme={theme}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

/** Every provider the screens rely on. */
export function AppProviders({ children }: { children: ReactNode }) {
  return (
    <I18nProvider>
      <LocalisedAntd>{children}</LocalisedAntd>
    </I18nProvider>
  );
}

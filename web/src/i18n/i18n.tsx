/**
 * Locale state and the `useT()` hook. zh-CN is the default (Chinese first); en-US is the second
 * language, and the choice is kept in localStorage so a reload keeps it.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { zhCN, type MessageKey } from './zh-CN.js';
import { enUS } from './en-US.js';

export type Locale = 'zh-CN' | 'en-US';

export const LOCALES: readonly Locale[] = ['zh-CN', 'en-US'];

const STORAGE_KEY = 'zc.locale';

const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };

/** Values substituted for `{name}` placeholders. */
export type MessageVars = Record<string, string | number>;

/** Translate a key, substituting `{name}` placeholders. */
export type TranslateFn = (key: MessageKey, vars?: MessageVars) => string;

interface I18nState {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: TranslateFn;
}

function readStoredLocale(): Locale {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored === 'zh-CN' || stored === 'en-US') return stored;
  } catch {
    // Storage can be disabled (private mode); the default is fine then.
  }
  return 'zh-CN';
}

/** Format one message of `locale` (exported for code outside React, e.g. CSV headers). */
export function translate(locale: Locale, key: MessageKey, vars?: MessageVars): string {
  const template = DICTIONARIES[locale][key] ?? zhCN[key] ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole,
  );
}

const I18nContext = createContext<I18nState | null>(null);

/** Provides the locale to the tree; put it above everything that shows text. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(readStoredLocale);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisted; the switch still applies to this tab.
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const t = useCallback<TranslateFn>((key, vars) => translate(locale, key, vars), [locale]);
  const value = useMemo(() => ({ locale, setLocale, t }), [locale, setLocale, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

function useI18n(): I18nState {
  const state = useContext(I18nContext);
  if (!state) throw new Error('useT() must be used inside <I18nProvider>');
  return state;
}

/** The translate function of the current locale. */
export function useT(): TranslateFn {
  return useI18n().t;
}

/** The current locale and its setter (language switch). */
export function useLocale(): { locale: Locale; setLocale: (locale: Locale) => void } {
  const { locale, setLocale } = useI18n();
  return { locale, setLocale };
}

/** Pick the zh or en name of a catalogue entry (roles, permissions). */
export function localName(locale: Locale, entry: { name: string; nameEn?: string }): string {
  return locale === 'en-US' && entry.nameEn ? entry.nameEn : entry.name;
}

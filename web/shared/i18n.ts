/**
 * The UI language, shared by the console and the phone: one provider keeps the language (saved in
 * localStorage, sent as Accept-Language), and each app makes its own `useI18n()` from its own
 * dictionary with makeI18n(), so the phone's bundle carries only the phone's strings.
 */
import { createContext, createElement, useCallback, useContext, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { setApiLanguage, type ApiLanguage } from './api';

export type Lang = ApiLanguage;
export const LANG_STORAGE_KEY = 'gongzhi.lang';

export function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(LANG_STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    /* storage unavailable (private mode) */
  }
  return 'zh-CN';
}

/** `{name}` placeholders filled from vars. */
export function fill(text: string, vars?: Record<string, string | number>): string {
  let s = text;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

interface LangState {
  lang: Lang;
  setLang: (l: Lang) => void;
}

const LangContext = createContext<LangState | null>(null);

/** The app's language (wrap the app once). */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = initialLang();
    setApiLanguage(l);
    return l;
  });
  const setLang = useCallback((l: Lang) => {
    setApiLanguage(l);
    try {
      localStorage.setItem(LANG_STORAGE_KEY, l);
    } catch {
      /* ignore */
    }
    document.documentElement.lang = l;
    setLangState(l);
  }, []);
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return createElement(LangContext.Provider, { value }, children);
}

export function useLang(): LangState {
  const ctx = useContext(LangContext);
  if (!ctx) throw new Error('useLang must be used inside <I18nProvider>');
  return ctx;
}

export interface I18nOf<K extends string> {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: (key: K, vars?: Record<string, string | number>) => string;
  /** Role label, e.g. grid_worker → 网格员 (falls back to the raw name). */
  roleName: (role: string) => string;
  /** Level label, e.g. street → 街道. */
  levelName: (level: string) => string;
}

/** An app's translate() and useI18n() over its dictionary (zh-CN is the fallback for a missing key). */
/**
 * A part of a dictionary: its Chinese strings first, then the English, which must have exactly the
 * same keys (a missing or an extra English string does not compile).
 */
export function dictionary<K extends string>(zh: Record<K, string>, en: NoInfer<Record<K, string>>): Record<Lang, Record<K, string>> {
  return { 'zh-CN': zh, en };
}

export function makeI18n<K extends string>(messages: Record<Lang, Record<K, string>>) {
  const translate = (lang: Lang, key: K, vars?: Record<string, string | number>): string =>
    fill(messages[lang][key] ?? messages['zh-CN'][key] ?? key, vars);
  const label = (lang: Lang, prefix: string, code: string) => {
    const k = `${prefix}.${code}` as K;
    return k in messages[lang] ? translate(lang, k) : code;
  };
  function useI18n(): I18nOf<K> {
    const { lang, setLang } = useLang();
    return useMemo(
      () => ({
        lang,
        setLang,
        t: (key: K, vars?: Record<string, string | number>) => translate(lang, key, vars),
        roleName: (role: string) => label(lang, 'role', role),
        levelName: (level: string) => label(lang, 'level', level),
      }),
      [lang, setLang],
    );
  }
  return { translate, useI18n };
}

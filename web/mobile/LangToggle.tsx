import { useI18n } from './i18n';

/** The phone's 中文 / English switch. */
export function LangToggle() {
  const { t, lang, setLang } = useI18n();
  return (
    <button type="button" className="m-lang" data-testid="m-lang-toggle" onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}>
      {t('lang.switch')}
    </button>
  );
}

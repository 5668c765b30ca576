import { SHIPPED } from '../i18n/catalogs.ts';
import { browserLocale, chooseLanguage, language } from '../i18n/language.ts';
import { t } from '../i18n/translate.ts';

/** A language's name in that language ("Deutsch", "العربية"), as a language menu lists it. */
function nameOf(locale: string): string {
  return new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
}

/** The app's language: the browser's (the default), or one the viewer picks; applied at once. */
export function LanguageSetting() {
  const { choice } = language.value;
  return (
    <label class="setting">
      {t('downloads.language')}
      <select
        value={choice ?? ''}
        onChange={(event) => {
          const menu = event.currentTarget;
          // A language that cannot load (offline, never kept): the menu goes back to the one shown.
          chooseLanguage(menu.value || undefined).catch(() => (menu.value = language.value.choice ?? ''));
        }}
      >
        <option value="">{t('downloads.languageAuto', { language: nameOf(browserLocale()) })}</option>
        {SHIPPED.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {nameOf(locale)}
          </option>
        ))}
      </select>
    </label>
  );
}

import { describe, expect, it } from 'vitest';
import { directionOf, matchLocale } from '../../../src/i18n/locales.ts';

const shipped = ['en', 'es', 'de', 'fr', 'pt-BR', 'ja', 'ar'];

describe('the viewer’s language', () => {
  it('is the first of the browser’s languages that is shipped: the same tag, else the same language', () => {
    expect(matchLocale(['de-DE', 'en'], shipped)).toBe('de');
    expect(matchLocale(['pt'], shipped)).toBe('pt-BR');
    expect(matchLocale(['pt-PT', 'en'], shipped)).toBe('pt-BR');
    expect(matchLocale(['PT-br'], shipped)).toBe('pt-BR');
    expect(matchLocale(['sv', 'ja-JP'], shipped)).toBe('ja');
    expect(matchLocale(['sv', 'fi'], shipped)).toBe('en');
    expect(matchLocale([], shipped)).toBe('en');
  });

  it('reads right to left in Arabic', () => {
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('ar-EG')).toBe('rtl');
    expect(directionOf('en')).toBe('ltr');
    expect(directionOf('arn')).toBe('ltr');
  });
});

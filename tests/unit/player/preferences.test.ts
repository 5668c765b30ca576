import { describe, expect, it } from 'vitest';
import type { Caption } from '../../../src/core/catalog.ts';
import { captionsToTurnOn, matchCaptions, stepRate } from '../../../src/player/preferences.ts';

const captions = (...languages: string[]): Caption[] => languages.map((lang) => ({ lang, label: lang, url: `https://e.test/${lang}.vtt` }));

describe('the captions track that matches a language', () => {
  const lang = (available: Caption[], language: string | undefined) => matchCaptions(available, language)?.lang;

  it('is the same tag first, then the language alone, then the language in any region', () => {
    expect(lang(captions('pt', 'pt-BR', 'en'), 'pt-BR')).toBe('pt-BR');
    expect(lang(captions('pt-PT', 'pt', 'en'), 'pt-BR')).toBe('pt');
    expect(lang(captions('en', 'pt-PT'), 'pt-BR')).toBe('pt-PT');
    expect(lang(captions('en', 'de', 'es'), 'de-DE')).toBe('de');
    expect(lang(captions('en', 'de-AT', 'de-DE'), 'de')).toBe('de-AT');
  });

  it('ignores case, and is none for another language or no language', () => {
    expect(lang(captions('en', 'PT-br'), 'pt-BR')).toBe('PT-br');
    expect(lang(captions('en', 'es'), 'de')).toBeUndefined();
    expect(lang(captions('en', 'es'), undefined)).toBeUndefined();
    expect(lang([], 'en')).toBeUndefined();
  });
});

describe('captions turned on with C', () => {
  it('come on in the language last chosen, if the episode has it', () => {
    expect(captionsToTurnOn(captions('en', 'es'), { rate: 1, lastCaptionsLanguage: 'es' }, 'en')).toBe('es');
    expect(captionsToTurnOn(captions('en', 'es-419'), { rate: 1, lastCaptionsLanguage: 'es' }, 'en')).toBe('es-419');
  });

  it('else in the app’s language (a region falls back to the language, and back), else the first', () => {
    expect(captionsToTurnOn(captions('en', 'pt', 'pt-BR'), { rate: 1, lastCaptionsLanguage: 'de' }, 'pt-BR')).toBe('pt-BR');
    expect(captionsToTurnOn(captions('en', 'es', 'de-DE'), { rate: 1 }, 'de')).toBe('de-DE');
    expect(captionsToTurnOn(captions('es', 'en'), { rate: 1 }, 'en')).toBe('en');
    expect(captionsToTurnOn(captions('fr', 'es'), { rate: 1 }, 'en')).toBe('fr');
  });

  it('are none for an episode without captions', () => {
    expect(captionsToTurnOn([], { rate: 1, lastCaptionsLanguage: 'en' }, 'en')).toBeUndefined();
  });
});

describe('speed steps (Shift+. and Shift+,)', () => {
  it('steps through 0.75–2× and stops at the ends', () => {
    expect(stepRate(1, 1)).toBe(1.25);
    expect(stepRate(1, -1)).toBe(0.75);
    expect(stepRate(0.75, -1)).toBe(0.75);
    expect(stepRate(2, 1)).toBe(2);
  });

  it('from a rate between steps (set by the native controls), goes to the neighbouring step', () => {
    expect(stepRate(1.1, 1)).toBe(1.25);
    expect(stepRate(1.1, -1)).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import type { Caption } from '../../../src/core/catalog.ts';
import { captionsToTurnOn, stepRate } from '../../../src/player/preferences.ts';

const captions = (...languages: string[]): Caption[] => languages.map((lang) => ({ lang, label: lang, url: `https://e.test/${lang}.vtt` }));

describe('captions turned on with C', () => {
  it('come on in the language last chosen, if the episode has it', () => {
    expect(captionsToTurnOn(captions('en', 'es'), { rate: 1, lastCaptionsLanguage: 'es' }, 'en-US')).toBe('es');
  });

  it('else in the browser language (a region falls back to the language), else the first', () => {
    expect(captionsToTurnOn(captions('en', 'pt-BR'), { rate: 1, lastCaptionsLanguage: 'de' }, 'pt-BR')).toBe('pt-BR');
    expect(captionsToTurnOn(captions('es', 'en'), { rate: 1 }, 'en-GB')).toBe('en');
    expect(captionsToTurnOn(captions('fr', 'es'), { rate: 1 }, 'en-GB')).toBe('fr');
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

import { afterEach, describe, expect, it, vi } from 'vitest';
import { SHIPPED } from '../../../src/i18n/catalogs.ts';
import { formatMessage } from '../../../src/i18n/format.ts';
import { en } from '../../../src/i18n/messages/en.ts';
import { ptBR } from '../../../src/i18n/messages/pt-BR.ts';
import { checkPublisherWords, wellFormed } from '../../../src/i18n/publisherCheck.ts';
import { appliesTo, withPublisherWords } from '../../../src/i18n/publisherWords.ts';

// The console names the reasons for the publisher; here the returned list is what is checked.
afterEach(() => vi.restoreAllMocks());
const quiet = () => vi.spyOn(console, 'warn').mockImplementation(() => undefined);

describe('the publisher’s words (config.json messages)', () => {
  it('a valid message replaces the catalog’s text for its language, and only there', () => {
    const { words, ignored } = checkPublisherWords({ en: { 'card.download': 'Get it', 'card.episode': 'Show {number}' } }, en, SHIPPED);
    expect(ignored).toEqual([]);
    const messages = withPublisherWords(en, 'en', words);
    expect(messages['card.download']).toBe('Get it');
    expect(formatMessage(messages['card.episode'], { number: 3 })).toBe('Show 3');
    expect(messages['card.delete']).toBe('Delete'); // the rest as shipped
    expect(withPublisherWords(ptBR, 'pt-BR', words)['card.download']).toBe(ptBR['card.download']);
  });

  it('refuses an unknown id, a text that is not a string, and a language no shipped locale takes, naming each', () => {
    quiet();
    const { words, ignored } = checkPublisherWords(
      { en: { 'card.downlaod': 'Get it', 'card.delete': 42, 'card.retry': 'Again' }, it: { 'card.download': 'Scarica' }, 'pt-PT': {}, de: 'Laden' },
      en,
      SHIPPED,
    );
    expect(ignored).toEqual(['card.downlaod (en)', 'card.delete (en)', 'it', 'pt-PT', 'de']);
    expect(words).toEqual({ en: { 'card.retry': 'Again' } });
    expect(checkPublisherWords(['not', 'languages'], en, SHIPPED).ignored).toEqual(['messages']);
  });

  it('refuses a text whose arguments differ from the app’s: one missing, one added, one misspelt', () => {
    quiet();
    const { words, ignored } = checkPublisherWords(
      {
        en: {
          'card.progressOf': 'Download progress',
          'card.download': 'Download {title}',
          'control.downloading': 'Downloading {percnt}% · {amount}',
          'downloads.summary': '{count, plural, one {# show} other {# shows}} · {size}',
        },
      },
      en,
      SHIPPED,
    );
    expect(ignored).toEqual(['card.progressOf (en)', 'card.download (en)', 'control.downloading (en)']);
    expect(Object.keys(words.en!)).toEqual(['downloads.summary']);
  });

  it('refuses a text that does not parse as the formatter reads it', () => {
    for (const broken of ['Play {', 'Play }', '{}', '{a b}', '{n, plural, one {#}}', '{n, plural, some {#} other {#}}', '{n, ordinal, other {#}}', '{n, plural, other {# {x}}', '{n, select, other x}']) {
      expect(wellFormed(broken), broken).toBe(false);
    }
    for (const fine of ['Play', 'Play # now', '{title}', '{ title }', '{n, plural, =0 {none} one {# one} other {# {x} more}}', '{d, select, back {Back} other {On}}']) {
      expect(wellFormed(fine), fine).toBe(true);
    }
    // The worker fills in {name} only: its words take no plural or select.
    expect(wellFormed('{n, plural, other {#}}', true)).toBe(false);
    quiet();
    expect(checkPublisherWords({ en: { 'sw.downloaded': '{title, select, other {Stored: {title}}}' } }, en, SHIPPED).ignored).toEqual(['sw.downloaded (en)']);
  });

  it('a bare language applies to every shipped locale of that language, the exact tag over it', () => {
    expect(appliesTo('pt', 'pt-BR')).toBe(true);
    expect(appliesTo('PT-br', 'pt-BR')).toBe(true);
    expect(appliesTo('pt-PT', 'pt-BR')).toBe(false);
    expect(appliesTo('en-GB', 'en')).toBe(false);
    const { words, ignored } = checkPublisherWords({ 'pt-BR': { 'card.retry': 'De novo' }, pt: { 'card.download': 'Baixar agora', 'card.retry': 'Outra vez' } }, ptBR, SHIPPED);
    expect(ignored).toEqual([]);
    const messages = withPublisherWords(ptBR, 'pt-BR', words);
    expect([messages['card.download'], messages['card.retry']]).toEqual(['Baixar agora', 'De novo']);
  });
});

// config.json's `messages` through the page's start: read with the file, checked, in use before
// the first render (readPageConfig resolves), kept across a change of language, handed to the
// worker. The page's globals the start touches are stood in for (no DOM in the unit tests).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { readPageConfig } from '../../../src/catalog/pageConfig.ts';
import { chooseLanguage, startLanguage } from '../../../src/i18n/language.ts';
import { active, t } from '../../../src/i18n/translate.ts';
import { readLanguage } from '../../../src/i18n/workerMessages.ts';
import { freshDb } from '../fakes.ts';

const base = 'https://episodes.example/app/';
const answer = (body: unknown, status = 200) => Promise.resolve(new Response(JSON.stringify(body), { status }));

function page(languages: readonly string[]): Map<string, string> {
  const stored = new Map<string, string>();
  vi.stubGlobal('navigator', { languages });
  vi.stubGlobal('document', { documentElement: {}, title: '', querySelector: () => null });
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => stored.get(key) ?? null,
    setItem: (key: string, value: string) => void stored.set(key, value),
    removeItem: (key: string) => void stored.delete(key),
  });
  return stored;
}

beforeEach(() => {
  vi.unstubAllGlobals();
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

describe('config.json’s messages at the page’s start', () => {
  it('applies a valid one before the first render, refuses an unknown id and wrong arguments with one notice naming them', async () => {
    page(['en-US']);
    const db = freshDb();
    const started = startLanguage(db);
    const { config, notice } = await readPageConfig(
      answer({ name: 'The Show', messages: { en: { 'card.download': 'Get it', 'card.nope': 'x', 'card.episode': 'Show {num}', 'sw.downloaded': 'Saved: {title}' } } }),
      base,
      started,
    );
    expect(config.name).toBe('The Show');
    expect(t('card.download')).toBe('Get it');
    expect(t('card.episode', { number: 3 })).toBe('Episode 3'); // refused: the catalog's
    expect(notice).toBe('2 of this site’s messages (config.json) were ignored: card.nope (en), card.episode (en).');
    // The worker's words follow.
    await expect.poll(async () => (await readLanguage(await db))?.worker['sw.downloaded']).toBe('Saved: {title}');
  });

  it('reads the URL form against config.json, keeps its last copy for an offline start, and says when it cannot be loaded', async () => {
    page(['en']);
    const fetched = vi.fn<typeof fetch>(() => answer({ en: { 'card.download': 'Fetch it' } }));
    vi.stubGlobal('fetch', fetched);
    const started = startLanguage(freshDb());
    const config = { messages: 'words/messages.json' };
    expect((await readPageConfig(answer(config), base, started)).notice).toBeUndefined();
    expect(String(fetched.mock.calls[0]![0])).toBe('https://episodes.example/app/words/messages.json');
    expect(t('card.download')).toBe('Fetch it');

    // Offline: the copy, silently.
    fetched.mockImplementation(() => Promise.reject(new TypeError('Failed to fetch')));
    expect((await readPageConfig(answer(config), base, started)).notice).toBeUndefined();
    expect(t('card.download')).toBe('Fetch it');

    // A broken file, or none reachable and no copy: a notice, never a broken start.
    fetched.mockImplementation(() => answer('', 404));
    expect((await readPageConfig(answer(config), base, started)).notice).toBe(
      'This site’s messages (words/messages.json) could not be loaded: HTTP 404. Using the last ones loaded.',
    );
    fetched.mockImplementation(() => Promise.reject(new TypeError('Failed to fetch')));
    expect((await readPageConfig(answer({ messages: 'other.json' }), base, started)).notice).toBe(
      'This site’s messages (other.json) could not be loaded: Failed to fetch. Using the app’s own.',
    );
    expect((await readPageConfig(answer({ messages: 'javascript:alert(1)' }), base, started)).notice).toMatch(/not an http\(s\) URL/);
  });

  it("a file of words that fails before the start's catalog is in use is reported in the catalog's words, never as an id", async () => {
    page(['en']);
    const english = { ...active };
    // Before the catalog: the page's `t` gives ids; the start's catalog comes in after the failure.
    Object.assign(active, { messages: {}, format: (message: string) => message });
    let wordsIn = () => {};
    const worded = new Promise<void>((resolve) => (wordsIn = () => resolve(void Object.assign(active, english))));
    try {
      const config = readPageConfig(answer({ messages: 'javascript:alert(1)' }), base, worded);
      // Every step the read can take without the catalog has run (its answer is in memory): it has failed by now.
      await new Promise((resolve) => setImmediate(resolve));
      wordsIn();
      expect((await config).notice).toMatch(/^This site’s messages \(javascript:alert\(1\)\) could not be loaded: not an http\(s\) URL/);
    } finally {
      Object.assign(active, english);
    }
  });

  it('a bare language applies to the locale of that language (pt → pt-BR), again after a change of language', async () => {
    page(['pt-PT']);
    const started = startLanguage(freshDb());
    await readPageConfig(answer({ messages: { pt: { 'card.download': 'Baixar já' } } }), base, started);
    expect(t('card.download')).toBe('Baixar já');
    await chooseLanguage('de');
    expect(t('card.download')).toBe('Herunterladen');
    await chooseLanguage('pt-BR');
    expect(t('card.download')).toBe('Baixar já');
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { fillArguments, LANGUAGE_KEY, workerMessages, workerSubset } from '../../../src/i18n/workerMessages.ts';
import { en } from '../../../src/i18n/messages/en.ts';
import { freshDb, useFreshIndexedDb } from '../fakes.ts';

describe('the worker’s words', () => {
  beforeEach(useFreshIndexedDb);

  it('are English before any page chose a language', async () => {
    const db = await freshDb();
    const messages = await workerMessages(db);
    expect(fillArguments(messages['sw.downloaded'], { title: 'Episode 3' })).toBe('Downloaded: \u2068Episode 3\u2069');
  });

  it('follow the language the page wrote, English for what it lacks, and only the worker’s ids', async () => {
    const db = await freshDb();
    const worker = { 'sw.downloaded': 'Heruntergeladen: {title}', 'card.download': 'Laden', 'sw.failed': 42 };
    await db.put('preferences', { locale: 'de', worker: worker as never }, LANGUAGE_KEY);
    const messages = await workerMessages(db);
    expect(fillArguments(messages['sw.downloaded'], { title: 'Folge 3' })).toBe('Heruntergeladen: \u2068Folge 3\u2069');
    expect(messages['sw.failed']).toBe('Download failed: {title}');
    expect(Object.keys(messages).sort()).toEqual(['sw.downloaded', 'sw.failed']);
  });

  it('are what the page hands it: the sw.* subset of its catalog', () => {
    expect(workerSubset(en)).toEqual({ 'sw.downloaded': 'Downloaded: {title}', 'sw.failed': 'Download failed: {title}' });
  });

  it('fill arguments, leaving an unknown one visible', () => {
    expect(fillArguments('{title} · {other}', { title: 'A' })).toBe('\u2068A\u2069 · {other}');
  });
});

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGS } from '../../../src/i18n/catalogs.ts';
import { argumentNames } from '../../../src/i18n/format.ts';
import { en } from '../../../src/i18n/messages/en.ts';
import { workerEnglish } from '../../../src/i18n/workerEnglish.ts';

// Every file in messages/, so a translator's new file is checked before it is wired in.
const folder = new URL('../../../src/i18n/messages/', import.meta.url);
const files = readdirSync(folder).filter((file) => file.endsWith('.ts'));

describe('every catalog', () => {
  it.each(files)('%s has every English id, no other, with the same arguments', async (file) => {
    const module = (await import(new URL(file, folder).href)) as Record<string, Record<string, unknown>>;
    const [catalog] = Object.values(module);
    expect(catalog, `${file} exports its catalog`).toBeDefined();
    expect(Object.keys(catalog!).sort()).toEqual(Object.keys(en).sort());
    for (const [id, english] of Object.entries(en)) {
      const text = catalog![id];
      expect(typeof text, id).toBe('string');
      expect(argumentNames(text as string), `${file}: ${id}`).toEqual(argumentNames(english));
      // The worker fills arguments in itself (workerMessages.ts): no plural or select there.
      if (id in workerEnglish) expect(text, `${file}: ${id}`).not.toMatch(/,\s*(plural|select)\s*,/);
    }
  });

  it('is in the loader map, and the map names only files that exist', () => {
    const locales = files.map((file) => file.replace(/\.ts$/, ''));
    expect(Object.keys(CATALOGS).sort()).toEqual(locales.sort());
  });

  it('loads as the language chunk', async () => {
    expect(await CATALOGS.en!()).toBe(en);
  });
});

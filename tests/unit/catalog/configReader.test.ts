import { describe, expect, it } from 'vitest';
import { readAppConfig, readConfigResponse } from '../../../src/catalog/configReader.ts';
import type { AppConfig, ConfigMemory } from '../../../src/catalog/configTypes.ts';

const base = 'https://episodes.example/app/';
const defaults = { catalogUrl: 'https://episodes.example/api/catalog.json', mediaOrigins: [] };
const answer = (body: string, status = 200) => Promise.resolve(new Response(body, { status }));

describe('config.json', () => {
  it('gives the catalog (relative to config.json), media origins, name and colour', () => {
    expect(
      readAppConfig(
        { catalogUrl: 'feeds/main.rss', mediaOrigins: ['https://cdn.example/videos/'], name: ' Screencasts ', shortName: 'Casts', themeColor: '#ff6600' },
        `${base}config.json`,
        defaults,
      ),
    ).toEqual({ catalogUrl: 'https://episodes.example/app/feeds/main.rss', mediaOrigins: ['https://cdn.example'], name: 'Screencasts', shortName: 'Casts', themeColor: '#ff6600' });
  });

  it('every field is optional: what is left out stays as built', () => {
    expect(readAppConfig({}, `${base}config.json`, defaults)).toMatchObject(defaults);
  });

  it('refuses a field that is wrong, naming it', () => {
    const read = (json: unknown) => () => readAppConfig(json, `${base}config.json`, defaults);
    expect(read([])).toThrow('not a JSON object');
    expect(read({ catalogUrl: 'javascript:alert(1)' })).toThrow('catalogUrl is not an http(s) URL');
    expect(read({ catalogUrl: 42 })).toThrow('catalogUrl is not an http(s) URL');
    expect(read({ mediaOrigins: 'https://cdn.example' })).toThrow('mediaOrigins is not a list');
    expect(read({ mediaOrigins: ['data:,x'] })).toThrow('mediaOrigins is not an http(s) URL');
    expect(read({ themeColor: 'red; background: url(x)' })).toThrow('themeColor');
    expect(read({ name: 'x'.repeat(61) })).toThrow('name is not a short text');
  });

  it('a broken file keeps the defaults with a notice; a missing one (404, or offline with no copy) is the defaults, silently', async () => {
    expect(await readConfigResponse(answer('{ "catalogUrl": '), base)).toEqual({
      config: expect.objectContaining({ catalogUrl: 'https://episodes.example/api/catalog.json' }),
      notice: 'This site’s settings (config.json) could not be read: not valid JSON. Using the app’s own.',
    });
    expect((await readConfigResponse(answer('{"themeColor":"blue"}'), base)).notice).toMatch(/themeColor is not a #rgb or #rrggbb colour/);
    expect((await readConfigResponse(answer('oops', 500), base)).notice).toMatch(/HTTP 500/);
    expect(await readConfigResponse(answer('Not found', 404), base)).toEqual({ config: expect.objectContaining({ catalogUrl: 'https://episodes.example/api/catalog.json' }) });
    expect(await readConfigResponse(Promise.reject(new TypeError('Failed to fetch')), base)).toEqual({ config: expect.objectContaining({ mediaOrigins: [] }) });
  });

  it('remembers the last good file: a broken edit, or no network, keeps its catalog; a removed file (404) is the defaults, said once', async () => {
    let kept: AppConfig | undefined;
    const memory: ConfigMemory = { get: () => kept, set: (config) => (kept = config) };
    const feed = await readConfigResponse(answer('{"catalogUrl":"/feeds/show.rss","name":"The Show"}'), base, memory);
    expect(feed.config.catalogUrl).toBe('https://episodes.example/feeds/show.rss');
    expect(kept).toEqual(feed.config);

    const broken = await readConfigResponse(answer('{"catalogUrl":'), base, memory);
    expect(broken).toEqual({ config: feed.config, notice: 'This site’s settings (config.json) could not be read: not valid JSON. Using the last good ones.' });
    expect(await readConfigResponse(Promise.reject(new TypeError('Failed to fetch')), base, memory)).toEqual({ config: feed.config });

    expect(await readConfigResponse(answer('', 404), base, memory)).toEqual({
      config: expect.objectContaining({ catalogUrl: 'https://episodes.example/api/catalog.json' }),
      notice: 'This site’s settings (config.json) are gone. Using the app’s own.',
    });
    expect(kept).toBeUndefined();
    expect((await readConfigResponse(answer('', 404), base, memory)).notice).toBeUndefined(); // said once
  });
});

import { describe, expect, it } from 'vitest';
import { catalogNotice } from '../../../src/catalog/catalogNotice.ts';
import { libraryEpisodes } from '../../../src/catalog/libraryRefresh.ts';
import type { Episode } from '../../../src/core/catalog.ts';
import type { DownloadRecord, DownloadState } from '../../../src/core/downloadState.ts';

const listed = (id: string): Episode => ({ id, title: id, description: '', durationSeconds: 60, mediaUrl: `https://e.test/media/${id}`, artworkUrl: '', bytes: 10 });
const record = (episodeId: string, state: DownloadState): DownloadRecord => ({
  episodeId,
  downloadId: `${episodeId}-1`,
  state,
  mediaUrl: `https://e.test/media/${episodeId}`,
  expectedBytes: 10,
  title: `Saved ${episodeId}`,
  automaticRetries: 0,
  createdAt: 0,
  updatedAt: 0,
});

describe('the library after a catalog refresh', () => {
  it('keeps every downloaded episode the new catalog dropped, after the catalog, and only those', () => {
    const catalog = [listed('a'), listed('b')];
    const records = [record('a', 'downloaded'), record('gone', 'downloaded'), record('gone-failed', 'failed'), record('gone-running', 'downloading')];
    const episodes = libraryEpisodes(catalog, records);
    expect(episodes.map((episode) => episode.id)).toEqual(['a', 'b', 'gone']);
    expect(episodes[2]).toMatchObject({ title: 'Saved gone', description: 'No longer in the catalog; your download is kept.' });
  });

  it('says what was skipped, and why the saved catalog shows (offline or an error)', () => {
    expect(catalogNotice({ update: { skipped: [] } }, true)).toBe('');
    expect(catalogNotice({ update: { skipped: ['Episode 3: no media URL'] } }, true)).toBe('1 catalog entry was skipped: Episode 3: no media URL');
    expect(catalogNotice({ update: { skipped: ['x', 'y'] } }, true)).toBe('2 catalog entries were skipped: x; y');
    expect(catalogNotice({ error: new Error('it is larger than 32 MB') }, true)).toBe('The catalog could not be updated: it is larger than 32 MB. Showing the saved one.');
    expect(catalogNotice({ error: new TypeError('Failed to fetch') }, false)).toBe('You are offline: showing the saved catalog and your downloads.');
  });
});

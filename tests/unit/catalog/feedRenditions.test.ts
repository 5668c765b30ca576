// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCatalogText as checkInWorker } from '../../../src/catalog/catalogSource.ts';
import { checkCatalogText } from '../../../src/catalog/pageCatalogSource.ts';
import { feedEpisodeId } from '../../../src/catalog/feeds/feedText.ts';

const fixture = (name: string) => readFileSync(join(process.cwd(), 'tests/fixtures/feeds', name), 'utf8');

describe('Media RSS renditions (tests/fixtures/feeds/renditions.mrss)', () => {
  const read = () => checkCatalogText(fixture('renditions.mrss'), 'https://videos.example/rss', ['https://cdn.videos.example']);

  it('a media:group: each playable file a source, isDefault, heights, kbit/s as bit/s, sizes from strings; the first file stays mediaUrl', async () => {
    const { episodes } = await read();
    expect(episodes[0]).toMatchObject({
      id: 'vid-1001',
      // Today's choice, unchanged: the group's first playable file, with its size and duration.
      mediaUrl: 'https://cdn.videos.example/1001/1080.mp4',
      mediaType: 'video/mp4',
      bytes: 67_500_000,
      durationSeconds: 120,
    });
    expect(episodes[0]?.sources).toEqual([
      { url: 'https://cdn.videos.example/1001/1080.mp4', type: 'video/mp4', width: 1920, height: 1080, bitrate: 4_500_000, size: 67_500_000 },
      // Codecs kept: they are what the device is asked about.
      { url: 'https://cdn.videos.example/1001/720.mp4', type: 'video/mp4; codecs="avc1.64001f, mp4a.40.2"', width: 1280, height: 720, bitrate: 2_500_000, size: 37_500_000, isDefault: true },
      // No height, a fractional bitrate.
      { url: 'https://cdn.videos.example/1001/low.mp4', type: 'video/mp4', bitrate: 800_500 },
      // A type this device may not decode is still listed: playableSources() asks the device.
      { url: 'https://cdn.videos.example/1001/1080-av1.webm', type: 'video/webm;codecs=av01.0.08M.08', width: 1920, height: 1080, size: 30_000_000 },
    ]);
    // Left out without a word, as before: the HLS playlist (no file to download), the preview, the poster.
    const urls = episodes[0]?.sources?.map((source) => source.url).join(' ');
    expect(urls).not.toMatch(/m3u8|trailer|poster/);
  });

  it('a source on an origin not allowed is dropped with a notice; its episode stays', async () => {
    const { episodes, skipped } = await read();
    expect(episodes.map((episode) => episode.id)).toEqual(['vid-1001', 'vid-1002', 'vid-1003', 'vid-1004']);
    expect(skipped).toEqual([
      'Item 1 (“Streams and sizes”), source 5: media on an origin that is not allowed (https://tracker.other.example)',
      'Item 4 (“The first file is elsewhere”), source 1: media on an origin that is not allowed (https://mirror.other.example)',
    ]);
  });

  it('media:content straight under the item are renditions too, a repeated URL once', async () => {
    const { episodes } = await read();
    expect(episodes[1]).toMatchObject({ mediaUrl: 'https://cdn.videos.example/1002/sd.mp4', bytes: 12_000_000, durationSeconds: 95 });
    expect(episodes[1]?.sources).toEqual([
      { url: 'https://cdn.videos.example/1002/sd.mp4', type: 'video/mp4', size: 12_000_000 },
      { url: 'https://cdn.videos.example/1002/hd.mp4', type: 'video/mp4', size: 48_000_000 },
    ]);
  });

  it('an audio episode’s renditions are audio: its video is another programme, not a smaller file', async () => {
    const { episodes } = await read();
    expect(episodes[2]).toMatchObject({ mediaUrl: 'https://cdn.videos.example/1003/episode.mp3', mediaType: 'audio/mpeg' });
    expect(episodes[2]?.sources?.map((source) => source.url)).toEqual(['https://cdn.videos.example/1003/episode.mp3', 'https://cdn.videos.example/1003/episode-low.mp3']);
  });

  it('when the first file fails the checks and another passes, the episode is kept with that one as its file', async () => {
    const { episodes } = await read();
    expect(episodes[3]).toMatchObject({ mediaUrl: 'https://cdn.videos.example/1004/360.mp4', bytes: 9_000_000, mediaType: 'video/mp4' });
    expect(episodes[3]?.sources).toEqual([{ url: 'https://cdn.videos.example/1004/360.mp4', type: 'video/mp4', height: 360, size: 9_000_000 }]);
  });

  it('an item with one file has no sources: the episode is what it always was', async () => {
    const { episodes } = await checkCatalogText(fixture('video-site.mrss'), 'https://video.example/rss', ['https://cdn.video.example']);
    for (const episode of episodes) expect(episode).not.toHaveProperty('sources');
  });
});

it('JSON Feed: attachments sharing the first one’s title are its renditions; untitled ones all are; in the page and the worker alike', async () => {
  for (const check of [checkCatalogText, checkInWorker]) {
    const { episodes, skipped } = await check(fixture('renditions.json'), 'https://json.example/feed.json', []);
    expect(skipped).toEqual([]);
    expect(episodes[0]).toMatchObject({ id: feedEpisodeId('https://json.example/episodes/10'), mediaUrl: 'https://json.example/10/hd.mp4', bytes: 48_000_000, durationSeconds: 600 });
    expect(episodes[0]?.sources).toEqual([
      { url: 'https://json.example/10/hd.mp4', type: 'video/mp4', size: 48_000_000 },
      { url: 'https://json.example/10/sd.mp4', type: 'video/mp4', size: 12_000_000 },
      // A size that is not a number is not known (never wrong); the trailer (another title) and the text file are no renditions.
      { url: 'https://json.example/10/tiny.webm', type: 'video/webm; codecs="vp9, opus"' },
    ]);
    expect(episodes[1]?.sources).toEqual([
      { url: 'https://json.example/11-720.mp4', type: 'video/mp4' },
      { url: 'https://json.example/11-360.mp4', type: 'video/mp4' },
    ]);
  }
});

it('Atom: several link rel="enclosure", relative, their titles as labels; a javascript: one dropped with a notice', async () => {
  const { episodes, skipped } = await checkCatalogText(fixture('renditions.atom'), 'https://atom.example/feed', []);
  expect(episodes[0]).toMatchObject({ mediaUrl: 'https://atom.example/media/sizes-720.mp4', bytes: 30_000_000 });
  expect(episodes[0]?.sources).toEqual([
    { url: 'https://atom.example/media/sizes-720.mp4', type: 'video/mp4', size: 30_000_000, label: 'HD' },
    { url: 'https://atom.example/media/sizes-360.mp4', type: 'video/mp4', size: 8_000_000, label: 'Small screens' },
  ]);
  expect(skipped).toEqual(['Item 1 (“Several enclosures”), source 3: invalid media URL']);
});

it('a feed’s renditions are capped at what an entry may list, never skipping the episode', async () => {
  const contents = Array.from({ length: 30 }, (_, index) => `<media:content url="/m/${index}.mp4" type="video/mp4" height="${index + 100}"/>`).join('');
  const feed = `<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><item><title>Many</title><guid>many</guid><media:group>${contents}</media:group></item></channel></rss>`;
  const { episodes, skipped } = await checkCatalogText(feed, 'https://many.example/feed', []);
  expect(skipped).toEqual([]);
  expect(episodes[0]?.sources).toHaveLength(20);
  expect(episodes[0]?.mediaUrl).toBe('https://many.example/m/0.mp4');
});

it('the demo feed (server/feeds/demo.rss): each episode’s enclosure stays its file, its media:group its renditions', async () => {
  const { episodes, skipped } = await checkCatalogText(readFileSync(join(process.cwd(), 'server/feeds/demo.rss'), 'utf8'), 'http://localhost:8080/catalog/demo.rss', []);
  expect(skipped).toEqual(['Item 3 (“Show notes: links for season 1”): no audio or video enclosure']);
  expect(episodes.map((episode) => [episode.mediaUrl, episode.bytes, episode.mediaType])).toEqual([
    ['http://localhost:8080/media/service-workers', 0, 'video/webm'],
    ['http://localhost:8080/media/background-fetch', 0, 'video/webm'],
    ['http://localhost:8080/media/offline-video', 0, 'video/webm'],
  ]);
  expect(episodes[0]?.sources?.map((source) => [source.url.replace('http://localhost:8080', ''), source.height, source.isDefault ?? false])).toEqual([
    ['/media/service-workers', undefined, false],
    ['/media/service-workers.360p.mp4', 360, false],
    ['/media/service-workers.720p.mp4', 720, true],
    ['/media/service-workers.1080p.mp4', 1080, false],
  ]);
});

// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CatalogError } from '../../../src/core/catalog.ts';
import { checkCatalogText as checkInWorker } from '../../../src/catalog/catalogSource.ts';
import { checkCatalogText } from '../../../src/catalog/pageCatalogSource.ts';
import { withNumericEntities } from '../../../src/catalog/feeds/xmlEntities.ts';
import { browserHtmlText } from '../../../src/catalog/feeds/browserHtmlText.ts';
import { feedEpisodeId, HTML_PER_CHARACTER, parseDuration, plainText, roughHtmlText } from '../../../src/catalog/feeds/feedText.ts';

const fixture = (name: string) => readFileSync(join(process.cwd(), 'tests/fixtures/feeds', name), 'utf8');

describe('an RSS feed from a podcast host, with what real feeds get wrong', () => {
  const read = () => checkCatalogText(fixture('podcast-host.rss'), 'https://podcasts.example/feed.xml', ['https://media.podcasts.example']);

  it('reads the enclosure, the iTunes tags and the transcript as captions', async () => {
    const { episodes } = await read();
    expect(episodes[0]).toEqual({
      id: feedEpisodeId('https://podcasts.example/?p=1234'),
      title: 'Episode 12: Background Fetch — the hard parts',
      description: 'We look at Background Fetch & what happens when the app is killed.',
      durationSeconds: 3723,
      bytes: 104857600,
      mediaUrl: 'https://media.podcasts.example/ep12.mp4?source=rss',
      mediaType: 'video/mp4',
      artworkUrl: 'https://podcasts.example/art/ep12.jpg',
      captions: [{ lang: 'en', label: 'English', url: 'https://podcasts.example/captions/ep12.vtt' }],
      season: 2,
      episodeNumber: 12,
    });
  });

  it('keeps HTML out: markup, scripts and tracking images become nothing but text', async () => {
    const { episodes } = await read();
    for (const episode of episodes) expect(`${episode.title} ${episode.description}`).not.toMatch(/<|>|alert|tracker|&amp;|&nbsp;/);
    // Escaped markup and entities inside a description are decoded to the characters they name.
    expect(episodes[1]?.description).toBe('Seeking in a cached file: 206, Content-Range: bytes 0–99 and friends.');
  });

  it('resolves relative URLs against the feed, and leaves a zero or missing length as not known', async () => {
    const { episodes } = await read();
    expect(episodes[1]).toMatchObject({ id: 'ep-11', mediaUrl: 'https://podcasts.example/media/ep11.mp4', bytes: 0, durationSeconds: 2730 });
    expect(episodes[2]).toMatchObject({ bytes: 0, durationSeconds: 2710 });
  });

  it('an item without a guid is known by its enclosure URL; an audio one keeps its type and the show artwork', async () => {
    const { episodes } = await read();
    expect(episodes[2]).toMatchObject({
      id: feedEpisodeId('https://media.podcasts.example/ep10.mp3'),
      title: 'Episode 10: Audio only',
      mediaType: 'audio/mpeg',
      artworkUrl: 'https://podcasts.example/art/show-3000.jpg',
    });
  });

  it('an empty type is guessed from the extension; an unreadable duration is not known (never wrong)', async () => {
    const { episodes } = await read();
    expect(episodes[3]).toMatchObject({ id: 'ep-7', mediaType: 'audio/mp4', durationSeconds: 0, bytes: 7000000 });
    expect(episodes).toHaveLength(4);
  });

  it('skips with a notice: a duplicate guid (the first wins), an item with no media, media on an origin not allowed', async () => {
    const { skipped } = await read();
    expect(skipped).toEqual([
      'Item 4 (“Episode 11 (re-upload)”): its guid is used by an earlier item (the first is kept)',
      'Item 5 (“Show notes only”): no audio or video enclosure',
      'Item 6 (“Episode 8: Elsewhere”): media on an origin that is not allowed (https://other-host.example)',
    ]);
  });
});

it('Media RSS from a video site: media:group and media:content, thumbnails, escaped HTML', async () => {
  const { episodes, skipped } = await checkCatalogText(fixture('video-site.mrss'), 'https://video.example/rss', ['https://cdn.video.example']);
  expect(skipped).toEqual([]);
  expect(episodes).toEqual([
    expect.objectContaining({
      id: feedEpisodeId('https://video.example/watch/sw10'),
      title: 'Service workers in 10 minutes',
      description: 'A quick tour.',
      mediaUrl: 'https://cdn.video.example/sw10/720.webm',
      mediaType: 'video/webm',
      bytes: 31457280,
      durationSeconds: 600,
      artworkUrl: 'https://cdn.video.example/sw10/thumb.jpg',
    }),
    expect.objectContaining({
      mediaUrl: 'https://cdn.video.example/cache/720.mp4',
      mediaType: 'video/mp4',
      durationSeconds: 754.5,
      artworkUrl: 'https://cdn.video.example/cache/thumb.jpg',
    }),
  ]);
});

it('Atom: link rel="enclosure", HTML titles and summaries, relative enclosure, the feed logo', async () => {
  const { episodes, skipped } = await checkCatalogText(fixture('blog.atom'), 'https://notes.example/feeds/atom.xml', []);
  expect(episodes).toEqual([
    expect.objectContaining({
      id: feedEpisodeId('tag:notes.example,2026:idb'),
      title: 'IndexedDB & you',
      description: 'Transactions, explained.',
      mediaUrl: 'https://notes.example/feeds/videos/idb.webm',
      bytes: 2097152,
      durationSeconds: 720,
      artworkUrl: 'https://notes.example/logo.png',
    }),
  ]);
  expect(skipped).toEqual(['Item 2 (“A post without media”): no audio or video enclosure']);
});

it('JSON Feed: the first audio or video attachment, numeric ids, items without one skipped', async () => {
  const feed = fixture('feed.json');
  for (const check of [checkCatalogText, checkInWorker]) {
    const { episodes, skipped } = await check(feed, 'https://json.example/feed.json', []);
    expect(episodes).toEqual([
      expect.objectContaining({
        id: feedEpisodeId('https://json.example/episodes/1'),
        description: 'Hello world',
        mediaUrl: 'https://json.example/ep1.mp4',
        bytes: 12345678,
        durationSeconds: 95.5,
        artworkUrl: 'https://json.example/ep1.jpg',
      }),
      expect.objectContaining({ id: '2', mediaUrl: 'https://json.example/ep2.m4a', mediaType: 'audio/mp4', bytes: 0, artworkUrl: 'https://json.example/icon.png' }),
    ]);
    expect(skipped).toEqual(['Item 3 (“No attachments”): no audio or video enclosure']);
  }
});

it('the format is told by the content, not the URL; the worker leaves XML for the page', async () => {
  const rss = fixture('video-site.mrss');
  expect((await checkCatalogText(rss, 'https://video.example/catalog.json', ['https://cdn.video.example'])).episodes).toHaveLength(2);
  await expect(checkInWorker(rss, 'https://video.example/rss', [])).rejects.toThrow(CatalogError);
  await expect(checkCatalogText('<html><body>Not found</body></html>', 'https://video.example/rss', [])).rejects.toThrow(/neither RSS nor Atom|not well-formed/);
  await expect(checkCatalogText('<rss><channel><item>', 'https://video.example/rss', [])).rejects.toThrow('it is not well-formed XML');
  await expect(checkCatalogText('Service Unavailable', 'https://video.example/rss', [])).rejects.toThrow('it is not JSON, RSS or Atom');
});

it('a long feed is read item by item (each parsed when checked), all of it, ids unique', { timeout: 60_000 }, async () => {
  // 300 here (jsdom parses slowly); 5,000 in real Chromium: bench P6c, and the splitter's test below.
  const items = Array.from(
    { length: 300 },
    (_, index) => `<item><title>Episode ${index}</title><guid>urn:uuid:${index}</guid><enclosure url="/m/${index}.mp4" length="${index + 1}" type="video/mp4"/></item>`,
  ).join('');
  const { episodes, skipped } = await checkCatalogText(`<rss version="2.0"><channel>${items}</channel></rss>`, 'https://big.example/feed', []);
  expect(skipped).toEqual([]);
  expect(new Set(episodes.map((episode) => episode.id)).size).toBe(300);
  expect(episodes[299]).toMatchObject({ title: 'Episode 299', bytes: 300, mediaUrl: 'https://big.example/m/299.mp4' });
});

it('one broken item is skipped with a notice; the rest of the feed is read', async () => {
  const feed = `<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
    <item><title>Good</title><guid>a</guid><enclosure url="/a.mp4" type="video/mp4"/><itunes:duration>1:00</itunes:duration></item>
    <item><title>Broken <b>markup</title><guid>b</guid><enclosure url="/b.mp4" type="video/mp4"/></item>
    <item><title>Also good</title><guid>c</guid><enclosure url="/c.mp4" type="video/mp4"/></item>
  </channel></rss>`;
  const { episodes, skipped } = await checkCatalogText(feed, 'https://x.example/feed', []);
  expect(episodes.map((episode) => [episode.id, episode.durationSeconds])).toEqual([
    ['a', 60],
    ['c', 0],
  ]);
  expect(skipped).toEqual(['Item 2: not well-formed XML']);
});

describe('feed text', () => {
  it('durations: HH:MM:SS, MM:SS, seconds; anything else is not known', () => {
    expect([parseDuration('1:02:03'), parseDuration('45:30'), parseDuration('2710'), parseDuration(' 90.5 '), parseDuration(61)]).toEqual([3723, 2730, 2710, 90.5, 61]);
    expect([parseDuration('about an hour'), parseDuration('1:2:3:4'), parseDuration(''), parseDuration(-5), parseDuration(undefined)]).toEqual([0, 0, 0, 0, 0]);
  });

  it('ids: a plain guid is kept; any other is hashed, the same every time and different for different guids', () => {
    expect(feedEpisodeId('ep-11')).toBe('ep-11');
    expect(feedEpisodeId('https://a.example/?p=1')).toMatch(/^f[0-9a-f]{16}$/);
    expect(feedEpisodeId('https://a.example/?p=1')).toBe(feedEpisodeId('https://a.example/?p=1'));
    expect(feedEpisodeId('https://a.example/?p=1')).not.toBe(feedEpisodeId('https://a.example/?p=2'));
  });

  it('HTML to text, in the page and in the worker alike', () => {
    const html = '<p>Caf&eacute;? <b>Yes</b> &amp; &#8217;no&#x2019;</p><script>steal()</script><style>p{}</style>';
    expect(plainText(html, browserHtmlText, 100)).toBe('Café? Yes & ’no’');
    expect(plainText('<p>Tom &amp; Jerry</p><script>steal()</script>', roughHtmlText, 100)).toBe('Tom & Jerry');
    expect(plainText('x'.repeat(50), browserHtmlText, 10)).toBe('xxxxxxxxx…');
  });
});

describe('HTML’s named entities, which XML does not know', () => {
  afterEach(() => vi.restoreAllMocks());

  /** Every parse the feed's reading asks of DOMParser, and whether it failed. */
  function countParses() {
    const parses: { type: string; failed: boolean; length: number }[] = [];
    const parse = DOMParser.prototype.parseFromString;
    vi.spyOn(DOMParser.prototype, 'parseFromString').mockImplementation(function (this: DOMParser, text, type) {
      if (parses.length >= 100) throw new Error('more parses than any feed needs');
      const document = parse.call(this, text, type);
      parses.push({ type, failed: document.getElementsByTagName('parsererror').length > 0, length: text.length });
      return document;
    });
    return parses;
  }

  it('are spelled as numbers before the first parse: no XML parse fails (each failure is an error document)', async () => {
    const parses = countParses();
    const { episodes, skipped } = await checkCatalogText(fixture('html-entities.rss'), 'https://entities.example/feed.rss', []);
    expect(parses.filter((parse) => parse.type === 'application/xml' && parse.failed)).toEqual([]);
    expect(skipped).toEqual([]);
    expect(episodes.map((episode) => [episode.title, episode.description])).toEqual([
      ['Service workers from first principles', 'Café & crème — a service worker’s “fetch” event…'],
      ['Background Fetch: downloads that survive the tab', 'Naïve downloads & Background Fetch'],
      // Two code points (≂̸), and a name HTML does not know is dropped, not read as a prefix (&not).
      ['Offline video with range requests ≠ ≂̸ done', 'Seeking works offline © the show.'],
    ]);
  });

  it('a hostile feed of 100,000 entities, most of them made up, costs a parse per slice of items and a lookup per part until the cap', { timeout: 60_000 }, async () => {
    const parses = countParses();
    const items = Array.from({ length: 400 }, (_, item) => {
      const madeUp = Array.from({ length: 250 }, (_, index) => `&x${item * 250 + index};`).join('');
      return `<item><title>Caf&eacute; ${item}</title><guid>i${item}</guid><description>${madeUp}&hellip;</description><enclosure url="/m/${item}.mp4" type="video/mp4"/></item>`;
    });
    const feed = `<rss version="2.0"><channel><title>&nbsp;${'&yy;'.repeat(1000)}</title>${items.join('')}</channel></rss>`;
    const { episodes, skipped } = await checkCatalogText(feed, 'https://hostile.example/feed', []);
    expect(skipped).toEqual([]);
    expect(episodes).toHaveLength(400);
    // The names found first are looked up (HTML's are fewer than the cap); the made-up ones are dropped.
    expect(episodes[399]).toMatchObject({ title: 'Café 399', description: '…' });
    // The outline and each slice of items are parsed once (none fails, so no item is parsed alone),
    // each after one HTML parse for the names it brings; the first slice's fill the cap, so none follows.
    const xml = parses.filter((parse) => parse.type === 'application/xml');
    expect(xml.filter((parse) => parse.failed)).toEqual([]);
    expect(xml.length).toBeLessThanOrEqual(1 + Math.ceil(feed.length / (128 * 1024)) + 1);
    expect(parses.slice(0, 3).map((parse) => parse.type)).toEqual(['text/html', 'application/xml', 'text/html']);
    expect(parses.filter((parse) => parse.type === 'text/html')).toHaveLength(2);
  });

  it('the repair: numeric references for HTML’s names, nothing for unknown ones, CDATA and comments left alone', () => {
    const html = (markup: string) => new DOMParser().parseFromString(markup, 'text/html');
    expect(withNumericEntities('<t>a&nbsp;b &eacute;&amp;&lt;&#233; &bogus; &notit; &semi; &x; &made-up;</t>', html)).toBe('<t>a&#160;b &#233;&amp;&lt;&#233;   &#59;  </t>');
    expect(withNumericEntities('<t><![CDATA[&nbsp;]]>&nbsp;<!-- &nbsp; -->&hellip;</t>', html)).toBe('<t><![CDATA[&nbsp;]]>&#160;<!-- &nbsp; -->&#8230;</t>');
    expect(withNumericEntities('<t><![CDATA[ never closed &nbsp;', html)).toBe('<t><![CDATA[ never closed &nbsp;');
    const untouched = '<rss><title>Tom &amp; Jerry &#8212;</title></rss>';
    expect(withNumericEntities(untouched, () => { throw new Error('no lookup needed'); })).toBe(untouched);
  });
});

it('a feed of more items than a catalog may have is refused with a notice, before any item is read', { timeout: 120_000 }, async () => {
  const feed = `<rss version="2.0"><channel>${'<item></item>'.repeat(50_001)}</channel></rss>`;
  await expect(checkCatalogText(feed, 'https://long.example/feed', [])).rejects.toThrow('it has more than 50000 items');
});

it('a description of megabytes: only as much markup is parsed as the text kept can need', () => {
  const parsed: number[] = [];
  const text = plainText(`<p>${'word '.repeat(2_000_000)}</p>`, (html) => (parsed.push(html.length), roughHtmlText(html)), 100);
  expect(text).toMatch(/^word word .*…$/);
  expect(parsed).toEqual([100 * HTML_PER_CHARACTER]);
});

describe('a feed’s parts are parsed a bounded size at a time', () => {
  afterEach(() => vi.restoreAllMocks());
  const item = (index: number, notes = '') => `<item><title>Episode ${index}</title><guid>g${index}</guid><description>${notes}</description><enclosure url="/m/${index}.mp4" type="video/mp4"/></item>`;
  const rss = (inside: string, channel = '') => `<rss version="2.0"><channel><title>Show</title>${channel}${inside}</channel></rss>`;
  const parsedLengths = () => {
    const lengths: number[] = [];
    const parse = DOMParser.prototype.parseFromString;
    vi.spyOn(DOMParser.prototype, 'parseFromString').mockImplementation(function (this: DOMParser, text, type) {
      if (type === 'application/xml') lengths.push(text.length);
      return parse.call(this, text, type);
    });
    return lengths;
  };

  it('long items come in slices of a bounded size, not of a fixed count', { timeout: 60_000 }, async () => {
    const lengths = parsedLengths();
    const notes = 'Show notes, long ones. '.repeat(4_000); // ~90 kB an item
    const { episodes } = await checkCatalogText(rss(Array.from({ length: 40 }, (_, index) => item(index, notes)).join('')), 'https://long.example/feed', []);
    expect(episodes).toHaveLength(40);
    expect(Math.max(...lengths)).toBeLessThan(256 * 1024);
  });

  it('an item of more than a megabyte is skipped with a notice, never parsed; the others are read', async () => {
    const lengths = parsedLengths();
    const { episodes, skipped } = await checkCatalogText(rss(item(1) + item(2, 'x'.repeat(1_100_000)) + item(3)), 'https://long.example/feed', []);
    expect(episodes.map((episode) => episode.title)).toEqual(['Episode 1', 'Episode 3']);
    expect(skipped).toEqual(['Item 2: it is larger than 1 MB']);
    expect(Math.max(...lengths)).toBeLessThan(1024 * 1024);
  });

  it('a feed of more than 256 kB outside its items is refused with a notice', async () => {
    const channel = `<description>${'A channel that says a great deal. '.repeat(20_000)}</description>`;
    await expect(checkCatalogText(rss(item(1), channel), 'https://long.example/feed', [])).rejects.toThrow('it is larger than 256 kB outside its items');
  });
});

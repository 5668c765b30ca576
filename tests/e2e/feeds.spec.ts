import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { feedEpisodeId } from '../../src/catalog/feeds/feedText.ts';
import { downloadRecord, episode, expect, expectPlaysAndSeeks, openApp, reopenWhenDownloaded, status, test, titles } from './fixtures.ts';

// The demo episodes as a podcast host publishes them: RSS with relative URLs, lengths of 0, an
// item without a guid, one without media (server/feeds/demo.rss). Its media:group is left out:
// this server makes no renditions, and Standard would take their 720p (quality.spec downloads it).
const feed = join(mkdtempSync(join(tmpdir(), 'offline-episodes-feed-')), 'demo.rss');
writeFileSync(feed, readFileSync(resolve(import.meta.dirname, '../../server/feeds/demo.rss'), 'utf8').replace(/<media:group>[\s\S]*?<\/media:group>/g, ''));
const smallId = feedEpisodeId('https://offline-web.example/episodes/1?utm_source=rss');

// @node-site: config.json and the feed are served by the Node server (behind nginx too, which passes them on).
test.describe('a publisher’s RSS feed as the catalog (npm start -- --catalog feed.rss --name …)', () => {
  test.use({ serverOptions: { site: { catalog: feed, name: 'Offline Web, the show', themeColor: '#aa3300' }, throttleBytesPerSecond: 96 * 1024 } });

  test('lists the feed, downloads an episode whose size it leaves out with the tab closed, and plays it offline', { tag: ['@spine', '@node-site'] }, async ({ context, server, page }) => {
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Offline Web, the show');
    await expect(page).toHaveTitle('Offline Web, the show');
    await expect(page.getByRole('article')).toHaveCount(3);
    await expect(page.getByText('1 catalog entry was skipped: Item 3 (“Show notes: links for season 1”): no audio or video enclosure')).toBeVisible();
    // What the feed says, and nothing it does not (no size: length="0").
    await expect(episode(page, titles.small).locator('.meta')).toHaveText('Season 1, episode 1 · 0:20');
    await expect(episode(page, titles.small).locator('.description')).toHaveText('What a service worker is, how it intercepts requests & why it outlives the tab.');

    const keepAlive = await context.newPage(); // all tabs closed before the first byte would stall the fetch
    await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
    await expect(status(page, titles.small)).toHaveText(/Downloading \d+%/);
    // The size was asked of the server before the background fetch was given its total.
    expect((await downloadRecord(page, smallId))?.expectedBytes).toBe(server.mediaSize('service-workers'));
    await page.close();

    await (await reopenWhenDownloaded(context, server, 'service-workers', titles.small)).close();
    await keepAlive.close();

    await context.setOffline(true);
    await server.down();
    const offline = await openApp(context, server.origin);
    await expect(offline.getByRole('heading', { level: 1 })).toHaveText('Offline Web, the show');
    await expect(offline.getByRole('article')).toHaveCount(3);
    await episode(offline, titles.small).getByRole('button', { name: 'Play' }).click();
    await expectPlaysAndSeeks(offline);
    // The feed's transcript is the episode's captions, stored with it.
    await offline.keyboard.press('c');
    await expect
      .poll(() => offline.locator('video').evaluate((v: HTMLVideoElement) => Array.from(v.textTracks).find((track) => track.mode === 'showing')?.cues?.length ?? 0))
      .toBeGreaterThan(0);
  });

  test('a broken config.json keeps the saved library and says so', { tag: '@node-site' }, async ({ context, server, page }) => {
    await episode(page, titles.other).getByRole('button', { name: 'Download' }).click();
    await expect(status(page, titles.other)).toHaveText('Downloaded');
    await page.close();

    server.faults.configBody = '{ "catalogUrl": "/catalog/demo.rss", ';
    const again = await openApp(context, server.origin);
    await expect(again.getByText('This site’s settings (config.json) could not be read: not valid JSON. Using the last good ones.')).toBeVisible();
    await expect(again.getByRole('article')).toHaveCount(3);
    await expect(status(again, titles.other)).toHaveText('Downloaded');
    await expect(again.getByRole('heading', { level: 1 })).toHaveText('Offline Web, the show');
  });
});

// @node-site: the feed is served by the Node server (behind nginx too).
test.describe('a feed with HTML’s named entities (&nbsp;, &eacute;), which XML does not know', () => {
  test.use({ serverOptions: { site: { catalog: resolve(import.meta.dirname, '../fixtures/feeds/html-entities.rss'), name: 'Café Offline' } } });

  test('shows its episodes with the characters the entities name, and breaks no rule of the page’s CSP', { tag: '@node-site' }, async ({ context, server }) => {
    const cspErrors: string[] = [];
    context.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
    });
    await context.addInitScript(() => {
      const seen: string[] = [];
      Object.assign(window, { cspViolations: seen });
      document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.sourceFile}:${event.lineNumber}`), true);
    });
    const page = await openApp(context, server.origin);
    await expect(page.getByRole('article')).toHaveCount(3);
    await expect(episode(page, titles.small).locator('.description')).toHaveText('Café & crème — a service worker’s “fetch” event…');
    await expect(episode(page, titles.other).locator('.description')).toHaveText('Naïve downloads & Background Fetch');
    await expect(page.getByRole('article', { name: 'Offline video with range requests ≠ ≂̸ done' })).toBeVisible();

    // Violations are reported in order: one made on purpose now (an image from an origin the
    // policy leaves out) arrives after any the feed caused, so once it is in, all of them are.
    const sentinel = 'https://not-allowed.example/sentinel.png';
    const violations = await page.evaluate(async (url) => {
      const seen = (window as unknown as { cspViolations: string[] }).cspViolations;
      await new Promise<void>((resolve) => {
        document.addEventListener('securitypolicyviolation', (event) => event.blockedURI === url && resolve());
        new Image().src = url;
      });
      return seen.slice(0, -1);
    }, sentinel);
    expect(violations).toEqual([]);
    await expect.poll(() => cspErrors.some((text) => text.includes(sentinel))).toBe(true);
    expect(cspErrors.filter((text) => !text.includes(sentinel))).toEqual([]);
  });
});

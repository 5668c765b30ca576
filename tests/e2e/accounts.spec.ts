import type { Page } from '@playwright/test';
import { DEMO_ACCOUNT, demoEpisodes, subscriberEpisodes } from '../../server/demoCatalog.ts';
import { formatBytes } from '../../src/ui/format.ts';
import { cachedSha256, episode, expect, expectPlaysAndSeeks, fileSha256, mediaCacheKeys, openApp, status, test, watchStatus } from './fixtures.ts';

const members = 'Subscribers: caching strategies in depth';
const membersLong = 'Subscribers: the long workshop (32 MB)';
const MB = 1024 * 1024;

test.use({ serverOptions: { episodes: [...demoEpisodes, ...subscriberEpisodes] } });

const dialog = (page: Page) => page.getByRole('dialog');

async function signIn(page: Page, password = DEMO_ACCOUNT.password): Promise<void> {
  await expect(dialog(page).getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await dialog(page).getByLabel('Email').fill(DEMO_ACCOUNT.email);
  await dialog(page).getByLabel('Password').fill(password);
  await dialog(page).getByRole('button', { name: 'Sign in' }).click();
}

test('signed out, a subscribers’ episode says so and asks for sign-in; after it, the press goes on and the episode downloads and streams', { tag: '@spine' }, async ({ server, page }) => {
  const card = episode(page, members);
  await expect(card).toContainText('Subscribers');
  await expect(page.getByRole('banner').getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(card.getByRole('button', { name: /^Play/ })).toHaveCount(0);
  // A free episode is untouched.
  await expect(episode(page, demoEpisodes[0]!.title).getByRole('button', { name: 'Download' })).toBeVisible();

  await card.getByRole('button', { name: 'Sign in to download' }).click();
  await signIn(page, 'not the password');
  await expect(dialog(page).getByRole('alert')).toHaveText('Wrong email or password');
  expect(server.mediaRequests.filter((request) => request.path === '/media/members-caching')).toEqual([]);

  await signIn(page);
  await expect(dialog(page)).toHaveCount(0);
  await expect(status(page, members)).toHaveText('Downloaded');
  expect(await cachedSha256(page, `${server.origin}/media/members-caching`)).toBe(await fileSha256(server.mediaPath('members-caching')));
  await expect(page.getByRole('banner').getByRole('button', { name: 'Sign out' })).toBeVisible();
  // Streaming needs the session too: the long one plays without being downloaded.
  await episode(page, membersLong).getByRole('button', { name: /^Play/ }).click();
  await expectPlaysAndSeeks(page);
});

test('Select all while signed out leaves the subscribers’ episodes out of the download and says so; the others download', async ({ server, page }) => {
  await expect(page.getByRole('banner').getByRole('button', { name: 'Sign in' })).toBeVisible();
  const seen = await Promise.all([members, membersLong].map((title) => watchStatus(page, title)));
  await page.getByRole('button', { name: 'Select', exact: true }).click();
  await page.getByRole('checkbox', { name: 'Select all' }).check();
  const bar = page.getByRole('group', { name: 'Select episodes' });
  const free = formatBytes(demoEpisodes.reduce((sum, { id }) => sum + server.mediaSize(id), 0));
  await expect(bar).toContainText(`${demoEpisodes.length} selected · ${free} · 2 subscriber episodes left out: sign in to download them`);
  await bar.getByRole('button', { name: `Download ${demoEpisodes.length} episodes (${free})` }).click();
  for (const { title } of demoEpisodes) await expect(status(page, title)).toHaveText('Downloaded');
  for (const [index, title] of [members, membersLong].entries()) {
    await expect(episode(page, title).getByRole('button', { name: 'Sign in to download' })).toBeVisible();
    expect(await seen[index]!()).toEqual(['']);
  }
  expect(server.mediaRequests.filter((request) => request.path.startsWith('/media/members-'))).toEqual([]);
});

test('a session that ended before a subscribers’ download: "Sign in again", Retry and no Play (it would fail); the header says Sign in', async ({ server, page }) => {
  await page.getByRole('banner').getByRole('button', { name: 'Sign in' }).click();
  await signIn(page);
  await expect(page.getByRole('banner').getByRole('button', { name: 'Sign out' })).toBeVisible();
  server.expireSessions();
  await episode(page, members).getByRole('button', { name: 'Download' }).click();
  await expect(status(page, members)).toHaveText('Sign in again to finish this download');
  for (const title of [members, membersLong]) await expect(episode(page, title).getByRole('button', { name: /^Play/ })).toHaveCount(0);
  await expect(page.getByRole('banner').getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(episode(page, members).getByRole('button', { name: 'Retry' })).toBeVisible();
  await expect(episode(page, membersLong).getByRole('button', { name: 'Sign in to download' })).toBeVisible();
  // A free episode still streams.
  await expect(episode(page, demoEpisodes[0]!.title).getByRole('button', { name: 'Play' })).toBeVisible();
});

test('the canonical URL of a subscribers’ episode answers 401 without a session, and sign-in is refused from another origin', async ({ server }) => {
  expect((await fetch(`${server.origin}/media/members-caching`, { redirect: 'manual' })).status).toBe(401);
  expect((await fetch(`${server.origin}/media/service-workers`, { redirect: 'manual' })).status).toBe(302);
  const attempt = (origin: string) =>
    fetch(`${server.origin}/api/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: origin },
      body: JSON.stringify(DEMO_ACCOUNT),
    });
  const foreign = await attempt('http://evil.example');
  expect(foreign.status).toBe(403);
  expect(foreign.headers.get('set-cookie')).toBeNull();
  const own = await attempt(server.origin);
  expect(own.status).toBe(200);
  expect(own.headers.get('set-cookie')).toMatch(/^session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
  const cookie = own.headers.get('set-cookie')!.split(';')[0]!;
  expect((await fetch(`${server.origin}/media/members-caching`, { redirect: 'manual', headers: { Cookie: cookie } })).status).toBe(302);
});

test('what is downloaded stays playable offline signed out; Sign out can also delete downloads (a shared device)', async ({ context, server, page }) => {
  await page.getByRole('banner').getByRole('button', { name: 'Sign in' }).click();
  await signIn(page);
  await episode(page, members).getByRole('button', { name: 'Download' }).click();
  await expect(status(page, members)).toHaveText('Downloaded');

  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await expect(dialog(page)).toContainText('Your download stays on this device');
  await dialog(page).getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('banner').getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(status(page, members)).toHaveText('Downloaded');
  expect((await fetch(`${server.origin}/media/members-caching`, { redirect: 'manual' })).status).toBe(401);

  await page.close();
  await context.setOffline(true);
  const offline = await openApp(context, server.origin);
  await episode(offline, members).getByRole('button', { name: /^Play/ }).click();
  await expectPlaysAndSeeks(offline);
  await offline.keyboard.press('Escape');

  await context.setOffline(false);
  const online = await openApp(context, server.origin);
  await online.getByRole('banner').getByRole('button', { name: 'Sign in' }).click();
  await signIn(online);
  await online.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await dialog(online).getByRole('button', { name: 'Sign out and delete downloads' }).click();
  await expect(status(online, members)).not.toHaveText('Downloaded');
  await expect(episode(online, members).getByRole('button', { name: 'Sign in to download' })).toBeVisible();
  // The records go first, their bytes a moment later.
  await expect.poll(() => mediaCacheKeys(online)).toEqual([]);
});

test.describe('a session that ends mid-download', () => {
  // Signed links live 2 s: Chromium's own resume of the cut download (about 20 s later) is refused
  // by the CDN, so the app asks the canonical URL again, which now wants a session.
  test.use({ serverOptions: { episodes: [...demoEpisodes, ...subscriberEpisodes], throttleBytesPerSecond: 4 * MB, signedUrlTtlSeconds: 2 } });

  test('the resume gets 401: "Sign in again to finish this download", never retried by itself; sign-in and Retry complete it', { tag: ['@spine', '@node-cdn'] }, async ({ server, page }) => {
    test.setTimeout(180_000);
    await page.getByRole('banner').getByRole('button', { name: 'Sign in' }).click();
    await signIn(page);
    await expect(page.getByRole('banner').getByRole('button', { name: 'Sign out' })).toBeVisible();
    // The connection will drop a quarter of the way in.
    server.faults.body['members-long'] = { cutAt: 8 * MB };
    await episode(page, membersLong).getByRole('button', { name: 'Download' }).click();
    await expect(status(page, membersLong)).toHaveText(/Downloading [1-9]\d?%/);
    // The session times out meanwhile: the resume's link has expired by then, and the canonical
    // URL refuses to sign a new one.
    server.expireSessions();
    await expect(status(page, membersLong)).toHaveText('Sign in again to finish this download', { timeout: 120_000 });
    const refused = server.mediaRequests.filter((request) => request.path === '/media/members-long' && request.status === 401).length;
    expect(refused).toBe(1);
    await expect(episode(page, membersLong).getByRole('button', { name: 'Retry' })).toBeVisible();

    await episode(page, membersLong).getByRole('button', { name: 'Retry' }).click();
    await signIn(page);
    await expect(status(page, membersLong)).toHaveText('Downloaded', { timeout: 60_000 });
    expect(server.mediaRequests.filter((request) => request.path === '/media/members-long' && request.status === 401).length).toBe(refused);
    expect(await cachedSha256(page, `${server.origin}/media/members-long`)).toBe(await fileSha256(server.mediaPath('members-long')));
  });
});

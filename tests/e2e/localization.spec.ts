import { devices, type Page } from '@playwright/test';
import { launchChromium } from '../../scripts/shared/chromium.ts';
import { formatMessage } from '../../src/i18n/format.ts';
import { en } from '../../src/i18n/messages/en.ts';
import type { MessageId } from '../../src/i18n/types.ts';
import { appDb, episode, expect, openApp, playing, status, test as base, titles } from './fixtures.ts';

// config.json's `messages` (README, Your catalog): served by the test server (faults.configBody)
// before the app first opens, as a publisher's file would be.

base('a publisher’s words from config.json show; broken ones are refused with a notice naming them, the rest in the app’s words', async ({ context, server }) => {
  server.faults.configBody = JSON.stringify({
    messages: {
      en: {
        'card.download': 'Save for the train',
        'common.downloaded': 'Ready for the train',
        'sw.downloaded': 'Ready for the train: {title}',
        'card.nope': 'No such message',
        'card.delete': 'Remove {title}',
        'nav.episodes': 'All {',
      },
    },
  });
  const page = await openApp(context, server.origin);
  const card = episode(page, titles.small);
  // The card's Download control is an icon: its words are its name and its tooltip.
  const download = card.getByRole('button', { name: 'Save for the train' });
  await expect(download).toHaveAttribute('title', 'Save for the train');
  await expect(page.getByText('3 of this site’s messages (config.json) were ignored: card.nope (en), card.delete (en), nav.episodes (en).')).toBeVisible();
  // The rest, the refused ones' places included, in the catalog's words.
  await expect(page.getByRole('link', { name: 'Episodes', exact: true })).toHaveText('Episodes');
  await expect(page.getByRole('link', { name: 'Downloads', exact: true })).toBeVisible();
  await download.click();
  await expect(status(page, titles.small)).toHaveText('Ready for the train');
  await expect(card.getByRole('button', { name: 'Delete', exact: true })).toBeVisible();
  // The worker titles the browser's download UI with the publisher's words too.
  const record = await appDb<{ worker: Record<string, string> }>(page, { store: 'preferences', get: 'language' });
  expect(record?.worker['sw.downloaded']).toBe('Ready for the train: {title}');
});

// A pseudo-locale: every English message accented and 40 % longer, its ICU syntax intact (only
// literal text is changed: outside braces, and a plural's or select's branch texts).
const ACCENTED: Record<string, string> = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((letter, i) => [letter, [...'áƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ'][i]!]),
);

function pseudo(message: string): string {
  let at = 0;
  const text = (): string => {
    let out = '';
    for (let char; (char = message[at]) !== undefined && char !== '}'; at++) {
      if (char === '{') out += argument();
      else out += ACCENTED[char] ?? char;
    }
    return out;
  };
  // From `{` to its `}`: the name, kind and branch keys as they are, the branches' texts accented.
  const argument = (): string => {
    const header = /^\{\s*\w+\s*(,\s*(plural|select)\s*,)?/.exec(message.slice(at))![0];
    at += header.length;
    let out = header;
    if (header.includes(',')) {
      for (let key; (key = /^\s*[=\w]+\s*\{/.exec(message.slice(at))?.[0]); at++) {
        at += key.length;
        out += key + text() + '}';
      }
    }
    const close = /^\s*\}/.exec(message.slice(at))![0];
    at += close.length - 1; // the caller's loop steps over the `}`
    return out + close;
  };
  const accented = text();
  return accented + '·~'.repeat(Math.ceil((message.length * 0.4) / 2));
}

const pseudoCatalog = Object.fromEntries(Object.entries(en).map(([id, message]) => [id, pseudo(message)])) as Record<MessageId, string>;
const p = (id: MessageId, args?: Record<string, string | number>) => formatMessage(pseudoCatalog[id], args);
const startsWith = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

/**
 * Every visible button, card (article) and Downloads row whose content is wider than its box, or
 * whose text an `overflow: hidden` (an ellipsis, or a fixed height) cuts, inside those too; and
 * the page itself scrolling sideways. Described for the failure message.
 */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const describe = (element: Element) => `${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).replace(/\s+/g, '.')}` : ''} “${(element.textContent ?? '').trim().slice(0, 60)}”`;
    const shown = (element: Element) => element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden';
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) {
      // Named by what reaches past the screen's edge, the innermost first.
      // Its box, or its text running out of it (a word too long for the line).
      const past = [...document.body.querySelectorAll('*')].filter((element) => {
        const box = element.getBoundingClientRect();
        return shown(element) && (box.right > root.clientWidth + 0.5 || box.left + element.scrollWidth > root.clientWidth + 0.5);
      });
      const innermost = past.filter((element) => !past.some((other) => other !== element && element.contains(other)));
      found.push(`the page scrolls sideways (${root.scrollWidth} > ${root.clientWidth}): ${innermost.slice(0, 4).map(describe).join('; ')}`);
    }
    for (const element of document.querySelectorAll('button, article, .download-list > li')) {
      if (!shown(element)) continue;
      if (element.scrollWidth > element.clientWidth) found.push(`${describe(element)}: ${element.scrollWidth} > ${element.clientWidth} wide`);
      for (const inner of [element, ...element.querySelectorAll('*')]) {
        const style = getComputedStyle(inner);
        if (!shown(inner) || !/hidden|clip/.test(style.overflowX + style.overflowY)) continue;
        if (inner.scrollWidth > inner.clientWidth || inner.scrollHeight > inner.clientHeight + 1) {
          found.push(`${describe(inner)}: cut by overflow ${style.overflowX}/${style.overflowY}${style.textOverflow === 'ellipsis' ? ' with an ellipsis' : ''}`);
        }
      }
    }
    return found;
  });
}

/** At the Pixel 7 descriptor, as artwork.spec.ts, in English (the pseudo words replace English's). */
const phone = base.extend({
  context: async ({}, use) => {
    const browser = await launchChromium();
    const { defaultBrowserType: _, ...pixel7 } = devices['Pixel 7'];
    const context = await browser.newContext({ ...pixel7, locale: 'en-US' });
    await use(context);
    await browser.close();
  },
});

phone.describe('a pseudo-locale on a phone (Pixel 7)', () => {
  phone('accented and 40 % longer words, from config.json: no button label clipped, no card or row overflowing', async ({ context, server }) => {
    server.faults.configBody = JSON.stringify({ messages: { en: pseudoCatalog } });
    const page = await openApp(context, server.origin);
    // Every pseudo message passes the app's own check: no notice, and the words are the pseudo ones.
    await expect(page.locator('.notice.error')).toHaveCount(0);
    await expect(page.getByRole('link', { name: p('nav.downloads'), exact: true })).toBeVisible();
    expect(await overflowing(page), 'the library').toEqual([]);

    // A downloaded card and a failed one (the server refuses the episode for that time).
    await episode(page, titles.small).getByRole('button', { name: startsWith(p('card.download')) }).click();
    await expect(status(page, titles.small)).toHaveText(p('common.downloaded'));
    server.faults.mediaStatus = 404;
    await episode(page, titles.third).getByRole('button', { name: startsWith(p('card.download')) }).click();
    await expect(status(page, titles.third)).toHaveText(startsWith(p('failure.failed', { cause: p('failure.notOnServer', { status: 404 }) })));
    server.faults.mediaStatus = undefined;
    expect(await overflowing(page), 'the library, a download done and one failed').toEqual([]);

    await page.evaluate(() => (location.hash = '#episode/service-workers'));
    await expect(page.getByRole('heading', { name: titles.small, level: 2 })).toBeFocused();
    expect(await overflowing(page), 'an episode page').toEqual([]);

    await page.getByRole('link', { name: p('nav.downloads'), exact: true }).click();
    const view = page.getByRole('region', { name: p('downloads.heading') });
    await expect(view.getByRole('listitem').filter({ hasText: titles.small })).toBeVisible();
    await expect(view.getByRole('listitem').filter({ hasText: titles.third })).toBeVisible();
    expect(await overflowing(page), 'the Downloads view').toEqual([]);
    await view.getByRole('button', { name: p('downloads.settings') }).click();
    const sheet = page.getByRole('dialog', { name: p('downloads.settings') });
    await expect(sheet).toBeVisible();
    expect(await overflowing(page), 'the download settings').toEqual([]);
    await sheet.getByRole('button', { name: p('common.done') }).click();
    await expect(sheet).toBeHidden();

    // The player's controls, and its settings sheet (the words on the picture are its sheets').
    await page.evaluate(() => (location.hash = '#play/service-workers'));
    await playing(page);
    expect(await overflowing(page), 'the player').toEqual([]);
    await page.getByRole('button', { name: p('player.settings'), exact: true }).click();
    await expect(page.getByRole('dialog', { name: p('player.settings') })).toBeVisible();
    expect(await overflowing(page), 'the player’s settings').toEqual([]);
  });
});

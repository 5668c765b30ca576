// P11: under Ask each time, the card's Download → the Download quality sheet open (issue 23: < 100
// ms after the press). The first press of a page loads the sheet's chunk and asks the device what
// it plays (MediaCapabilities); the second finds both done. The baseline is the platform's part:
// a plain button whose click opens a <dialog> of the sheet's own markup with showModal(), in the
// same page. Each run is a fresh context; the server makes the demo's 360p/720p/1080p renditions.
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { startEpisodeServer } from '../../server/episodeServer.ts';
import { freshContext, log, median, ms, openApp, RUNS, type Bench, type Row, type RowGroup } from '../harness.ts';

const TITLE = 'Service workers from first principles';
const SHEET = 'Download quality';

/** The Downloads view's settings: Download quality → Ask each time, Done, back to Episodes. */
async function chooseAsk(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Downloads', exact: true }).click();
  await page.getByRole('region', { name: 'Downloads' }).getByRole('button', { name: 'Download settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Download settings' });
  await settings.getByLabel('Download quality').selectOption({ label: 'Ask each time' });
  await settings.getByRole('button', { name: 'Done' }).click();
  await settings.waitFor({ state: 'hidden' });
  await page.getByRole('link', { name: 'Episodes', exact: true }).click();
  await page.getByRole('article', { name: TITLE }).getByRole('button', { name: 'Download' }).waitFor();
}

interface Opened {
  /** ms from the click to the dialog's `open` (a MutationObserver's record of it). */
  open: number;
  /** ms from the click to the first animation frame after it opened (its first paint, about). */
  frame: number;
  /** The sheet's markup, for the baseline (the app's press only). */
  markup: string;
}

/**
 * Clicks, inside the page, the card's Download (`app`) or a plain button that opens a <dialog> of
 * `markup` with showModal() (`bare`), and times the click to the dialog named "Download quality"
 * being open. The observer is attached before the click: no polling.
 */
function pressAndTimeOpen(page: Page, mode: 'app' | 'bare', markup = ''): Promise<Opened> {
  return page.evaluate(
    async ({ mode, title, sheet, markup }) => {
      const named = (dialog: HTMLDialogElement) => document.getElementById(dialog.getAttribute('aria-labelledby') ?? '')?.textContent === sheet;
      const openSheet = () => [...document.querySelectorAll<HTMLDialogElement>('dialog[open]')].find(named);
      let button: HTMLButtonElement;
      if (mode === 'app') {
        const article = [...document.querySelectorAll('article')].find((a) => a.querySelector('h2')?.textContent === title);
        const found = [...(article?.querySelectorAll('button') ?? [])].find((b) => b.getAttribute('aria-label') === 'Download');
        if (!found) throw new Error(`no Download button for ${title}`);
        button = found;
      } else {
        button = document.body.appendChild(document.createElement('button'));
        button.textContent = 'bare sheet';
        button.addEventListener('click', () => {
          const host = document.body.appendChild(document.createElement('div'));
          host.innerHTML = markup;
          host.querySelector('dialog')!.showModal();
        });
      }
      if (openSheet()) throw new Error(`the "${sheet}" dialog is open before the press`);
      let observer: MutationObserver | undefined;
      const opened = new Promise<number>((resolve) => {
        observer = new MutationObserver(() => {
          if (openSheet()) resolve(performance.now());
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['open'] });
      });
      const start = performance.now();
      button.click();
      const at = await benchWaits.within(opened, 10_000, `the "${sheet}" dialog open after the ${mode} press`);
      observer?.disconnect();
      await benchWaits.frame(5_000, `a frame after the "${sheet}" dialog opened`);
      const frame = performance.now() - start;
      const dialog = openSheet()!;
      const clone = dialog.cloneNode(true) as HTMLDialogElement;
      clone.removeAttribute('open');
      if (mode === 'bare') {
        dialog.close();
        dialog.parentElement!.remove();
        button.remove();
      }
      return { open: at - start, frame, markup: clone.outerHTML };
    },
    { mode, title: TITLE, sheet: SHEET, markup },
  );
}

async function askSheetRows(bench: Bench): Promise<Row[]> {
  log('P11: the Ask sheet, first and second press (the server makes the renditions, ~20 s the first time on a machine)');
  const server = await startEpisodeServer({ demo: true, appDir: resolve('dist'), renditions: true });
  const first: number[] = [];
  const second: number[] = [];
  const bare: number[] = [];
  const firstFrame: number[] = [];
  const secondFrame: number[] = [];
  const bareFrame: number[] = [];
  try {
    for (let run = 0; run < RUNS; run += 1) {
      const context = await freshContext(bench);
      try {
        const page = await openApp(context, server.origin);
        await chooseAsk(page);
        const sheet = page.getByRole('dialog', { name: SHEET });
        const cancel = async () => {
          await sheet.getByRole('button', { name: 'Cancel' }).click();
          await sheet.waitFor({ state: 'detached' });
        };
        const one = await pressAndTimeOpen(page, 'app');
        if ((await sheet.getByRole('radio').count()) < 2) throw new Error(`the sheet offers fewer than two renditions of ${TITLE}`);
        await cancel();
        const two = await pressAndTimeOpen(page, 'app');
        await cancel();
        const plain = await pressAndTimeOpen(page, 'bare', two.markup);
        first.push(one.open);
        second.push(two.open);
        bare.push(plain.open);
        firstFrame.push(one.frame);
        secondFrame.push(two.frame);
        bareFrame.push(plain.frame);
      } finally {
        await context.close();
      }
    }
  } finally {
    await server.close();
  }
  return [
    {
      id: 'P11',
      measure: `Ask each time: the card's Download → the Download quality sheet open, first press of the page (its chunk loads, the device's playback is probed); second press ${ms(median(second))}`,
      ours: ms(median(first)),
      baseline: `a plain button's <dialog>.showModal() of the same markup: ${ms(median(bare))}`,
      ratio: '—',
      target: '< 100 ms',
      pass: median(first) < 100,
      values: { first, second, bare, firstFrame, secondFrame, bareFrame, secondMedian: median(second) },
    },
  ];
}

export const askSheet: RowGroup = { ids: ['P11'], episodes: [], rows: askSheetRows };

import { CatalogChecker, type CatalogContext, type Episode, type ParsedCatalog } from '../core/catalog.ts';
import { readCatalogDocument, type FormatReaders } from './feeds/catalogFormats.ts';
import { roughHtmlText } from './feeds/feedText.ts';
import { readCatalogBody } from './catalogBody.ts';
import type { checkLeadingText } from './leadingEntries.ts';

/** Entries checked before the page may show the first of them, then per slice. */
const FIRST_SLICE = 48;
const SLICE = 1000;

/** The service worker's readers: JSON (the app's, JSON Feed) only, as it has no DOMParser. */
const WORKER_READERS: FormatReaders = { htmlText: roughHtmlText };

/**
 * Checks a fetched catalog's text, whatever its format (the app's JSON, JSON Feed, RSS, Atom).
 * A broken catalog throws (CatalogError), before anything is replaced. Long catalogs are checked
 * a slice at a time with the main thread handed back in between; `showFirst`, if given, gets the
 * first entries at once (a first visit has nothing else to show). Its own chunk, with the schema
 * library: loaded only when the catalog changed.
 */
export async function checkCatalogText(
  text: string,
  catalogUrl: string,
  mediaOrigins: readonly string[],
  showFirst?: (episodes: Episode[]) => void,
  readers: FormatReaders = WORKER_READERS,
): Promise<ParsedCatalog> {
  const document = readCatalogDocument(text, readers);
  const checker = new CatalogChecker(document.entries, checkContext(catalogUrl, mediaOrigins), document.source);
  await nextTask(); // reading the document (JSON.parse, a feed's outline) is a task of its own
  checker.check(FIRST_SLICE);
  if (showFirst && !checker.done) {
    showFirst([...checker.episodes]);
    await nextFrame(); // painted before the rest is checked
  }
  while (!checker.done) {
    await nextTask();
    checker.check(document.source?.sliceSize ?? SLICE);
  }
  return { episodes: checker.episodes, skipped: checker.skipped };
}

/** What an entry is checked against: the app's origin, the catalog's own, and any configured media origins. */
export function checkContext(catalogUrl: string, mediaOrigins: readonly string[]): CatalogContext {
  return { catalogUrl, allowedOrigins: [location.origin, new URL(catalogUrl).origin, ...mediaOrigins] };
}

/** After the next frame is painted, or a moment (a tab in the background paints none, and must not wait for ever). */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });
}

/** Lets input and rendering run before the next slice. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** What the page adds: RSS and Atom (DOMParser), and the first entries read from a body's start. */
export interface PageReading {
  readers: FormatReaders;
  leading: typeof checkLeadingText;
}

/**
 * Reads a fetched catalog's body and checks it. With `showFirst` (nothing on screen yet) the first
 * entries show as soon as the page can read them from the body's first bytes (the first screen
 * then costs the same for ten episodes or ten thousand), else after the first slice is checked;
 * a catalog that turns out broken takes back what it showed.
 */
export async function readAndCheckCatalog(
  response: Response,
  catalogUrl: string,
  mediaOrigins: readonly string[],
  showFirst?: (episodes: Episode[]) => void,
  page?: PageReading,
): Promise<ParsedCatalog> {
  let shownEarly = false;
  const showStart =
    showFirst && page
      ? (start: string) => {
          const first = page.leading(start, catalogUrl, mediaOrigins, FIRST_SLICE);
          if (first.length === 0) return;
          shownEarly = true;
          showFirst(first);
          return nextFrame(); // painted before the rest is read (a body already here is read in one task)
        }
      : undefined;
  try {
    const text = await readCatalogBody(response, showStart);
    return await checkCatalogText(text, catalogUrl, mediaOrigins, shownEarly ? undefined : showFirst, page?.readers);
  } catch (error) {
    if (shownEarly) showFirst?.([]); // what a refused catalog began with is not left on screen
    throw error;
  }
}

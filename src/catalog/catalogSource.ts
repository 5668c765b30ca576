import { CatalogChecker, CatalogError, catalogEntries, type Episode, type ParsedCatalog } from '../core/catalog.ts';

/** Entries checked before the page may show the first of them, then per slice. */
const FIRST_SLICE = 48;
const SLICE = 1000;

/**
 * Checks a fetched catalog's text. A broken catalog throws (CatalogError), before anything is
 * replaced. Long catalogs are checked a slice at a time with the main thread handed back in
 * between; `showFirst`, if given, gets the first entries at once (a first visit has nothing else
 * to show). Its own chunk, with the schema library: loaded only when the catalog changed.
 */
export async function checkCatalogText(
  text: string,
  catalogUrl: string,
  mediaOrigins: readonly string[],
  showFirst?: (episodes: Episode[]) => void,
): Promise<ParsedCatalog> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new CatalogError('it is not valid JSON');
  }
  const checker = new CatalogChecker(catalogEntries(document), {
    catalogUrl,
    // The app's origin, the catalog's own, and any configured media origins.
    allowedOrigins: [location.origin, new URL(catalogUrl).origin, ...mediaOrigins],
  });
  checker.check(FIRST_SLICE);
  if (showFirst && !checker.done) {
    showFirst([...checker.episodes]);
    await nextFrame(); // painted before the rest is checked
  }
  while (!checker.done) {
    await nextTask();
    checker.check(SLICE);
  }
  return { episodes: checker.episodes, skipped: checker.skipped };
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/** Lets input and rendering run before the next slice. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

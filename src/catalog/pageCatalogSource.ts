import { checkCatalogText as checkAnyCatalog, readAndCheckCatalog as readAndCheckAny, type PageReading } from './catalogSource.ts';
import { browserHtmlText } from './feeds/browserHtmlText.ts';
import { readXmlFeed } from './feeds/xmlFeeds.ts';
import { checkLeadingText } from './leadingEntries.ts';

/** The page's reading of a catalog, in the same lazy chunk: RSS and Atom too, and a first screen from a body's start. */
const PAGE: PageReading = { readers: { xml: readXmlFeed, htmlText: browserHtmlText }, leading: checkLeadingText };

export const checkCatalogText: typeof checkAnyCatalog = (text, catalogUrl, mediaOrigins, showFirst, readers) =>
  checkAnyCatalog(text, catalogUrl, mediaOrigins, showFirst, readers ?? PAGE.readers);

/** Measured as `offline-episodes:catalog-check` (the page's reading and checking of a fetched catalog). */
export const readAndCheckCatalog: typeof readAndCheckAny = async (response, catalogUrl, mediaOrigins, showFirst, page) => {
  const start = performance.now();
  try {
    return await readAndCheckAny(response, catalogUrl, mediaOrigins, showFirst, page ?? PAGE);
  } finally {
    performance.measure('offline-episodes:catalog-check', { start });
  }
};

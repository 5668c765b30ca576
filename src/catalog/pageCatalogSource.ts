import { checkCatalogText as checkAnyCatalog, readAndCheckCatalog as readAndCheckAny, type PageReading } from './catalogSource.ts';
import { browserHtmlText } from './feeds/browserHtmlText.ts';
import { readXmlFeed } from './feeds/xmlFeeds.ts';
import { checkLeadingText } from './leadingEntries.ts';

/** The page's reading of a catalog, in the same lazy chunk: RSS and Atom too, and a first screen from a body's start. */
const PAGE: PageReading = { readers: { xml: readXmlFeed, htmlText: browserHtmlText }, leading: checkLeadingText };

export const checkCatalogText: typeof checkAnyCatalog = (text, catalogUrl, mediaOrigins, showFirst, readers) =>
  checkAnyCatalog(text, catalogUrl, mediaOrigins, showFirst, readers ?? PAGE.readers);

export const readAndCheckCatalog: typeof readAndCheckAny = (response, catalogUrl, mediaOrigins, showFirst, page) =>
  readAndCheckAny(response, catalogUrl, mediaOrigins, showFirst, page ?? PAGE);

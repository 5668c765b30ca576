import { checkCatalogText as checkAnyCatalog } from './catalogSource.ts';
import { browserHtmlText } from './feeds/browserHtmlText.ts';
import { readXmlFeed } from './feeds/xmlFeeds.ts';

export { readCatalogBody } from './catalogBody.ts';
export { checkLeadingText } from './leadingEntries.ts';

/** The page's catalog check: RSS and Atom too (DOMParser), in the same lazy chunk. */
export const checkCatalogText: typeof checkAnyCatalog = (text, catalogUrl, mediaOrigins, showFirst, readers) =>
  checkAnyCatalog(text, catalogUrl, mediaOrigins, showFirst, readers ?? { xml: readXmlFeed, htmlText: browserHtmlText });

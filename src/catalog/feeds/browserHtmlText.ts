// Page only: the browser's HTML parser (DOMParser), which the service worker does not have.
import { roughHtmlText, type HtmlParser } from './feedText.ts';

/**
 * Plain text from HTML: most descriptions are simple markup with the common entities, which a
 * regular expression reads many times faster than the HTML parser (descriptions are much of a
 * long feed's reading); anything else goes to the parser. Either way only text comes out, and it
 * is shown as text.
 */
export const browserHtmlText: HtmlParser = (html) => (/<!|&(?!(?:#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);)/i.test(html) ? parsedHtmlText(html) : roughHtmlText(html));

/** The browser's HTML parser in a document of its own: no script runs, nothing loads. */
function parsedHtmlText(html: string): string {
  const body = new DOMParser().parseFromString(html, 'text/html').body;
  for (const hidden of Array.from(body.querySelectorAll('script, style, template, noscript'))) hidden.remove();
  return body.textContent ?? '';
}

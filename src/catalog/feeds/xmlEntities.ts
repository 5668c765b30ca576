/**
 * Real feeds use HTML's named entities (&nbsp;, &eacute;) that XML does not know. They are spelled
 * as numbers before any part of the feed is parsed: a parse that fails costs a parse, and
 * Chromium's error document carries inline styles, which the app's Content-Security-Policy reports.
 */

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/**
 * Distinct names looked up per feed. HTML has about 2,100; a feed that uses more is making them
 * up, and the rest are dropped as unknown names are.
 */
export const MAX_ENTITY_NAMES = 4096;

/** An HTML document for markup, parsed by an inert parser (DOMParser in the page). */
export type HtmlDocument = (html: string) => Document;

const browserHtmlDocument: HtmlDocument = (html) => new DOMParser().parseFromString(html, 'text/html');

/**
 * Spells the named entities XML does not know as the numeric references of the characters HTML
 * gives them; a name HTML does not know either is dropped. One repair serves a whole feed, a
 * part at a time (the outline, then each slice of items): each name is looked up once, the new
 * names of a part in one HTML parse, at most MAX_ENTITY_NAMES.
 */
export function entityRepair(htmlDocument: HtmlDocument = browserHtmlDocument): (part: string) => string {
  const known = new Map<string, string>();
  let looked = 0;
  return (part) => {
    const { starts, names } = unknownEntities(part);
    if (names.length === 0) return part;
    const fresh = [...new Set(names)].filter((name) => !known.has(name));
    const lookup = fresh.slice(0, Math.max(0, MAX_ENTITY_NAMES - looked));
    looked += lookup.length;
    const characters = htmlCharacters(lookup, htmlDocument);
    for (const name of fresh) known.set(name, characters.get(name) ?? '');
    const pieces: string[] = [];
    let from = 0;
    names.forEach((name, index) => {
      const start = starts[index] ?? 0;
      pieces.push(part.slice(from, start), known.get(name) ?? '');
      from = start + name.length + 2;
    });
    pieces.push(part.slice(from));
    return pieces.join('');
  };
}

/** The whole text repaired at once (see entityRepair). */
export function withNumericEntities(text: string, htmlDocument: HtmlDocument = browserHtmlDocument): string {
  return entityRepair(htmlDocument)(text);
}

// A name after `&`: tested in place (sticky), so no match object is made per entity.
const NAME = /[A-Za-z_][\w.-]{0,63};/y;
const HIDDEN = /<!\[CDATA\[|<!--/g;

/**
 * Where each `&name;` XML does not know starts, outside CDATA sections and comments (an entity
 * there is only text; unterminated, they hide the rest, as they do from the XML parser).
 */
function unknownEntities(text: string): { starts: number[]; names: string[] } {
  const starts: number[] = [];
  const names: string[] = [];
  HIDDEN.lastIndex = 0;
  let hidden = HIDDEN.exec(text);
  for (let at = text.indexOf('&'); at >= 0; at = text.indexOf('&', at + 1)) {
    if (hidden && hidden.index < at) {
      const close = text.indexOf(hidden[0] === '<!--' ? '-->' : ']]>', hidden.index);
      if (close < 0) break;
      HIDDEN.lastIndex = close + 3;
      hidden = HIDDEN.exec(text);
      at = close + 2;
      continue;
    }
    NAME.lastIndex = at + 1;
    if (!NAME.test(text)) continue;
    const name = text.slice(at + 1, NAME.lastIndex - 1);
    if (!XML_ENTITIES.has(name)) {
      starts.push(at);
      names.push(name);
    }
  }
  return { starts, names };
}

/** Each name's characters as numeric references, from one parse; unknown names are left out. */
function htmlCharacters(names: readonly string[], htmlDocument: HtmlDocument): Map<string, string> {
  const characters = new Map<string, string>();
  if (names.length === 0) return characters;
  const cells = htmlDocument(names.map((name) => `<b>&${name};</b>`).join('')).body.children;
  names.forEach((name, index) => {
    const text = cells[index]?.textContent ?? '';
    // An unknown name (or one HTML could not have: &made-up;) stays as written; a legacy prefix
    // (&notit; is "¬it;") leaves the rest of the name and its semicolon. Only &semi; ends in one.
    if (!text || text.startsWith('&') || (text.endsWith(';') && name !== 'semi')) return;
    characters.set(name, Array.from(text, (character) => `&#${character.codePointAt(0)};`).join(''));
  });
  return characters;
}

/**
 * Real feeds use HTML's named entities (&nbsp;, &eacute;) that XML does not know. They are spelled
 * as numbers before the feed is parsed at all: a parse that fails costs a parse, and Chromium's
 * error document carries inline styles, which the app's Content-Security-Policy reports.
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

// CDATA sections and comments are passed over (an entity there is only text); unterminated, they
// hide the rest of the text, as they do from the XML parser.
const MARKUP = /<!\[CDATA\[|<!--|&([A-Za-z_][\w.-]{0,63});/g;

/**
 * The feed's text with each named entity XML does not know (nor the feed's DOCTYPE declares)
 * replaced by the characters HTML gives it, as numeric references; a name HTML does not know
 * either is dropped. One pass over the text, and all the names in one HTML parse, however many
 * entities the feed has.
 */
export function withNumericEntities(text: string, htmlDocument: HtmlDocument = browserHtmlDocument): string {
  const declared = declaredEntities(text);
  const starts: number[] = [];
  const names: string[] = [];
  MARKUP.lastIndex = 0;
  for (let match = MARKUP.exec(text); match; match = MARKUP.exec(text)) {
    const name = match[1];
    if (name === undefined) {
      const close = text.indexOf(match[0] === '<!--' ? '-->' : ']]>', MARKUP.lastIndex);
      if (close < 0) break;
      MARKUP.lastIndex = close + 3;
    } else if (!XML_ENTITIES.has(name) && !declared.has(name)) {
      starts.push(match.index);
      names.push(name);
    }
  }
  if (names.length === 0) return text;
  const characters = htmlCharacters(new Set(names), htmlDocument);
  let repaired = '';
  let from = 0;
  names.forEach((name, index) => {
    const start = starts[index] ?? 0;
    repaired += text.slice(from, start) + (characters.get(name) ?? '');
    from = start + name.length + 2;
  });
  return repaired + text.slice(from);
}

/** Each name's characters as numeric references, from one parse; unknown names are left out. */
function htmlCharacters(names: ReadonlySet<string>, htmlDocument: HtmlDocument): Map<string, string> {
  // HTML's names are letters and digits only.
  const looked = [...names].filter((name) => /^[A-Za-z][A-Za-z0-9]+$/.test(name)).slice(0, MAX_ENTITY_NAMES);
  const cells = htmlDocument(looked.map((name) => `<b>&${name};</b>`).join('')).body.children;
  const characters = new Map<string, string>();
  looked.forEach((name, index) => {
    const text = cells[index]?.textContent ?? '';
    // An unknown name stays as written (&name;); a legacy prefix (&notit; is "¬it;") leaves the
    // rest of the name and its semicolon. Only &semi; itself ends in one.
    if (!text || text.startsWith('&') || (text.endsWith(';') && name !== 'semi')) return;
    characters.set(name, Array.from(text, (character) => `&#${character.codePointAt(0)};`).join(''));
  });
  return characters;
}

/** Entities the document declares itself (`<!DOCTYPE rss [<!ENTITY name "…">]>`): the XML parser knows those. */
function declaredEntities(text: string): Set<string> {
  const subset = /^[^[]{0,1000}?<!DOCTYPE[^>[]*\[([^\]]*)\]/.exec(text.slice(0, 65_536))?.[1] ?? '';
  return new Set(Array.from(subset.matchAll(/<!ENTITY\s+([A-Za-z][\w.-]*)/g), (match) => match[1] ?? ''));
}

import { CatalogChecker, type Episode } from '../core/catalog.ts';
import { checkContext } from './catalogSource.ts';

/** The checked episodes among the first `count` entries of a catalog's text still arriving (none when they cannot be read yet). */
export function checkLeadingText(start: string, catalogUrl: string, mediaOrigins: readonly string[], count: number): Episode[] {
  const entries = leadingEntries(start, count);
  if (!entries) return [];
  const checker = new CatalogChecker(entries, checkContext(catalogUrl, mediaOrigins));
  checker.check(count);
  return checker.episodes;
}

/**
 * The first `count` entries of the app's JSON catalog, read from the start of its text while the
 * rest is still arriving: a first visit shows them without waiting for (and parsing) megabytes.
 * Only a text that opens `{"episodes": [` is read so; anything else (another key first, a feed,
 * an entry not yet complete) gives undefined, and the whole text is read as before.
 */
export function leadingEntries(text: string, count: number): unknown[] | undefined {
  const opening = /^\uFEFF?\s*\{\s*"episodes"\s*:\s*\[/.exec(text);
  if (!opening) return undefined;
  const start = opening[0].length - 1; // the array's [
  let depth = 0;
  let inString = false;
  let complete = 0;
  for (let at = start + 1; at < text.length; at += 1) {
    const char = text[at];
    if (inString) {
      if (char === '\\') at += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth += 1;
    else if (char === '}' || char === ']') {
      if (depth === 0) return parsed(text.slice(start, at + 1)); // the list ended first
      depth -= 1;
      if (depth === 0 && ++complete === count) return parsed(`${text.slice(start, at + 1)}]`);
    }
  }
  return undefined;
}

function parsed(array: string): unknown[] | undefined {
  try {
    return JSON.parse(array) as unknown[];
  } catch {
    return undefined;
  }
}

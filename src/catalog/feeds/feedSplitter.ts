/**
 * A long feed is not parsed in one go: thousands of items in one parse are one long task before
 * anything shows. The items are cut out of the text instead and parsed a
 * slice at a time when the catalog check reaches them, inside the root and channel start tags
 * they came from (their namespace declarations); the rest of the feed (the outline: channel
 * title, image, language) is parsed at once, and tells whether the document is well formed.
 */
export interface SplitFeed {
  /** The feed without its items. */
  outline: string;
  /** Each item's (or Atom entry's) text, in order. */
  items: string[];
  /** An item's text as a document of its own. */
  wrap(item: string): string;
}

const PROLOG = /^(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>)*<([A-Za-z_][\w.-]*(?::[\w.-]+)?)\b[^>]*>/;

export function splitFeed(text: string): SplitFeed {
  const whole: SplitFeed = { outline: text, items: [], wrap: (item) => item };
  const root = PROLOG.exec(text);
  const rootName = root?.[1];
  const tag = rootName === 'rss' ? 'item' : rootName === 'feed' ? 'entry' : undefined;
  if (!root || !rootName || !tag) return whole;
  const rootEnd = root[0].length;
  const channel = tag === 'item' ? /<channel\b[^>]*>/.exec(text.slice(rootEnd)) : null;
  const searcher = new TagSearch(text);
  const items: string[] = [];
  let first = -1;
  let last = -1;
  for (let at = rootEnd; ; ) {
    const open = searcher.find(`<${tag}`, at, true);
    if (open < 0) break;
    const close = searcher.find(`</${tag}>`, open, false);
    if (close < 0) break; // cut off: left in the outline, which then fails to parse
    const end = close + tag.length + 3;
    items.push(text.slice(open, end));
    if (first < 0) first = open;
    last = end;
    at = end;
  }
  if (items.length === 0) return whole;
  const start = root[0].slice(root[0].lastIndexOf(`<${rootName}`)) + (channel?.[0] ?? '');
  const finish = `${channel ? '</channel>' : ''}</${rootName}>`;
  return { outline: text.slice(0, first) + text.slice(last), items, wrap: (item) => start + item + finish };
}

/** Finds tags outside CDATA sections and comments, in one pass over the text overall. */
class TagSearch {
  private nextCdata = -1;
  private nextComment = -1;

  constructor(private readonly text: string) {}

  /** The next `target` at or after `from` that is markup (and, for a start tag, the whole name). */
  find(target: string, from: number, startTag: boolean): number {
    for (let at = from; ; ) {
      const hit = this.text.indexOf(target, at);
      if (hit < 0) return -1;
      const hidden = this.hiddenBefore(at, hit);
      if (hidden) {
        at = hidden;
        if (at < 0) return -1;
        continue;
      }
      if (startTag && !/[\s>/]/.test(this.text[hit + target.length] ?? '')) {
        at = hit + 1; // <itemize>, not <item>
        continue;
      }
      return hit;
    }
  }

  /** Where a CDATA section or comment starting before `hit` ends (-1: never), or 0 if none does. */
  private hiddenBefore(from: number, hit: number): number {
    if (this.nextCdata !== -2 && this.nextCdata < from) this.nextCdata = this.indexOrNone('<![CDATA[', from);
    if (this.nextComment !== -2 && this.nextComment < from) this.nextComment = this.indexOrNone('<!--', from);
    const cdata = this.nextCdata >= 0 && this.nextCdata < hit ? this.nextCdata : Infinity;
    const comment = this.nextComment >= 0 && this.nextComment < hit ? this.nextComment : Infinity;
    if (cdata === Infinity && comment === Infinity) return 0;
    const [open, close] = cdata < comment ? [cdata, ']]>'] : [comment, '-->'];
    const end = this.text.indexOf(close, open);
    return end < 0 ? -1 : end + 3;
  }

  /** -2 once there are none left (never searched again). */
  private indexOrNone(target: string, from: number): number {
    const found = this.text.indexOf(target, from);
    return found < 0 ? -2 : found;
  }
}

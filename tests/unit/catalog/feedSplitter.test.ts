import { describe, expect, it } from 'vitest';
import { splitFeed } from '../../../src/catalog/feeds/feedSplitter.ts';

const rss = (items: string, channelExtra = '') =>
  `<?xml version="1.0"?>\n<!-- <rss> in a comment -->\n<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>T</title>${channelExtra}${items}</channel></rss>`;

describe('cutting a feed into its items', () => {
  it('finds every item of a long feed, in order, and leaves the outline without them', () => {
    const items = Array.from({ length: 5000 }, (_, index) => `<item><title>${index}</title></item>`);
    const split = splitFeed(rss(items.join('\n')));
    expect(split.items).toEqual(items);
    expect(split.outline).toBe('<?xml version="1.0"?>\n<!-- <rss> in a comment -->\n<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>T</title></channel></rss>');
  });

  it('wraps an item in the start tags it came from (their namespaces)', () => {
    const split = splitFeed(rss('<item><itunes:duration>1:00</itunes:duration></item>'));
    expect(split.wrap(split.items[0]!)).toBe(
      '<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><item><itunes:duration>1:00</itunes:duration></item></channel></rss>',
    );
  });

  it('ignores what looks like an item inside CDATA or a comment, and tags that only start with the name', () => {
    const split = splitFeed(
      rss('<item><description><![CDATA[ends with </item> and <item> ]]></description></item><!-- <item>old</item> --><item><itemize/></item>'),
    );
    expect(split.items).toEqual(['<item><description><![CDATA[ends with </item> and <item> ]]></description></item>', '<item><itemize/></item>']);
  });

  it('Atom entries, inside the feed element', () => {
    const split = splitFeed('<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><id>1</id></entry><entry><id>2</id></entry></feed>');
    expect(split.items).toHaveLength(2);
    expect(split.wrap(split.items[1]!)).toBe('<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>2</id></entry></feed>');
  });

  it('a cut-off feed keeps its unfinished item in the outline (which then fails to parse); anything else stays whole', () => {
    const cut = splitFeed('<rss version="2.0"><channel><item><title>Whole</title></item><item><title>Half');
    expect(cut.items).toEqual(['<item><title>Whole</title></item>']);
    expect(cut.outline).toBe('<rss version="2.0"><channel><item><title>Half');
    expect(splitFeed('<html><body>Not a feed</body></html>')).toMatchObject({ outline: '<html><body>Not a feed</body></html>', items: [] });
  });
});

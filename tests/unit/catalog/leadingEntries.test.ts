import { describe, expect, it } from 'vitest';
import { leadingEntries } from '../../../src/catalog/leadingEntries.ts';

const entry = (index: number) => ({ id: `ep-${index}`, title: `A "quoted" title with } and ] and \\ in it, ${index}`, chapters: [{ at: index }] });
const catalog = (count: number) => JSON.stringify({ episodes: Array.from({ length: count }, (_, index) => entry(index)), name: 'after' }, null, 1);

describe('the first entries of a catalog still arriving', () => {
  it('are the first complete entries, strings with brackets, quotes and escapes included', () => {
    const text = catalog(100);
    const cut = text.slice(0, text.indexOf('"ep-60"')); // part of the 61st has arrived
    expect(leadingEntries(cut, 48)).toEqual(Array.from({ length: 48 }, (_, index) => entry(index)));
    expect(leadingEntries(text, 48)).toEqual(JSON.parse(text).episodes.slice(0, 48));
  });

  it('are all of a short list, which ends before the count', () => {
    expect(leadingEntries(catalog(3), 48)).toEqual([entry(0), entry(1), entry(2)]);
  });

  it('are not read from too little text, another shape or another key first', () => {
    const text = catalog(100);
    expect(leadingEntries(text.slice(0, text.indexOf('"ep-20"')), 48)).toBeUndefined();
    expect(leadingEntries(JSON.stringify({ name: 'first', episodes: [entry(1)] }), 48)).toBeUndefined();
    expect(leadingEntries('<rss version="2.0">', 48)).toBeUndefined();
    expect(leadingEntries('{"episodes": [{"id": 1} {"id": 2}, {"id": 3}]}', 2)).toBeUndefined(); // not JSON
  });
});

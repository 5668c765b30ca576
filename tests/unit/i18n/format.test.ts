import { describe, expect, it } from 'vitest';
import { argumentNames, formatMessage } from '../../../src/i18n/format.ts';

const episodes = '{n, plural, =0 {no episodes} zero {# zero} one {# one} two {# two} few {# few} many {# many} other {# other}}';

describe('the message formatter', () => {
  it('substitutes arguments, numbers in the locale’s digits and grouping', () => {
    expect(formatMessage('Downloaded: {title}', { title: 'Episode 3' })).toBe('Downloaded: Episode 3');
    expect(formatMessage('{size} of {total}', { size: 1234.5, total: 'x' }, 'de')).toBe('1.234,5 of x');
    expect(formatMessage('No arguments at all.')).toBe('No arguments at all.');
  });

  it('chooses plural forms by the locale’s rules, exact =N first, # the number', () => {
    expect(formatMessage('{n, plural, one {# episode} other {# episodes}}', { n: 1 })).toBe('1 episode');
    expect(formatMessage('{n, plural, one {# episode} other {# episodes}}', { n: 1200 })).toBe('1,200 episodes');
    expect(formatMessage(episodes, { n: 0 }, 'en')).toBe('no episodes');
    // Arabic's six categories: zero, one, two, few (3–10), many (11–99), other (100–102, …).
    const arabic = [0, 1, 2, 3, 11, 100].map((n) => formatMessage(episodes.replace('=0 {no episodes} ', ''), { n }, 'ar'));
    expect(arabic.map((text) => text.split(' ')[1])).toEqual(['zero', 'one', 'two', 'few', 'many', 'other']);
    // # in Arabic's own digits where its locale writes them.
    expect(arabic[3]).toBe(`${new Intl.NumberFormat('ar').format(3)} few`);
  });

  it('selects by value, with other as the fallback, and nests a plural inside a select', () => {
    const skip = '{direction, select, back {Back {seconds, plural, one {# second} other {# seconds}}} other {Forward {seconds, plural, one {# second} other {# seconds}}}}';
    expect(formatMessage(skip, { direction: 'back', seconds: 10 })).toBe('Back 10 seconds');
    expect(formatMessage(skip, { direction: 'forward', seconds: 1 })).toBe('Forward 1 second');
    expect(formatMessage(skip, { direction: 'sideways', seconds: 5 })).toBe('Forward 5 seconds');
  });

  it('shows a missing argument as itself rather than crash or blank', () => {
    expect(formatMessage('Play from {time}', {})).toBe('Play from {time}');
    expect(formatMessage('{n, plural, one {# episode} other {# episodes}} left', {})).toBe('{n} left');
  });

  it('survives a broken message (unclosed braces, no branches)', () => {
    for (const broken of ['{', '{name', '{n, plural,', '{n, plural, one {x', 'a } b', '{n, select, }']) {
      expect(() => formatMessage(broken, { n: 1, name: 'x' })).not.toThrow();
    }
  });

  it('keeps # literal outside a plural', () => {
    expect(formatMessage('#{position} in the queue', { position: 2 })).toBe('#2 in the queue');
  });

  it('names every argument, at any depth', () => {
    expect(argumentNames('{count, plural, one {# x {title}} other {# y}} · {size}')).toEqual(['count', 'size', 'title']);
  });
});

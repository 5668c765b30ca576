import { describe, expect, it } from 'vitest';
import { parseByteRate } from '../../../server/rate.ts';
import { formatter } from '../../../src/i18n/formatters.ts';
import { formatBytes, formatDuration, percentOf } from '../../../src/ui/format.ts';

describe('formatting', () => {
  it('writes sizes in the decimal units phones and catalogs use', () => {
    expect(formatBytes(0)).toBe('0\u00a0bytes');
    expect(formatBytes(1500)).toBe('1.5\u00a0KB');
    expect(formatBytes(8_000_000)).toBe('8.0\u00a0MB');
    expect(formatBytes(48_000_000)).toBe('48\u00a0MB');
    expect(formatBytes(412_000_000)).toBe('412\u00a0MB');
    expect(formatBytes(3_250_000_000)).toBe('3.3\u00a0GB');
  });

  it('makes a formatter once per locale and options, and keeps locales apart', () => {
    let made = 0;
    const make = () => ({ made: ++made });
    expect(formatter('test en', make)).toBe(formatter('test en', make));
    expect(made).toBe(1);
    expect(formatter('test fr', make)).not.toBe(formatter('test en', make));
    expect(made).toBe(2);
    // A cached formatter for one locale never answers for another.
    expect(formatBytes(1500, 'en')).toBe('1.5\u00a0KB');
    expect(formatBytes(1500, 'de')).toBe('1,5\u00a0KB');
    expect(formatBytes(1500, 'en')).toBe('1.5\u00a0KB');
  });

  it('writes durations as clock time', () => {
    expect(formatDuration(20)).toBe('0:20');
    expect(formatDuration(125)).toBe('2:05');
    expect(formatDuration(3725)).toBe('1:02:05');
  });

  it('never says 100% before the last byte', () => {
    expect(percentOf(999, 1000)).toBe(99);
    expect(percentOf(1000, 1000)).toBe(100);
    expect(percentOf(420, 1000)).toBe(42);
    expect(percentOf(5, 0)).toBe(0);
  });

  it('parses throttle rates', () => {
    expect(parseByteRate('2mb')).toBe(2 * 1024 * 1024);
    expect(parseByteRate('500kb')).toBe(500 * 1024);
    expect(parseByteRate('1000')).toBe(1000);
    expect(() => parseByteRate('fast')).toThrow(/Not a byte rate/);
  });
});

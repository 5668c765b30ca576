import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../src/ui/format.ts';
import { formatDate, formatList, relativeTime, spokenDuration } from '../../../src/ui/localeFormat.ts';

describe('formatting in the viewer’s locale', () => {
  it('writes sizes with the locale’s decimal mark and unit names, English as it always was', () => {
    expect(formatBytes(512, 'en')).toBe('512\u00a0bytes');
    expect(formatBytes(1_500_000_000, 'en')).toBe('1.5\u00a0GB');
    expect(formatBytes(1500, 'en')).toBe('1.5\u00a0KB');
    expect(formatBytes(1_500_000, 'de')).toBe('1,5\u00a0MB');
    expect(formatBytes(1_500_000_000, 'fr')).toBe(new Intl.NumberFormat('fr', { style: 'unit', unit: 'gigabyte', minimumFractionDigits: 1 }).format(1.5));
    expect(formatBytes(48_000_000, 'ja')).toBe('48\u00a0MB');
  });

  it('says durations in words, to the minute', () => {
    expect(spokenDuration(60, 'en')).toBe('1 min');
    expect(spokenDuration(3900, 'en')).toMatch(/^1 hr,? 5 min$/);
    expect(spokenDuration(20, 'de')).toBe('1 Min.');
  });

  it('says how long ago, in the largest whole unit', () => {
    const now = Date.UTC(2025, 2, 12);
    expect(relativeTime(now - 2 * 86_400_000, now, 'en')).toBe('2 days ago');
    expect(relativeTime(now - 86_400_000, now, 'en')).toBe('yesterday');
    expect(relativeTime(now - 5 * 60_000, now, 'de')).toBe('vor 5 Minuten');
    expect(relativeTime(now + 3 * 3_600_000, now, 'es')).toBe('dentro de 3 horas');
  });

  it('writes dates and lists as the locale does', () => {
    const at = Date.UTC(2025, 2, 12, 14, 5);
    expect(formatDate(at, 'de')).toMatch(/^12\.03\.2025, \d\d:05$/);
    expect(formatList(['English', 'Español'], 'en')).toBe('English, Español');
  });
});

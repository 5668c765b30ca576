import { formatter } from '../i18n/formatters.ts';
import { active } from '../i18n/translate.ts';

const PREFIXES = ['', 'kilo', 'mega', 'giga', 'tera'] as const;

/**
 * Sizes in decimal units, as phones and catalogs count them ("48 MB" is 48,000,000 bytes), in the
 * viewer's locale ("1,5 Go" in French): one decimal below 10, none from there or for bytes.
 */
export function formatBytes(bytes: number, locale = active.locale): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < PREFIXES.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  const text = byteFormat(locale, unit, digits).format(value);
  // KB, as the app always wrote it and phones' storage screens do (CLDR writes kB; French ko is left).
  // A no-break space: "12 MB" never splits across two lines of a narrow card.
  return text.replace('kB', 'KB').replaceAll(' ', '\u00a0');
}

function byteFormat(locale: string, unit: number, digits: number): Intl.NumberFormat {
  return formatter(`bytes ${locale} ${unit} ${digits}`, () =>
    new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: `${PREFIXES[unit]}byte`,
      unitDisplay: unit ? 'short' : 'long',
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }),
  );
}

/** Clock time, "1:02:05", as media timelines show it in every language. */
export function formatDuration(seconds: number): string {
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** Whole percent, never 100 before the last byte. */
export function percentOf(done: number, total: number): number {
  if (total <= 0) return 0;
  const percent = Math.floor((done / total) * 100);
  return done < total ? Math.min(percent, 99) : 100;
}

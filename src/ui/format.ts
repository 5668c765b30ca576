import { active } from '../i18n/translate.ts';

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/**
 * Sizes in decimal units, as phones and catalogs count them ("48 MB" is 48,000,000 bytes), in the
 * viewer's locale ("1,5 Go" in French): one decimal below 10, none from there or for bytes.
 */
export function formatBytes(bytes: number, locale = active.locale): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  const text = new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: UNITS[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
  // English has always said KB, as phones' storage screens do (CLDR writes kB).
  return locale.startsWith('en') ? text.replace('kB', 'KB') : text;
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

/** Intl.DurationFormat where the browser has it (not yet in Firefox's types or every engine). */
type DurationFormatConstructor = new (locale: string, options: { style: 'short' }) => { format(duration: { hours?: number; minutes?: number }): string };

/**
 * A duration in words, to the minute: "1 hr, 5 min" (Intl.DurationFormat where present, else the
 * locale's unit names joined as a list, which is what it does).
 */
export function spokenDuration(seconds: number, locale = active.locale): string {
  const minutes = Math.max(1, Math.round(seconds / 60));
  const parts = { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
  const DurationFormat = (Intl as { DurationFormat?: DurationFormatConstructor }).DurationFormat;
  if (DurationFormat) return new DurationFormat(locale, { style: 'short' }).format(parts);
  const unit = (value: number, name: 'hour' | 'minute') => new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  const said = [parts.hours ? unit(parts.hours, 'hour') : '', parts.minutes ? unit(parts.minutes, 'minute') : ''].filter(Boolean);
  return new Intl.ListFormat(locale, { type: 'unit', style: 'short' }).format(said);
}

/** "2 days ago", "yesterday", "in 5 minutes": the largest whole unit. */
export function relativeTime(at: number, now: number, locale = active.locale): string {
  const seconds = Math.round((at - now) / 1000);
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [['day', 86_400], ['hour', 3600], ['minute', 60]];
  const [unit, size] = steps.find(([, length]) => Math.abs(seconds) >= length) ?? ['second', 1];
  return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(Math.round(seconds / size), unit);
}

/** A date and time, as the locale writes them ("12 Mar 2025, 14:05"). */
export function formatDate(at: number, locale = active.locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
}

/** "English, Español": a list of names, as the locale separates them. */
export function formatList(items: readonly string[], locale = active.locale): string {
  return new Intl.ListFormat(locale, { type: 'unit', style: 'short' }).format(items);
}

/** Whole percent, never 100 before the last byte. */
export function percentOf(done: number, total: number): number {
  if (total <= 0) return 0;
  const percent = Math.floor((done / total) * 100);
  return done < total ? Math.min(percent, 99) : 100;
}

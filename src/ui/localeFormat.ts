// Dates, durations in words and lists in the viewer's locale: apart from format.ts (sizes, clock
// times), which the page entry carries, so these load with the views that use them.
import { formatter } from '../i18n/formatters.ts';
import { active } from '../i18n/translate.ts';

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
  if (DurationFormat) return formatter(`duration ${locale}`, () => new DurationFormat(locale, { style: 'short' })).format(parts);
  const unit = (value: number, name: 'hour' | 'minute') =>
    formatter(`${name} ${locale}`, () => new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short' })).format(value);
  const said = [parts.hours ? unit(parts.hours, 'hour') : '', parts.minutes ? unit(parts.minutes, 'minute') : ''].filter(Boolean);
  return formatList(said, locale);
}

/** "2 days ago", "yesterday", "in 5 minutes": the largest whole unit. */
export function relativeTime(at: number, now: number, locale = active.locale): string {
  const seconds = Math.round((at - now) / 1000);
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [['day', 86_400], ['hour', 3600], ['minute', 60]];
  const [unit, size] = steps.find(([, length]) => Math.abs(seconds) >= length) ?? ['second', 1];
  return formatter(`relative ${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })).format(Math.round(seconds / size), unit);
}

/** A date and time, as the locale writes them ("12 Mar 2025, 14:05"). */
export function formatDate(at: number, locale = active.locale): string {
  return formatter(`date ${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })).format(at);
}

/** "English, Español": a list of names, as the locale separates them. */
export function formatList(items: readonly string[], locale = active.locale): string {
  return formatter(`list ${locale}`, () => new Intl.ListFormat(locale, { type: 'unit', style: 'short' })).format(items);
}

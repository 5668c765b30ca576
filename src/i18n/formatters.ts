// Making an Intl formatter costs about a millisecond (its locale's data; the page's first, ICU's
// start, more); formatting with one costs microseconds. The first screen formats a few dozen
// sizes and numbers: a formatter made for each was its largest piece of script.
const formatters = new Map<string, unknown>();

/** The formatter `make` returns, made once per key (the locale and options it is made with). */
export function formatter<T>(key: string, make: () => T): T {
  let made = formatters.get(key) as T | undefined;
  if (made === undefined) formatters.set(key, (made = make()));
  return made;
}

// Which shipped language a viewer gets, and its writing direction. No DOM: unit-tested as is.

/**
 * The first of the viewer's languages (navigator.languages, most wanted first) that is shipped:
 * the same tag, else the same language in another region (pt, pt-PT → pt-BR); else English.
 */
export function matchLocale(wanted: readonly string[], shipped: readonly string[]): string {
  const language = (tag: string) => tag.toLowerCase().split('-')[0];
  for (const tag of wanted) {
    const found = shipped.find((locale) => locale.toLowerCase() === tag.toLowerCase()) ?? shipped.find((locale) => language(locale) === language(tag));
    if (found) return found;
  }
  return 'en';
}

/** `<html dir>`: right to left for the scripts that read so. */
export function directionOf(locale: string): 'ltr' | 'rtl' {
  return /^(ar|fa|he|ur)\b/i.test(locale) ? 'rtl' : 'ltr';
}

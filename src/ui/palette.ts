/**
 * The accent colours for light and dark, derived from the publisher's `themeColor` so that text
 * and controls in it stay readable: WCAG AA (4.5:1) for the accent on the cards and the page, and
 * for the words on an accent button. A colour that fails is darkened (light) or lightened (dark)
 * step by step until it passes; one that passes is kept as given.
 */
export interface AccentPair {
  accent: string;
  accentText: string;
}

export interface Palette {
  light: AccentPair;
  dark: AccentPair;
}

type Rgb = [number, number, number];

/** The surfaces the accent is drawn on (src/ui/styles.css): page and card, light and dark. */
const LIGHT_SURFACES: Rgb[] = [rgbOf('#f6f6f8'), rgbOf('#ffffff')];
const DARK_SURFACES: Rgb[] = [rgbOf('#111115'), rgbOf('#1c1c22')];
const INK: Rgb = rgbOf('#0b0b10');
const WHITE: Rgb = [255, 255, 255];
export const AA = 4.5;

export function paletteFor(themeColor: string): Palette {
  const base = rgbOf(themeColor);
  return { light: readableOn(base, LIGHT_SURFACES, [0, 0, 0]), dark: readableOn(base, DARK_SURFACES, [255, 255, 255]) };
}

/** Moves `colour` toward `toward` until it reads on every surface and carries readable words. */
function readableOn(colour: Rgb, surfaces: Rgb[], toward: Rgb): AccentPair {
  for (let step = 0; step <= 20; step += 1) {
    const candidate = mix(colour, toward, step / 20);
    const text = contrast(candidate, WHITE) >= contrast(candidate, INK) ? WHITE : INK;
    if (surfaces.every((surface) => contrast(candidate, surface) >= AA) && contrast(candidate, text) >= AA) {
      return { accent: hexOf(candidate), accentText: hexOf(text) };
    }
  }
  // Fully mixed is black or white: always readable on the other theme's surfaces.
  return { accent: hexOf(toward), accentText: hexOf(toward[0] === 0 ? WHITE : INK) };
}

export function contrast(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

function luminance([r, g, b]: Rgb): number {
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function mix(from: Rgb, to: Rgb, amount: number): Rgb {
  return from.map((value, index) => Math.round(value + (to[index]! - value) * amount)) as Rgb;
}

/** `#rgb` or `#rrggbb` (config.json's themeColor is checked to be one of them). */
export function rgbOf(hex: string): Rgb {
  const digits = hex.slice(1);
  const full = digits.length === 3 ? [...digits].map((digit) => digit + digit).join('') : digits;
  return [0, 2, 4].map((at) => parseInt(full.slice(at, at + 2), 16)) as Rgb;
}

function hexOf(rgb: Rgb): string {
  return `#${rgb.map((value) => value.toString(16).padStart(2, '0')).join('')}`;
}

/** Sets the pairs as custom properties on the root (CSSOM: allowed under the page's style-src). */
export function applyPalette(root: HTMLElement, palette: Palette): void {
  root.style.setProperty('--accent-light', palette.light.accent);
  root.style.setProperty('--accent-light-text', palette.light.accentText);
  root.style.setProperty('--accent-dark', palette.dark.accent);
  root.style.setProperty('--accent-dark-text', palette.dark.accentText);
}

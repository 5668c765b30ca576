import { describe, expect, it } from 'vitest';
import { AA, contrast, paletteFor, rgbOf } from '../../../src/ui/palette.ts';

const surfaces = { light: ['#f6f6f8', '#ffffff'], dark: ['#111115', '#1c1c22'] };

/** What a viewer would see: the accent on every surface, and the words on an accent button. */
function readable(themeColor: string): boolean {
  const palette = paletteFor(themeColor);
  return (['light', 'dark'] as const).every((look) => {
    const { accent, accentText } = palette[look];
    return surfaces[look].every((surface) => contrast(rgbOf(accent), rgbOf(surface)) >= AA) && contrast(rgbOf(accent), rgbOf(accentText)) >= AA;
  });
}

describe('the palette from a publisher’s themeColor', () => {
  it('keeps a colour that already reads, as given', () => {
    expect(paletteFor('#1a56db').light).toEqual({ accent: '#1a56db', accentText: '#ffffff' });
  });

  it('darkens a pale colour for light mode and keeps it for dark mode', () => {
    const palette = paletteFor('#ffdd00'); // a yellow: 1.4:1 on white
    expect(contrast(rgbOf('#ffdd00'), rgbOf('#ffffff'))).toBeLessThan(AA);
    expect(palette.light.accent).not.toBe('#ffdd00');
    expect(palette.dark).toEqual({ accent: '#ffdd00', accentText: '#0b0b10' });
  });

  it('lightens a deep colour for dark mode', () => {
    const palette = paletteFor('#000080'); // navy: 2.1:1 on the dark card
    expect(palette.light.accent).toBe('#000080');
    expect(palette.dark.accent).not.toBe('#000080');
  });

  it('never ships an unreadable pair, whatever the colour', () => {
    for (const colour of ['#ffffff', '#000000', '#ff0000', '#00ff00', '#808080', '#7aa2ff', '#f0f', '#123', '#e5e5e5']) {
      expect(readable(colour), colour).toBe(true);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { chooseSource, preselectSource, type RankedSource } from '../../../src/core/chooseSource.ts';

const rung = (height: number, more: Partial<RankedSource> = {}): RankedSource => ({ url: `/${height}.mp4`, type: 'video/mp4', height, bitrate: height * 4000, size: height * 100_000, ...more });
// Listed out of order, as catalogs do: the rule must not depend on it.
const ladder = [rung(720), rung(1080), rung(360), rung(480)];
const url = (source: RankedSource | null | undefined) => (source === null ? null : source?.url);

describe('downloads: the setting decides', () => {
  it('data saver the smallest, standard the largest at or below 720p, best the largest, ask the sheet', () => {
    expect(url(chooseSource(ladder, 'data-saver'))).toBe('/360.mp4');
    expect(url(chooseSource(ladder, 'standard'))).toBe('/720.mp4');
    expect(url(chooseSource(ladder, 'best'))).toBe('/1080.mp4');
    expect(chooseSource(ladder, 'ask')).toBeNull();
    // The network is the stream's business, not a download's.
    expect(url(chooseSource(ladder, 'best', { saveData: true, effectiveType: '2g' }))).toBe('/1080.mp4');
  });

  it('data saver counts bytes, not pixels: a small picture in a big file is not the saving', () => {
    // The demo's long episode: its own 240p file padded to 48 MB, beside renditions of a few MB.
    const padded = [{ url: '/long', type: 'video/webm', height: 240, size: 48_000_000 }, rung(360), rung(720), rung(1080)];
    expect(url(chooseSource(padded, 'data-saver'))).toBe('/360.mp4');
    expect(url(chooseSource(padded, 'stream', { saveData: true }))).toBe('/360.mp4');
    expect(url(chooseSource(padded, 'standard'))).toBe('/720.mp4');
    expect(url(chooseSource(padded, 'best'))).toBe('/1080.mp4');
  });

  it('standard with nothing at or below 720p takes the smallest above', () => {
    expect(url(chooseSource([rung(2160), rung(1080), rung(1440)], 'standard'))).toBe('/1080.mp4');
  });

  it('with nothing to choose from there is no choice (playableSources says why)', () => {
    expect(chooseSource([], 'standard')).toBeUndefined();
    expect(chooseSource([], 'ask')).toBeUndefined();
  });

  it('the sheet preselects the last choice’s height, else Standard’s', () => {
    expect(url(preselectSource(ladder, 480))).toBe('/480.mp4');
    expect(url(preselectSource(ladder, 540))).toBe('/720.mp4');
    expect(url(preselectSource(ladder))).toBe('/720.mp4');
    expect(preselectSource([])).toBeUndefined();
  });
});

describe('streams: the network and the player decide', () => {
  it('saveData, 2g and slow-2g the smallest; 3g at most 480p', () => {
    expect(url(chooseSource(ladder, 'stream', { saveData: true, effectiveType: '4g', downlink: 10 }))).toBe('/360.mp4');
    expect(url(chooseSource(ladder, 'stream', { effectiveType: '2g' }))).toBe('/360.mp4');
    expect(url(chooseSource(ladder, 'stream', { effectiveType: 'slow-2g' }))).toBe('/360.mp4');
    expect(url(chooseSource(ladder, 'stream', { effectiveType: '3g' }))).toBe('/480.mp4');
  });

  it('4g: the player’s height in device pixels, rounded up to the next rendition', () => {
    const fast = { effectiveType: '4g', downlink: 10 };
    expect(url(chooseSource(ladder, 'stream', fast, { cssHeight: 270, devicePixelRatio: 1 }))).toBe('/360.mp4');
    expect(url(chooseSource(ladder, 'stream', fast, { cssHeight: 270, devicePixelRatio: 2 }))).toBe('/720.mp4'); // 540 device pixels
    expect(url(chooseSource(ladder, 'stream', fast, { cssHeight: 360.4, devicePixelRatio: 2 }))).toBe('/1080.mp4'); // 721
    expect(url(chooseSource(ladder, 'stream', fast, { cssHeight: 1200, devicePixelRatio: 2 }))).toBe('/1080.mp4'); // taller than any: the largest
    expect(url(chooseSource(ladder, 'stream', fast))).toBe('/1080.mp4'); // no player yet: the largest that fits
  });

  it('4g: only what 80% of the downlink carries; the smallest when nothing does', () => {
    // 3 Mbit/s: 2.4 for the stream; 480p is 1.92 Mbit/s, 720p 2.88.
    expect(url(chooseSource(ladder, 'stream', { effectiveType: '4g', downlink: 3 }, { cssHeight: 1080, devicePixelRatio: 1 }))).toBe('/480.mp4');
    expect(url(chooseSource(ladder, 'stream', { effectiveType: '4g', downlink: 0.5 }))).toBe('/360.mp4');
  });

  it('no Network Information API (Safari, Firefox): the player’s size alone', () => {
    expect(url(chooseSource(ladder, 'stream', {}, { cssHeight: 400, devicePixelRatio: 1 }))).toBe('/480.mp4');
    expect(url(chooseSource(ladder, 'stream'))).toBe('/1080.mp4');
  });
});

describe('ties and missing measures: deterministic', () => {
  it('smooth sources only, when any is smooth', () => {
    const device = [rung(360, { smooth: true }), rung(720, { smooth: true }), rung(1080, { smooth: false })];
    expect(url(chooseSource(device, 'best'))).toBe('/720.mp4');
    // None smooth: all are considered.
    expect(url(chooseSource(device.map((source) => ({ ...source, smooth: false })), 'best'))).toBe('/1080.mp4');
  });

  it('equal sizes: power-efficient first, then isDefault, then catalog order', () => {
    const twins = [rung(720, { url: '/vp9.webm' }), rung(720, { url: '/h264.mp4', isDefault: true }), rung(720, { url: '/hevc.mp4', powerEfficient: true })];
    expect(url(chooseSource(twins, 'best'))).toBe('/hevc.mp4');
    expect(url(chooseSource(twins.slice(0, 2), 'best'))).toBe('/h264.mp4');
    expect(url(chooseSource(twins.slice(0, 1).concat([rung(720, { url: '/second.mp4' })]), 'data-saver'))).toBe('/vp9.webm');
  });

  it('the same height: the bitrate, then the size, tell them apart', () => {
    const same = [rung(1080, { url: '/big.mp4', bitrate: 8_000_000 }), rung(1080, { url: '/lean.webm', bitrate: undefined, size: 30_000_000 }), rung(1080, { url: '/mid.mp4', bitrate: 5_000_000 })];
    expect(url(chooseSource(same, 'best'))).toBe('/big.mp4');
    expect(url(chooseSource(same, 'data-saver'))).toBe('/lean.webm');
  });

  it('no heights at all: by bitrate, else size; the height rules take the default', () => {
    const noHeights = [
      { url: '/hd.mp4', type: 'video/mp4', bitrate: 5_000_000 },
      { url: '/sd.mp4', type: 'video/mp4', bitrate: 1_000_000, isDefault: true },
      { url: '/mid.mp4', type: 'video/mp4', bitrate: 2_500_000 },
    ];
    expect(url(chooseSource(noHeights, 'data-saver'))).toBe('/sd.mp4');
    expect(url(chooseSource(noHeights, 'best'))).toBe('/hd.mp4');
    expect(url(chooseSource(noHeights, 'standard'))).toBe('/sd.mp4');
    expect(url(chooseSource(noHeights, 'stream', { effectiveType: '3g' }))).toBe('/sd.mp4');
    // The player's size cannot be used: the largest the downlink carries.
    expect(url(chooseSource(noHeights, 'stream', { effectiveType: '4g', downlink: 4 }, { cssHeight: 200, devicePixelRatio: 1 }))).toBe('/mid.mp4');
    const bySize = [{ url: '/a.mp4', type: 'video/mp4', size: 9 }, { url: '/b.mp4', type: 'video/mp4', size: 3 }];
    expect(url(chooseSource(bySize, 'data-saver'))).toBe('/b.mp4');
  });

  it('some heights missing: a source without one is placed by its bitrate or size among the others', () => {
    // The shape of tests/fixtures/feeds/renditions.mrss's media:group.
    const group = [
      { url: '/1080.mp4', type: 'video/mp4', height: 1080, bitrate: 4_500_000, size: 67_500_000 },
      { url: '/720.mp4', type: 'video/mp4', height: 720, bitrate: 2_500_000, size: 37_500_000, isDefault: true },
      { url: '/low.mp4', type: 'video/mp4', bitrate: 800_500 },
      { url: '/1080.webm', type: 'video/webm', height: 1080, size: 30_000_000 },
    ];
    // By bytes: low.mp4 gives no size, and its bitrate only places it below the 720p; the AV1
    // file gives no bitrate: nothing tells the two apart, so catalog order does.
    expect(url(chooseSource(group, 'data-saver'))).toBe('/low.mp4');
    expect(url(chooseSource(group, 'standard'))).toBe('/720.mp4');
    expect(url(chooseSource(group, 'best'))).toBe('/1080.mp4');
    // Nothing at or below 480p by height: the smallest, which is the one without a height.
    expect(url(chooseSource(group, 'stream', { effectiveType: '3g' }))).toBe('/low.mp4');
  });

  it('a source nothing compares it with is never chosen by a rule; with none comparable, the default', () => {
    const odd = [rung(360), rung(720), { url: '/mystery.mp4', type: 'video/mp4' }];
    expect(url(chooseSource(odd, 'data-saver'))).toBe('/360.mp4');
    expect(url(chooseSource(odd, 'best'))).toBe('/720.mp4');
    const unmeasured = [{ url: '/a.mp4', type: 'video/mp4' }, { url: '/b.mp4', type: 'video/mp4', isDefault: true }];
    for (const choice of ['data-saver', 'standard', 'best', 'stream'] as const) expect(url(chooseSource(unmeasured, choice))).toBe('/b.mp4');
  });

  it('the order of the catalog changes nothing but ties', () => {
    const shuffled = [ladder[2], ladder[0], ladder[3], ladder[1]] as RankedSource[];
    for (const choice of ['data-saver', 'standard', 'best'] as const) expect(url(chooseSource(shuffled, choice))).toBe(url(chooseSource(ladder, choice)));
  });
});

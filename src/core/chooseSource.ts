import type { EpisodeSource } from './catalog.ts';

/** The Downloads setting. */
export type DownloadQuality = 'data-saver' | 'standard' | 'best' | 'ask';

/** A download's setting, or 'stream': playing online, where the network and the player decide. */
export type QualityChoice = DownloadQuality | 'stream';

/** What `navigator.connection` says, where the browser has it (Chromium). */
export interface NetworkHints {
  saveData?: boolean;
  effectiveType?: string;
  /** Mbit/s (Chromium rounds it and caps it at 10). */
  downlink?: number;
}

/** The player's box: its CSS height and the screen's device pixels per CSS pixel. */
export interface PlayerSize {
  cssHeight: number;
  devicePixelRatio: number;
}

/** A source as playableSources() gives it; a plain one counts as smooth and not power-efficient. */
export type RankedSource = EpisodeSource & { smooth?: boolean; powerEfficient?: boolean };

const STANDARD_HEIGHT = 720;
const SLOW_NETWORK_HEIGHT = 480;
/** A stream keeps this share of the downlink for itself: the rest is headroom (other traffic, dips). */
const DOWNLINK_SHARE = 0.8;

/**
 * Which source to download or stream. Pure: the same arguments give the same source.
 *
 * | choice                  | source                                                                   |
 * |-------------------------|--------------------------------------------------------------------------|
 * | data-saver              | the fewest bytes                                                         |
 * | standard                | the largest at or below 720p; else the smallest                          |
 * | best                    | the largest                                                              |
 * | ask                     | null: show the sheet (preselectSource: the last choice's height)         |
 * | stream, saveData        | the fewest bytes                                                         |
 * | stream, 2g or slow-2g   | the fewest bytes                                                         |
 * | stream, 3g              | as standard, at 480p                                                     |
 * | stream, 4g or not known | of those whose bitrate fits 80% of downlink (all if it is not known; the |
 * |                         | fewest bytes if none fits): the first at or above the player's height ×  |
 * |                         | devicePixelRatio (the largest if none is); the largest with no player    |
 *
 * Smaller and larger: by height, then bitrate, then size; the fewest bytes: by size, then
 * bitrate, then height. Each is compared where both sources give it; a source without the
 * first is placed among the others by the next ones it gives (a rendition without a height by
 * its bitrate, else its size). A
 * source none of that compares with any other is never chosen by a rule (the sheet offers it),
 * unless no source can be compared, when nothing distinguishes them. Sources equal on all they
 * give are one step: power-efficient first, then isDefault, then catalog order. Only smooth
 * sources are considered when any is. The height rules (standard, 3g, the player's) need
 * heights: with none, standard and 3g take the default (isDefault, else the first) and the
 * player's size is not used.
 *
 * undefined when there is nothing to choose from (playableSources says why).
 */
export function chooseSource<S extends RankedSource>(playable: readonly S[], choice: QualityChoice, network: NetworkHints = {}, player?: PlayerSize): S | null | undefined {
  if (playable.length === 0) return undefined;
  if (choice === 'ask') return null;
  const smooth = playable.filter((source) => source.smooth !== false);
  const pool = smooth.length ? smooth : [...playable];
  const pick = (steps: S[][], at: 'first' | 'last') => best((at === 'first' ? steps[0] : steps[steps.length - 1]) ?? pool, playable);
  const steps = ranked(pool, QUALITY);
  const fewestBytes = () => pick(ranked(pool, BYTES), 'first');
  switch (choice) {
    case 'data-saver':
      return fewestBytes();
    case 'best':
      return pick(steps, 'last');
    case 'standard':
      return atMost(steps, STANDARD_HEIGHT, pool, playable);
  }
  if (network.saveData || network.effectiveType === 'slow-2g' || network.effectiveType === '2g') return fewestBytes();
  if (network.effectiveType === '3g') return atMost(steps, SLOW_NETWORK_HEIGHT, pool, playable);
  const limit = network.downlink && network.downlink > 0 ? network.downlink * 1_000_000 * DOWNLINK_SHARE : Infinity;
  const fits = steps.map((step) => step.filter((source) => (source.bitrate ?? 0) <= limit)).filter((step) => step.length);
  if (fits.length === 0) return fewestBytes();
  const target = player ? Math.ceil(player.cssHeight * player.devicePixelRatio) : undefined;
  const tall = target === undefined ? undefined : fits.find((step) => step.some((source) => source.height !== undefined && source.height >= target));
  return pick(tall ? [tall] : fits, 'last');
}

/** For the sheet: the source of the last choice's height, else Standard's. */
export function preselectSource<S extends RankedSource>(playable: readonly S[], lastHeight?: number): S | undefined {
  const same = lastHeight === undefined ? [] : playable.filter((source) => source.height === lastHeight);
  return same.length ? best(same, playable) : (chooseSource(playable, 'standard') ?? undefined);
}

/** The largest step at or below `height`; else the smallest; with no heights, the default. */
function atMost<S extends RankedSource>(steps: S[][], height: number, pool: readonly S[], playable: readonly S[]): S {
  const last = steps.findLastIndex((step) => step.some((source) => source.height !== undefined && source.height <= height));
  if (last >= 0) return best(steps[last] ?? pool, playable);
  if (!steps.some((step) => step.some((source) => source.height !== undefined))) return best(pool, playable);
  return best(steps[0] ?? pool, playable);
}

/** Within a step (nothing else tells them apart): power-efficient, then isDefault, then catalog order. */
function best<S extends RankedSource>(step: readonly S[], playable: readonly S[]): S {
  const score = (source: S) => (source.powerEfficient ? 2 : 0) + (source.isDefault ? 1 : 0);
  return [...step].sort((a, b) => score(b) - score(a) || playable.indexOf(a) - playable.indexOf(b))[0] as S;
}

type Measure = 'height' | 'bitrate' | 'size';
/** What "larger" means for quality, and for data. */
const QUALITY: readonly Measure[] = ['height', 'bitrate', 'size'];
const BYTES: readonly Measure[] = ['size', 'bitrate', 'height'];

/** -1, 0 or 1 by the first measure both give that differs; 0 when none does. */
function compare(a: EpisodeSource, b: EpisodeSource, measures: readonly Measure[]): number {
  for (const measure of measures) {
    const [x, y] = [a[measure], b[measure]];
    if (x !== undefined && y !== undefined && x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

const comparable = (a: EpisodeSource, b: EpisodeSource) => QUALITY.some((measure) => a[measure] !== undefined && b[measure] !== undefined);

/**
 * The pool from smallest to largest in steps of sources nothing tells apart. Sources that give
 * the first measure are sorted (stably: catalog order within equals); one that does not is put
 * before the first it compares as smaller than, by the measures both give (with none giving the
 * first, among the others). One that compares with none of them is left out; if that is all of
 * them, the pool is one step.
 */
function ranked<S extends RankedSource>(pool: readonly S[], measures: readonly Measure[]): S[][] {
  const [first] = measures;
  const gives = (source: S) => first !== undefined && source[first] !== undefined;
  const order = pool.filter(gives).sort((a, b) => compare(a, b, measures));
  for (const source of pool) {
    if (gives(source)) continue;
    const others = order.length ? order : pool.filter((other) => other !== source);
    if (!others.some((other) => comparable(source, other))) continue;
    const at = order.findIndex((other) => comparable(source, other) && compare(source, other, measures) < 0);
    order.splice(at < 0 ? order.length : at, 0, source);
  }
  if (order.length === 0) return [[...pool]];
  const steps: S[][] = [];
  for (const source of order) {
    const step = steps[steps.length - 1];
    if (step && step.every((other) => compare(other, source, measures) === 0)) step.push(source);
    else steps.push([source]);
  }
  return steps;
}

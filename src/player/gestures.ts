/** Seconds a double tap seeks on the left and right thirds of the picture (the buttons' amounts). */
export const BACK_SECONDS = 10;
export const FORWARD_SECONDS = 30;

/** Taps closer together than this make a double tap (Android's own double-tap timeout). */
export const DOUBLE_TAP_MS = 300;

export type DoubleTapAction = { seek: number } | 'toggle-play';

/**
 * A double tap at `x` across a picture `width` wide: back on the left third, forward on the right,
 * play/pause between. Physical sides in right-to-left languages too: they follow the timeline,
 * which runs left to right as in Chromium's own controls (player.css, README "Localization").
 */
export function doubleTapSeek(x: number, width: number): DoubleTapAction {
  if (width <= 0) return 'toggle-play';
  const third = width / 3;
  if (x < third) return { seek: -BACK_SECONDS };
  if (x >= width - third) return { seek: FORWARD_SECONDS };
  return 'toggle-play';
}

export type Tap = 'single' | 'double';

/**
 * Tells single taps from double ones by time. Every tap that follows the previous one within
 * DOUBLE_TAP_MS counts as another double, so a viewer tapping on keeps seeking, as YouTube does.
 */
export function createTapDetector(now: () => number, windowMs = DOUBLE_TAP_MS): () => Tap {
  let last = -Infinity;
  return () => {
    const time = now();
    const kind: Tap = time - last <= windowMs ? 'double' : 'single';
    last = time;
    return kind;
  };
}

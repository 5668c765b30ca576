import type { Caption } from '../core/catalog.ts';
import type { PreferencesStore } from '../core/db.ts';
import { DEFAULT_PREFERENCES, type PlaybackPreferences } from '../core/playback.ts';

/** As last read or written by this page: a player opens with them at once, with no read to wait for. */
let known: PlaybackPreferences | undefined;

export function knownPreferences(): PlaybackPreferences | undefined {
  return known;
}

export async function loadPreferences(store: PreferencesStore): Promise<PlaybackPreferences> {
  known = { ...DEFAULT_PREFERENCES, ...(await store.load()) };
  return known;
}

export async function savePreferences(store: PreferencesStore, preferences: PlaybackPreferences): Promise<void> {
  known = preferences;
  await store.save(preferences);
}

export const PLAYBACK_RATES = [0.75, 1, 1.25, 1.5, 1.75, 2] as const;

/** One step faster or slower through PLAYBACK_RATES (Shift+. / Shift+,), clamped at the ends. */
export function stepRate(rate: number, direction: 1 | -1): number {
  const steps: readonly number[] = PLAYBACK_RATES;
  const next =
    direction > 0 ? steps.find((step) => step > rate + 1e-9) : [...steps].reverse().find((step) => step < rate - 1e-9);
  return next ?? (direction > 0 ? Math.max(rate, ...steps) : Math.min(rate, ...steps));
}

/**
 * The language captions come on in (C, when they are off): the one last chosen, else the
 * browser's language, else the first the episode has. `en` matches a browser in `en-GB`.
 */
export function captionsToTurnOn(available: readonly Caption[], preferences: PlaybackPreferences, browserLanguage: string): string | undefined {
  const has = (language: string | undefined) => available.find((caption) => caption.lang.toLowerCase() === language?.toLowerCase())?.lang;
  return (
    has(preferences.lastCaptionsLanguage) ??
    has(browserLanguage) ??
    has(browserLanguage.split('-')[0]) ??
    available[0]?.lang
  );
}

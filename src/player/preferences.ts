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
 * The episode's track that best matches a language: the same tag, else the language alone
 * ('pt' for 'pt-BR'), else the same language anywhere ('de-DE' for 'de'). Case-insensitive.
 */
export function matchCaptions(available: readonly Caption[], language: string | undefined): Caption | undefined {
  if (!language) return undefined;
  const wanted = language.toLowerCase();
  const primary = wanted.split('-')[0];
  const tags = available.map((caption) => caption.lang.toLowerCase());
  const at = [tags.indexOf(wanted), tags.indexOf(primary!), tags.findIndex((tag) => tag.split('-')[0] === primary)].find((index) => index >= 0);
  return at === undefined ? undefined : available[at];
}

/**
 * The language captions come on in (C, when they are off). As on YouTube, captions are off until
 * the viewer turns them on, and stay on once they have: the player does not turn them on by itself,
 * because a catalog does not say what language an episode is spoken in (Netflix and YouTube show
 * subtitles unasked only when the audio is in another language than the viewer's). Turned on,
 * they come in the language last chosen, else the app's language (the track that best matches
 * it), else the episode's first.
 */
export function captionsToTurnOn(available: readonly Caption[], preferences: PlaybackPreferences, appLanguage: string): string | undefined {
  return (matchCaptions(available, preferences.lastCaptionsLanguage) ?? matchCaptions(available, appLanguage) ?? available[0])?.lang;
}

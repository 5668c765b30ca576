import { type AppDB } from '../core/db.ts';
import { DEFAULT_PREFERENCES, type PlaybackPreferences } from '../core/playback.ts';

const PREFERENCES_KEY = 'playback';

export async function loadPreferences(db: AppDB): Promise<PlaybackPreferences> {
  return { ...DEFAULT_PREFERENCES, ...(await db.get('preferences', PREFERENCES_KEY)) };
}

export async function savePreferences(db: AppDB, preferences: PlaybackPreferences): Promise<void> {
  await db.put('preferences', preferences, PREFERENCES_KEY);
}

export const PLAYBACK_RATES = [0.75, 1, 1.25, 1.5, 1.75, 2] as const;

/** One step faster or slower through PLAYBACK_RATES (Shift+. / Shift+,), clamped at the ends. */
export function stepRate(rate: number, direction: 1 | -1): number {
  const steps: readonly number[] = PLAYBACK_RATES;
  const next =
    direction > 0 ? steps.find((step) => step > rate + 1e-9) : [...steps].reverse().find((step) => step < rate - 1e-9);
  return next ?? (direction > 0 ? Math.max(rate, ...steps) : Math.min(rate, ...steps));
}

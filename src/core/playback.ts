/**
 * Where a viewer is in each episode, and the rules read from it. Pure: the page saves and reads
 * these through db.ts; the watched rule is shared with the download housekeeping that builds on it.
 */
export interface PlaybackPosition {
  episodeId: string;
  /** Seconds from the start where the viewer stopped. */
  positionSeconds: number;
  /** The media's own duration as last played (the catalog's may be rounded or missing). */
  durationSeconds: number;
  /** Set once the episode ended or was played to WATCHED_FRACTION; only "Play from start" clears it. */
  watched: boolean;
  /** When it first counted as watched (removal "24 h after watched" counts from here). */
  watchedAt?: number;
  updatedAt: number;
}

/** From this share of an episode on, it counts as watched (credits and outros are often skipped). */
export const WATCHED_FRACTION = 0.95;

export function isWatched(positionSeconds: number, durationSeconds: number, ended: boolean): boolean {
  if (ended) return true;
  return durationSeconds > 0 && positionSeconds >= durationSeconds * WATCHED_FRACTION;
}

/** Where Play starts: the saved position, or the start for a watched episode or one barely begun. */
export function resumeAt(saved: PlaybackPosition | undefined): number {
  if (!saved || saved.watched || saved.positionSeconds < 1) return 0;
  return saved.positionSeconds;
}

/** The next saved position; `watched` sticks until the viewer starts over (a rewatch stays watched). */
export function nextPosition(
  previous: PlaybackPosition | undefined,
  episodeId: string,
  positionSeconds: number,
  durationSeconds: number,
  ended: boolean,
  at: number,
): PlaybackPosition {
  const watched = (previous?.watched ?? false) || isWatched(positionSeconds, durationSeconds, ended);
  const watchedAt = previous?.watched ? previous.watchedAt : watched ? at : undefined;
  return {
    episodeId,
    positionSeconds: ended ? durationSeconds : positionSeconds,
    durationSeconds,
    watched,
    ...(watchedAt !== undefined ? { watchedAt } : {}),
    updatedAt: at,
  };
}

/** Seconds left to watch, for the card's "12:34 left". */
export function secondsLeft(saved: PlaybackPosition): number {
  return Math.max(0, saved.durationSeconds - saved.positionSeconds);
}

/** The viewer's playback choices, remembered across episodes and restarts. */
export interface PlaybackPreferences {
  /** 0.75 to 2. */
  rate: number;
  /** BCP 47 language of the captions shown; absent when captions are off. */
  captionsLanguage?: string;
  /** The language captions come back in when turned on again (C). */
  lastCaptionsLanguage?: string;
}

export const DEFAULT_PREFERENCES: PlaybackPreferences = { rate: 1 };

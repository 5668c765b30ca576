/**
 * Held, across tabs, by whoever decides what starts next: a start's check of the free background
 * fetch slots and its fetch() happen under it, so two tabs never start a sixth between them.
 */
export const PLANNER_LOCK = 'offline-episodes:planner';

/** Held by whoever is between writing a download record and the fetch() call that makes it real. */
export function startLockName(episodeId: string): string {
  return `offline-episodes:start:${episodeId}`;
}

const PLAYING_PREFIX = 'offline-episodes:playing:';

/** Held (shared) by every tab whose player has the episode open: housekeeping never removes it. */
export function playingLockName(episodeId: string): string {
  return PLAYING_PREFIX + episodeId;
}

/** Holds the episode's playing lock until the returned function is called. */
export function holdPlayingLock(locks: LockManager, episodeId: string): () => void {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  void locks.request(playingLockName(episodeId), { mode: 'shared' }, () => held).catch(() => undefined);
  return release;
}

/** The episodes open in a player in any tab of the app. */
export async function playingEpisodes(locks: LockManager): Promise<Set<string>> {
  const { held = [] } = await locks.query();
  return new Set(held.flatMap(({ name }) => (name?.startsWith(PLAYING_PREFIX) ? [name.slice(PLAYING_PREFIX.length)] : [])));
}

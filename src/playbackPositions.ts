import { signal, type ReadonlySignal } from '@preact/signals';
import { loadPlaybackPositions, savePlaybackPosition, type AppDB } from './core/db.ts';
import type { PlaybackPosition } from './core/playback.ts';

/** Where the viewer stopped in each episode: the cards' progress, where the player starts, what counts as watched. */
export interface PlaybackPositions {
  /** By episode id. */
  byEpisode: ReadonlySignal<ReadonlyMap<string, PlaybackPosition>>;
  /** Shown at once, then written. */
  save(position: PlaybackPosition): Promise<void>;
}

export async function openPlaybackPositions(db: AppDB): Promise<PlaybackPositions> {
  const byEpisode = signal<ReadonlyMap<string, PlaybackPosition>>(
    new Map((await loadPlaybackPositions(db)).map((position) => [position.episodeId, position])),
  );
  return {
    byEpisode,
    save: async (position) => {
      byEpisode.value = new Map(byEpisode.value).set(position.episodeId, position);
      await savePlaybackPosition(db, position);
    },
  };
}

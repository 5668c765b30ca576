import { storedDownload } from '../core/downloadRecords.ts';
import type { MountedPlayer } from './heldPlayer.ts';
import type { ReadonlySignal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { holdPlayingLock } from '../core/locks.ts';
import type { Episode } from '../core/catalog.ts';
import { nextPosition, resumeAt } from '../core/playback.ts';
import type { PreferencesStore } from '../core/db.ts';
import type { DownloadRecord } from '../core/downloadState.ts';
import type { Housekeeper } from '../downloads/housekeeper.ts';
import type { PlaybackPositions } from '../playbackPositions.ts';
import { neighbours } from './neighbours.ts';
import { Player } from './Player.tsx';
import { loadPlayerStyles } from './playerStyles.ts';
import { loadPreferences } from './preferences.ts';
import { sourcesChunk } from './useSources.ts';
import { t } from '../i18n/translate.ts';

/** Read as the chunk arrives, so a player opens styled, with its speed and captions and its source's choice, at once. */
export function preparePlayer(preferencesStore: PreferencesStore): Promise<unknown> {
  return Promise.all([loadPreferences(preferencesStore), loadPlayerStyles(), sourcesChunk()]);
}

interface PlayerRouteProps {
  episode: Episode;
  /** The library's, for what plays before and after. */
  episodes: ReadonlySignal<Episode[]>;
  positions: PlaybackPositions;
  preferencesStore: PreferencesStore;
  /** Told when an episode ends (what was watched may go). */
  housekeeper: Promise<Housekeeper>;
  online: boolean;
  /** The download records, for what is stored (a record's mediaUrl is the source it downloaded). */
  records: ReadonlySignal<ReadonlyMap<string, DownloadRecord>>;
  /** Another episode (up next, previous/next track), replacing this one in history. */
  onOpen(episodeId: string): void;
  onClose(): void;
  /** The route was left while it played: the mini-player (heldPlayer.ts). */
  mini: boolean;
  onExpand(): void;
  onRelease(): void;
  registerPlaying(player: MountedPlayer): () => void;
}

/** The player for one episode: where it resumes, what plays before and after it, and where positions go. */
export function PlayerRoute({ episode, episodes, positions, housekeeper, online, records, ...player }: PlayerRouteProps) {
  // Fixed when the player opens: the positions it saves while playing do not move its start.
  const [startAt] = useState(() => resumeAt(positions.byEpisode.value.get(episode.id)));
  // Held while the player has it open (the mini-player too), so no tab's housekeeping or Delete all removes it.
  useEffect(() => holdPlayingLock(navigator.locks, episode.id), [episode.id]);
  const stored = (id: string) => {
    // What is stored plays, also while a change of quality downloads its other copy.
    return storedDownload(records.value.get(id))?.mediaUrl;
  };
  const canPlay = (candidate: Episode) => online || stored(candidate.id) !== undefined;
  const { previous, next } = neighbours(episodes.value, episode.id, canPlay);
  return (
    <Player
      episode={episode}
      // The show's name, as the lock screen shows it.
      show={t('app.name')}
      previous={previous}
      next={next}
      playable={canPlay(episode)}
      stored={stored(episode.id)}
      startAt={startAt}
      onPosition={({ positionSeconds, durationSeconds, ended }) => {
        void positions
          .save(nextPosition(positions.byEpisode.value.get(episode.id), episode.id, positionSeconds, durationSeconds, ended, Date.now()))
          .then(async () => (ended ? (await housekeeper).ended(episode.id) : undefined));
      }}
      {...player}
    />
  );
}


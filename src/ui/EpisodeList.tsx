import { Component } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Episode } from '../core/catalog.ts';
import type { PlaybackPosition } from '../core/playback.ts';
import type { DownloadManager } from '../downloads/downloadManager.ts';
import { queuePlaces } from '../downloads/downloadQueue.ts';
import { EpisodeCard, type EpisodeActions, type EpisodeCardProps } from './EpisodeCard.tsx';
import { sameCard } from './sameCard.ts';
import { t } from '../i18n/translate.ts';

/** Episodes rendered per step: a catalog of ten thousand never becomes ten thousand cards at once. */
export const PAGE_SIZE = 24;
/**
 * Cards in the first render, before the first paint: more than a desktop's first screen shows, so
 * a long catalog's first paint costs what a short one's does. Steps of PAGE_SIZE follow as the
 * list's end comes within the observer's margin (on a desktop at once).
 */
const FIRST_STEP = 12;
const LIBRARY_VISIBLE = 'offline-episodes:library-visible';

interface Props {
  episodes: Episode[];
  downloads: DownloadManager;
  actions: EpisodeActions;
  context: { now: number; online: boolean; signedIn?: boolean };
  /** Downloads under way that make a card with no bytes wait its turn (downloadsUnderWay). */
  running: string[];
  positions: ReadonlyMap<string, PlaybackPosition>;
  /** Select mode: the episodes chosen, in order; undefined when not selecting. */
  chosen?: string[];
  /** Episodes new since the viewer last looked. */
  newIds?: ReadonlySet<string>;
  onChoose?: (episodeId: string, chosen: boolean) => void;
  focusedEpisodeId: string | undefined;
}

/**
 * The library, a page at a time: more cards are added as the end comes into view (or "Show more"
 * is pressed, for keyboards and screen readers), so the first render costs the same for ten
 * episodes or ten thousand.
 */
export function EpisodeList({ episodes, downloads, actions, context, running, positions, chosen, onChoose, newIds, focusedEpisodeId }: Props) {
  const [shown, setShown] = useState(FIRST_STEP);
  const end = useRef<HTMLDivElement>(null);
  const focusedAt = focusedEpisodeId ? episodes.findIndex((episode) => episode.id === focusedEpisodeId) : -1;
  const count = Math.min(episodes.length, Math.max(shown, focusedAt + 1));
  const more = episodes.length - count;
  const queue = queuePlaces(downloads.records.value.values());

  useEffect(() => {
    // The first paint of a non-empty library, for the benchmark (P6).
    if (episodes.length > 0 && performance.getEntriesByName(LIBRARY_VISIBLE).length === 0) performance.mark(LIBRARY_VISIBLE);
  }, [episodes.length]);

  useEffect(() => {
    const sentinel = end.current;
    if (!sentinel || more <= 0) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setShown((value) => value + PAGE_SIZE);
      },
      { rootMargin: '1200px 0px' },
    );
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [more, count]);

  return (
    <>
      <section aria-label={t('library.label')} class="episodes">
        {episodes.slice(0, count).map((episode) => (
          <ListedCard
            key={episode.id}
            episode={episode}
            record={downloads.records.value.get(episode.id)}
            progress={downloads.progress.value.get(episode.id)}
            position={positions.get(episode.id)}
            queuePlace={queue.get(episode.id)}
            chosen={chosen && chosen.includes(episode.id)}
            isNew={newIds?.has(episode.id)}
            onChoose={onChoose}
            context={{ ...context, anotherIsRunning: running.some((id) => id !== episode.id) }}
            actions={actions}
            highlighted={focusedEpisodeId === episode.id}
          />
        ))}
      </section>
      <div ref={end} class="list-end">
        {more > 0 && (
          <button type="button" onClick={() => setShown(count + PAGE_SIZE)}>
            {t('library.showMore', { more })}
          </button>
        )}
      </div>
    </>
  );
}

/**
 * A card of the list redrawn only when what it shows changed: a step of new cards, or a change to
 * one download, leaves the hundreds already drawn alone. A change of language still reaches them
 * (`t` reads a signal, which redraws each card that called it).
 */
class ListedCard extends Component<EpisodeCardProps> {
  override shouldComponentUpdate(next: EpisodeCardProps) {
    return !sameCard(this.props, next);
  }

  override render(props: EpisodeCardProps) {
    return <EpisodeCard {...props} />;
  }
}

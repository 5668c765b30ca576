import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { Episode } from '../core/catalog.ts';
import type { Library } from '../library.ts';
import { EpisodeCard, type EpisodeActions } from './EpisodeCard.tsx';
import { Player } from './Player.tsx';

export function App({ library }: { library: Library }) {
  const playing = useSignal<Episode | undefined>(undefined);
  const { downloads, episodes, catalogNotice, focusedEpisodeId } = library;

  useEffect(() => {
    const id = focusedEpisodeId.value;
    if (!id) return;
    document.getElementById(`episode-${id}`)?.focus();
  }, [focusedEpisodeId.value, episodes.value.length]);

  const actions: EpisodeActions = {
    download: (episode) => void downloads.start(episode),
    cancel: (id) => void downloads.cancel(id),
    remove: (id) => void downloads.remove(id),
    play: (episode) => (playing.value = episode),
  };

  return (
    <>
      <header class="app-header">
        <h1>Offline Episodes</h1>
      </header>
      <main>
        {playing.value && <Player episode={playing.value} onClose={() => (playing.value = undefined)} />}
        {catalogNotice.value && (
          <p class="notice" role="status">
            {catalogNotice.value}
          </p>
        )}
        <section aria-label="Episodes" class="episodes">
          {episodes.value.map((episode) => (
            <EpisodeCard
              key={episode.id}
              episode={episode}
              record={downloads.records.value.get(episode.id)}
              progress={downloads.progress.value.get(episode.id)}
              actions={actions}
              highlighted={focusedEpisodeId.value === episode.id}
            />
          ))}
        </section>
      </main>
    </>
  );
}

import { useSignal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { progressPhase } from '../downloads/downloadProgress.ts';
import type { Episode } from '../core/catalog.ts';
import type { Library } from '../library.ts';
import { EpisodeCard, type EpisodeActions } from './EpisodeCard.tsx';
import { Player } from './Player.tsx';

export function App({ library }: { library: Library }) {
  const playing = useSignal<Episode | undefined>(undefined);
  const { downloads, episodes, catalogNotice, focusedEpisodeId } = library;
  const now = useClock([...downloads.records.value.values()].some((record) => record.state === 'downloading'));
  const online = useOnline();
  const running = [...downloads.progress.value.entries()].filter(
    ([id, progress]) =>
      downloads.records.value.get(id)?.state === 'downloading' &&
      progress.downloaded > 0 &&
      progressPhase(progress, { now, online, anotherIsRunning: false }) === 'downloading',
  );

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
              context={{ now, online, anotherIsRunning: running.some(([id]) => id !== episode.id) }}
              actions={actions}
              highlighted={focusedEpisodeId.value === episode.id}
            />
          ))}
        </section>
      </main>
    </>
  );
}

/** The time, ticking each second while `running` (progress phases depend on how long nothing moved). */
function useClock(running: boolean): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    addEventListener('online', update);
    addEventListener('offline', update);
    return () => {
      removeEventListener('online', update);
      removeEventListener('offline', update);
    };
  }, []);
  return online;
}

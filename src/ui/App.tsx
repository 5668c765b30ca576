import { useSignal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { progressPhase } from '../downloads/downloadProgress.ts';
import type { Episode } from '../core/catalog.ts';
import type { AppUpdates } from '../appUpdates.ts';
import type { Library } from '../library.ts';
import { DownloadsView } from './DownloadsView.tsx';
import { EpisodeCard, type EpisodeActions } from './EpisodeCard.tsx';
import { Player } from './Player.tsx';

export function App({ library, updates }: { library: Library; updates: AppUpdates }) {
  const playing = useSignal<Episode | undefined>(undefined);
  const { downloads, episodes, catalogNotice, focusedEpisodeId } = library;
  const now = useClock([...downloads.records.value.values()].some((record) => record.state === 'downloading'));
  const online = useOnline();
  const view = useHashView();
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
        <nav aria-label="Views">
          <a href="#" aria-current={view === 'episodes' ? 'page' : undefined}>
            Episodes
          </a>
          <a href="#downloads" aria-current={view === 'downloads' ? 'page' : undefined}>
            Downloads
          </a>
        </nav>
      </header>
      <main>
        <div role="status" class="update-slot">
          {updates.available.value && (
            <p class="notice update">
              A new version is available.{' '}
              <button type="button" class="primary" onClick={() => updates.apply()}>
                Reload
              </button>
            </p>
          )}
        </div>
        {playing.value && <Player episode={playing.value} onClose={() => (playing.value = undefined)} />}
        {catalogNotice.value && (
          <p class="notice" role="status">
            {catalogNotice.value}
          </p>
        )}
        {!downloads.survivesClosedTab && (
          <p class="notice">This browser cannot download in the background: keep the app open until a download finishes.</p>
        )}
        {view === 'downloads' ? (
          <DownloadsView
            downloads={downloads}
            onPlay={(id) => (playing.value = episodes.value.find((episode) => episode.id === id))}
          />
        ) : (
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
        )}
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

type View = 'episodes' | 'downloads';

/** The view named by the URL's hash, so Back and links work. */
function useHashView(): View {
  const read = (): View => (location.hash === '#downloads' ? 'downloads' : 'episodes');
  const [view, setView] = useState(read);
  useEffect(() => {
    const update = () => setView(read());
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return view;
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

import { useSignal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { progressPhase } from '../downloads/downloadProgress.ts';
import type { Episode } from '../core/catalog.ts';
import type { AppUpdates } from '../appUpdates.ts';
import type { Library } from '../library.ts';
import type { DownloadsView as DownloadsViewType } from './DownloadsView.tsx';
import type { EpisodeActions } from './EpisodeCard.tsx';
import { EpisodeList } from './EpisodeList.tsx';
import { Player } from './Player.tsx';

export function App({ library, updates }: { library: Library; updates: AppUpdates }) {
  const playing = useSignal<Episode | undefined>(undefined);
  const { downloads, episodes, catalogNotice, focusedEpisodeId } = library;
  const now = useClock([...downloads.records.value.values()].some((record) => record.state === 'downloading'));
  const online = useOnline();
  const view = useHashView();
  const DownloadsView = useDownloadsView(view === 'downloads');
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
          DownloadsView && (
            <DownloadsView
              downloads={downloads}
              onPlay={(id) => (playing.value = episodes.value.find((episode) => episode.id === id))}
            />
          )
        ) : (
          <EpisodeList
            episodes={episodes.value}
            downloads={downloads}
            actions={actions}
            context={{ now, online }}
            running={running.map(([id]) => id)}
            focusedEpisodeId={focusedEpisodeId.value}
          />
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

/** The Downloads view is its own chunk, loaded the first time it is shown (it is precached). */
function useDownloadsView(wanted: boolean): typeof DownloadsViewType | undefined {
  const [component, setComponent] = useState<typeof DownloadsViewType>();
  useEffect(() => {
    if (wanted && !component) void import('./DownloadsView.tsx').then((module) => setComponent(() => module.DownloadsView));
  }, [wanted, component]);
  return component;
}

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

import type { ReadonlySignal, Signal } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import { downloadsUnderWay } from '../downloads/downloadProgress.ts';
import { nextPosition } from '../core/playback.ts';
import type { Episode } from '../core/catalog.ts';
import { chunkFailed, loadChunk } from '../lazyChunk.ts';
import type { Library } from '../library.ts';
import { useHeldPlayer } from '../player/heldPlayer.ts';
import type { EpisodeActions } from './EpisodeCard.tsx';
import { EpisodeList } from './EpisodeList.tsx';
import type { InstallPromptEvent } from './InstallButton.tsx';
import { ArrowDownToLine, CircleUser, Clapperboard, ListChecks } from 'lucide';
import { Icon } from './Icon.tsx';
import { t } from '../i18n/translate.ts';
import { whenIdle } from '../whenIdle.ts';

/** A new version waiting, and the user's Reload into it (main.tsx, appUpdates.ts). */
export interface AppUpdates {
  available: ReadonlySignal<boolean>;
  apply(): void;
  /** A newer version's schema took the database: this tab must reload (at once unless a player is open). */
  reloadNeeded: ReadonlySignal<boolean>;
  /** The browser's install prompt, held until the viewer presses Install app (main.tsx). */
  installPrompt: Signal<InstallPromptEvent | undefined>;
}

interface AppProps extends Library {
  /** The site's name (config.json), shown in the header. */
  name: string;
  /** Why config.json was not used, if it was broken. */
  configNotice?: string;
  updates: AppUpdates;
}

export function App({ name, configNotice, catalog, account, accountKnown, downloads, housekeeping, positions, preferencesStore, updates, afterFirstScreen }: AppProps) {
  const { episodes, notice: catalogNotice, focusedEpisodeId } = catalog;
  const savedPositions = positions.byEpisode;
  const now = useClock([...downloads.records.value.values()].some((record) => record.state === 'downloading'));
  const online = useOnline();
  const route = useHashRoute();
  // The player stays mounted past its route while it plays: the mini-player. A reload due lets it go.
  const player = useHeldPlayer(route.playing, !updates.reloadNeeded.value);
  const held = player.id;
  const [chosen, setChosen] = useState<string[]>();
  // Sign in (then the press that asked for it), or sign out: a dialog of its own chunk.
  const [accountTask, setAccountTask] = useState<{ then?: () => void }>();
  const AccountDialog = useLazy(accountTask !== undefined, () => loadChunk(() => import('./AccountDialog.tsx')).then((module) => module.AccountDialog));
  const SelectBar = useLazy(chosen !== undefined, () => loadChunk(() => import('./SelectBar.tsx')).then((module) => module.SelectBar));
  const view = route.view;
  const DownloadsView = useLazy(view === 'downloads', () => loadChunk(() => import('./DownloadsView.tsx')).then((module) => module.DownloadsView));
  // After the account's button, if any: appearing beside the title, it moves nothing.
  const InstallButton = useLazy(updates.installPrompt.value !== undefined, () =>
    accountKnown.then(() => loadChunk(() => import('./InstallButton.tsx'))).then((module) => module.InstallButton),
  );
  const UpdateNotices = useLazy(true, () => afterFirstScreen(() => loadChunk(() => import('./UpdateNotices.tsx'))).then((module) => module.UpdateNotices));
  const EpisodePage = useLazy(view === 'episode', () => loadChunk(() => import('./EpisodePage.tsx')).then((module) => module.EpisodePage));
  const pageEpisode = route.episodeId === undefined ? undefined : episodes.value.find((episode) => episode.id === route.episodeId);
  const housekeeper = useLazy(view !== 'episodes', () => housekeeping.keeper);
  const status = useLazy(view === 'downloads', () => downloads.status());
  const PlayerRoute = useLazy(held !== undefined, async () => {
    const module = await loadChunk(() => import('../player/PlayerRoute.tsx'));
    await module.preparePlayer(preferencesStore);
    return module.PlayerRoute;
  });
  const running = downloadsUnderWay(downloads.records.value, downloads.progress.value, { now, online });
  // What every card's and row's controls read of the moment.
  const context = { now, online, signedIn: account.value?.signedIn };

  useEffect(() => {
    const id = focusedEpisodeId.value;
    if (!id) return;
    document.getElementById(`episode-${id}`)?.focus();
  }, [focusedEpisodeId.value, episodes.value.length]);

  // Under Ask, the housekeeper asks which rendition first (its sheet).
  const startDownload = (episode: Episode) => void housekeeping.keeper.then((keeper) => keeper.press(episode, held));
  const latestActions: EpisodeActions = {
    // A subscribers' episode with nobody signed in, or whose session ended (401): sign-in first.
    download: (episode) =>
      episode.subscribersOnly && (account.value?.signedIn === false || downloads.records.value.get(episode.id)?.failure?.status === 401)
        ? setAccountTask({ then: () => startDownload(episode) })
        : startDownload(episode),
    cancel: (id) => void downloads.cancel(id),
    remove: (id) => void downloads.remove(id),
    play: (episode, fromStart) => {
      if (fromStart) {
        void positions.save(nextPosition(undefined, episode.id, 0, savedPositions.value.get(episode.id)?.durationSeconds ?? 0, false, Date.now()));
        // The player holds this episode (the mini-player's): it goes back to 0 on the same element.
        if (held === episode.id) player.restart();
      }
      openPlayer(episode.id);
    },
  };
  // The same object on every render, holding the latest of them: a card redraws when what it
  // shows changes, not at each tick of progress (EpisodeList's cards compare their props).
  const actions = Object.assign(useRef({} as EpisodeActions).current, latestActions);
  const choose = useRef((id: string, on: boolean) => setChosen((current) => chooseInOrder(current ?? [], id, on))).current;
  const playing = held === undefined ? undefined : episodes.value.find((episode) => episode.id === held);
  // The player closed (Close, Escape or the browser's Back): focus goes back to the episode that played.
  const lastPlayed = useRef<string>();
  // Back from an episode's page: focus returns to its card, as it would in a list a page opened from.
  const lastPage = useRef<string>();
  useEffect(() => {
    if (view === 'episodes' && lastPage.current) document.getElementById(`episode-${lastPage.current}`)?.focus();
    lastPage.current = route.episodeId;
  }, [view, route.episodeId]);
  // A newer schema closed this tab's database: reload now, or once the viewer closes the player.
  useEffect(() => {
    if (updates.reloadNeeded.value && held === undefined) location.reload();
  }, [updates.reloadNeeded.value, held]);
  useEffect(() => {
    if (route.playing === undefined && lastPlayed.current) document.getElementById(`episode-${lastPlayed.current}`)?.focus();
    lastPlayed.current = route.playing;
  }, [route.playing]);
  // At start, or the player moved on or closed: what was watched may go now (never what plays).
  useEffect(() => void housekeeping.keeper.then((keeper) => keeper.afterPlayback(held)), [held]);

  return (
    <>
      <header class="app-header">
        <h1>{name}</h1>
        {/* Beside the title, where it moves nothing when the browser offers installation. */}
        {InstallButton && <InstallButton prompt={updates.installPrompt} />}
        <nav aria-label={t('nav.label')}>
          <a href="#" class="with-icon" aria-current={view === 'episodes' ? 'page' : undefined}>
            <Icon icon={Clapperboard} size={20} />
            {t('nav.episodes')}
          </a>
          <a href="#downloads" class="with-icon" aria-current={view === 'downloads' ? 'page' : undefined}>
            <Icon icon={ArrowDownToLine} size={20} />
            {t('nav.downloads')}
            {running.length > 0 && (
              <span class="badge" aria-hidden="true">
                {running.length}
              </span>
            )}
          </a>
        </nav>
        {account.value && (
          <button type="button" class="account with-icon" onClick={() => setAccountTask({})}>
            <Icon icon={CircleUser} size={20} />
            {account.value.signedIn ? t('nav.signOut') : t('nav.signIn')}
          </button>
        )}
      </header>
      {accountTask && AccountDialog && (
        <AccountDialog account={account} downloads={downloads} then={accountTask.then} onClose={() => setAccountTask(undefined)} />
      )}
      <main>
        <div role="status" class="update-slot">
          {chunkFailed.value && (
            <p class="notice error" role="alert">
              {t('notice.chunkFailed')}{' '}
              <button type="button" class="primary" onClick={() => location.reload()}>
                {t('common.reload')}
              </button>
            </p>
          )}
          {UpdateNotices && <UpdateNotices updates={updates} />}
        </div>
        {playing && PlayerRoute && (
          <PlayerRoute
            key={playing.id}
            episode={playing}
            episodes={episodes}
            positions={positions}
            preferencesStore={preferencesStore}
            housekeeper={housekeeping.keeper}
            online={online}
            records={downloads.records}
            onOpen={(id) => replaceRoute(playerHash(id))}
            onClose={closePlayerRoute}
            mini={player.mini}
            onExpand={() => openPlayer(playing.id)}
            onRelease={player.release}
            registerPlaying={player.register}
          />
        )}
        {route.playing !== undefined && !playing && episodes.value.length > 0 && (
          <p class="notice" role="status">
            {t('notice.notInLibrary')}
          </p>
        )}
        <p role="status" class={housekeeping.report.value ? 'notice' : 'visually-hidden'}>
          {housekeeping.report.value}
        </p>
        {configNotice && <p class="notice error">{configNotice}</p>}
        {catalogNotice.value && (
          <p class="notice" role="status">
            {catalogNotice.value}
          </p>
        )}
        {!downloads.survivesClosedTab && (
          <p class="notice">{t('notice.noBackgroundDownloads')}</p>
        )}
        {view === 'episode' ? (
          pageEpisode && EpisodePage ? (
            <EpisodePage
              episode={pageEpisode}
              downloads={downloads}
              positions={savedPositions.value}
              context={context}
              running={running}
              actions={actions}
              housekeeper={housekeeper}
            />
          ) : (
            !catalog.loading.value && (
              <p class="notice" role="status">
                {t('notice.notInLibrary')} <a href="#">{t('notice.allEpisodes')}</a>
              </p>
            )
          )
        ) : view === 'downloads' ? (
          DownloadsView &&
          housekeeper &&
          status && (
            <DownloadsView
              downloads={downloads}
              housekeeper={housekeeper}
              network={status.network}
              storage={status.storage}
              episodes={episodes.value}
              actions={actions}
              context={context}
              running={running}
              positions={savedPositions.value}
            />
          )
        ) : (
          <>
          {chosen && SelectBar ? (
            <SelectBar
              episodes={episodes.value}
              chosen={chosen}
              signedIn={account.value?.signedIn}
              housekeeper={housekeeping.keeper}
              playingHere={held}
              onChange={setChosen}
            />
          ) : (
            <div class="select-bar">
              <button type="button" class="with-icon" onClick={() => setChosen([])}>
                <Icon icon={ListChecks} size={20} />
                {t('library.select')}
              </button>
            </div>
          )}
          {catalog.loading.value && <LibrarySkeleton />}
          <EpisodeList
            episodes={episodes.value}
            chosen={chosen}
            onChoose={choose}
            downloads={downloads}
            actions={actions}
            context={context}
            running={running}
            positions={savedPositions.value}
            newIds={catalog.newEpisodeIds.value}
            focusedEpisodeId={focusedEpisodeId.value}
          />
          </>
        )}
      </main>
    </>
  );
}

/** Grey cards where the first catalog will show, so nothing jumps when it arrives. */
function LibrarySkeleton() {
  return (
    <div class="episodes skeleton">
      <p role="status" class="visually-hidden">
        {t('library.loading')}
      </p>
      {/* Drawn by styles.css: the artwork's box and two lines of title. */}
      <div class="episode" />
      <div class="episode" />
      <div class="episode" />
    </div>
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

/** The viewer's choices in the order made: a newly chosen episode goes last. */
function chooseInOrder(chosen: string[], episodeId: string, on: boolean): string[] {
  const others = chosen.filter((id) => id !== episodeId);
  return on ? [...others, episodeId] : others;
}

/** What a chunk of its own provides, loaded the first time it is wanted (the worker precaches it). */
function useLazy<T>(wanted: boolean, load: () => Promise<T>): T | undefined {
  const [component, setComponent] = useState<T>();
  useEffect(() => {
    if (wanted && !component) void load().then((loaded) => setComponent(() => loaded));
  }, [wanted, component]);
  return component;
}

type View = 'episodes' | 'downloads' | 'episode';

interface Route {
  view: View;
  /** The episode id of `#episode/<id>`: that episode's page. */
  episodeId?: string;
  /** The episode id of `#play/<id>`: the player is open over the library. */
  playing?: string;
}

const playerHash = (episodeId: string) => `#play/${encodeURIComponent(episodeId)}`;
/** Whether this page put the player's history entry there (so Back leaves it), or a link or reload did. */
let playerOpenedHere = false;

/** The player's route while its history entry waits to be written (see openPlayer). */
let unwrittenRoute: string | undefined;

/**
 * Opens the player through the History API rather than `location.hash`: a fragment navigation
 * goes by way of Chromium's browser process, so its hashchange comes well after the press. The
 * entry itself is written when the page is next idle: `pushState` takes main-thread time the
 * media's first frame waits on (README, Performance: P8). Links and typed URLs still
 * arrive as hashchange.
 */
function openPlayer(episodeId: string): void {
  if (location.hash.startsWith('#play/') || unwrittenRoute) return replaceRoute(playerHash(episodeId));
  playerOpenedHere = true;
  unwrittenRoute = playerHash(episodeId);
  dispatchEvent(new Event(ROUTE_CHANGED));
  whenIdle(() => {
    if (unwrittenRoute === undefined) return; // closed first: no entry to write
    history.pushState(null, '', unwrittenRoute);
    unwrittenRoute = undefined;
  });
}

function replaceRoute(hash: string): void {
  if (unwrittenRoute) unwrittenRoute = hash;
  else history.replaceState(null, '', hash === '#' ? location.pathname + location.search : hash);
  dispatchEvent(new Event(ROUTE_CHANGED));
}

function closePlayerRoute(): void {
  if (unwrittenRoute) {
    unwrittenRoute = undefined;
    dispatchEvent(new Event(ROUTE_CHANGED));
  } else if (playerOpenedHere) history.back();
  else replaceRoute('#');
  playerOpenedHere = false;
}

const ROUTE_CHANGED = 'offline-episodes:route';

/** The route named by the URL's hash, so Back, links and a reload work. */
function useHashRoute(): Route {
  const read = (): Route => {
    const hash = unwrittenRoute ?? location.hash;
    if (hash === '#downloads') return { view: 'downloads' };
    const page = /^#episode\/(.+)$/.exec(hash)?.[1];
    if (page !== undefined) return { view: 'episode', episodeId: safeDecode(page) };
    const playing = /^#play\/(.+)$/.exec(hash)?.[1];
    return { view: 'episodes', playing: playing === undefined ? undefined : safeDecode(playing) };
  };
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const update = () => setRoute(read());
    for (const type of ['hashchange', 'popstate', ROUTE_CHANGED]) addEventListener(type, update);
    return () => {
      for (const type of ['hashchange', 'popstate', ROUTE_CHANGED]) removeEventListener(type, update);
    };
  }, []);
  return route;
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
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

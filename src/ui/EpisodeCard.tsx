import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Episode } from '../core/catalog.ts';
import type { DownloadFailure, DownloadRecord } from '../core/downloadState.ts';
import { resumeAt, secondsLeft, type PlaybackPosition } from '../core/playback.ts';
import { retriesAutomatically } from '../core/retryPolicy.ts';
import { progressPhase, type DownloadProgress } from '../downloads/downloadProgress.ts';
import type { QueuePlace } from '../downloads/downloadQueue.ts';
import { formatBytes, formatDuration, percentOf } from './format.ts';
import { loadChunk } from '../lazyChunk.ts';

export interface EpisodeActions {
  download(episode: Episode): void;
  cancel(episodeId: string): void;
  remove(episodeId: string): void;
  /** Opens the player: at the saved position, or from the start. */
  play(episode: Episode, fromStart?: boolean): void;
}

interface Props {
  episode: Episode;
  record: DownloadRecord | undefined;
  progress: DownloadProgress | undefined;
  position: PlaybackPosition | undefined;
  /** Its place among the downloads started, while it waits its turn. */
  queuePlace?: QueuePlace;
  /** Select mode: whether it is chosen (undefined when not selecting). */
  chosen?: boolean;
  isNew?: boolean;
  onChoose?: (episodeId: string, chosen: boolean) => void;
  /** For display phases: the clock, connectivity, and whether another download is moving. */
  context: { now: number; online: boolean; anotherIsRunning: boolean; signedIn?: boolean };
  actions: EpisodeActions;
  highlighted: boolean;
}

/** The controls without the card: a row of the Downloads view, whose buttons carry the title. */
export type DownloadControlsProps = Omit<Props, 'highlighted' | 'chosen' | 'isNew' | 'onChoose'> & {
  /** A row among many: no streaming Play (Play only when downloaded), names with the title. */
  inList?: boolean;
};

export function EpisodeCard({ episode, record, progress, position, queuePlace, chosen, isNew, onChoose, context, actions, highlighted }: Props) {
  const headingId = `episode-${episode.id}`;
  return (
    <article class={highlighted ? 'episode highlighted' : 'episode'} aria-labelledby={headingId}>
      <img class="artwork" src={episode.artworkUrl} alt="" width={426} height={240} loading="lazy" />
      <div class="details">
        <h2 id={headingId} tabIndex={-1}>
          {episode.title}
        </h2>
        {chosen !== undefined && (
          <label class="setting choose">
            <input type="checkbox" aria-label={`Select ${episode.title}`} checked={chosen} onChange={(event) => onChoose?.(episode.id, event.currentTarget.checked)} />
            Select
          </label>
        )}
        <p class="meta">
          {isNew && <strong class="new">New · </strong>}
          {episode.subscribersOnly && <strong class="new">Subscribers · </strong>}
          {episodeFacts(episode, record)}
        </p>
        {position && <WatchedProgress title={episode.title} position={position} />}
        <p class="description">{episode.description}</p>
        <DownloadControls episode={episode} record={record} progress={progress} position={position} queuePlace={queuePlace} context={context} actions={actions} />
      </div>
    </article>
  );
}

/** How much of the episode the viewer has seen: a thin bar and the time left, or "Watched". */
function WatchedProgress({ title, position }: { title: string; position: PlaybackPosition }) {
  if (position.watched) return <p class="watched">Watched</p>;
  return (
    <p class="watched">
      <progress max={position.durationSeconds} value={position.positionSeconds} aria-label={`Watched of ${title}`} />
      {formatDuration(secondsLeft(position))} left
    </p>
  );
}

// Each button has its own key: Preact must never turn a Download button into Cancel under a
// finger (or a pointer) that is already pressing it.
export function DownloadControls(props: DownloadControlsProps) {
  const container = useRef<HTMLDivElement>(null);
  const hadFocus = useRef(false);
  const state = props.record?.state;
  // The pressed button is replaced (Download → Cancel → Delete): when focus fell with it, put it
  // on the new state's main action (Play, Download, Retry), else on its last button (Cancel),
  // rather than leave a keyboard user at the top of the page.
  useLayoutEffect(() => {
    const active = document.activeElement;
    if (hadFocus.current && (active === null || active === document.body)) {
      const buttons = container.current?.querySelectorAll<HTMLButtonElement>('button');
      (container.current?.querySelector<HTMLButtonElement>('button.primary') ?? buttons?.[buttons.length - 1])?.focus();
    }
  }, [state, props.record?.downloadId]);
  return (
    <div
      class="controls"
      ref={container}
      onFocusIn={() => (hadFocus.current = true)}
      onFocusOut={(event) => {
        const next = event.relatedTarget;
        hadFocus.current = next === null || (next instanceof Node && container.current?.contains(next) === true);
      }}
    >
      <PlayButtons {...props} />
      <ControlsFor {...props} />
    </div>
  );
}

/**
 * Play whenever the episode can play: downloaded (from the cache, offline too) or online (it
 * streams). "Play from 12:34" resumes; "Play from start" is offered once there is a position.
 */
function PlayButtons({ episode, record, position, context, actions, inList }: DownloadControlsProps) {
  if (record?.state !== 'downloaded' && (!context.online || inList)) return null;
  const resume = resumeAt(position);
  // A subscribers' episode while nobody is signed in: its one button is "Sign in to download".
  if (record?.state !== 'downloaded' && episode.subscribersOnly && context.signedIn === false) return null;
  return (
    <>
      <button key="play" type="button" class={record?.state === 'downloaded' ? 'primary' : undefined} onClick={() => actions.play(episode)} {...named(resume > 0 ? `Play from ${formatDuration(resume)}` : 'Play', episode, inList)}>
        {resume > 0 ? `Play from ${formatDuration(resume)}` : 'Play'}
      </button>
      {resume > 0 && (
        <button key="from-start" type="button" onClick={() => actions.play(episode, true)} {...named('Play from start', episode, inList)}>
          Play from start
        </button>
      )}
    </>
  );
}

function ControlsFor({ episode, record, progress, queuePlace, context, actions, inList }: DownloadControlsProps) {
  const state = record?.state;
  if (state === 'downloading') {
    const done = progress?.downloaded ?? 0;
    const total = progress?.total || episode.bytes || (record?.expectedBytes ?? 0);
    return (
      <>
        <progress max={total} value={done} aria-label={`Download progress for ${episode.title}`} />
        <p role="status" class="status">
          {progressText(waitsItsTurn(record, done, queuePlace) ? 'queued' : progressPhase(progress, context), done, total, progress?.bytesPerSecond ?? 0, queuePlace)}
        </p>
        <button key="cancel" type="button" onClick={() => actions.cancel(episode.id)} {...named('Cancel', episode, inList)}>
          Cancel
        </button>
        {record?.transport === 'in-page' && (
          <p class="hint">Keep this tab open: this browser downloads only while the app is open.</p>
        )}
      </>
    );
  }
  // Not moving, but wanted: waiting for a free background fetch, for Wi-Fi, or for a retry.
  const waiting =
    state === 'queued'
      ? queuePlace
        ? `Queued · ${queuePlace.position} of ${queuePlace.of}`
        : 'Queued'
      : state === 'waiting-for-wifi'
        ? 'Waiting for Wi-Fi'
        : record && retriesAutomatically(record) && 'Interrupted — retrying';
  if (waiting) {
    return (
      <>
        <p role="status" class="status">
          {waiting}
        </p>
        <button key="cancel" type="button" onClick={() => actions.cancel(episode.id)} {...named('Cancel', episode, inList)}>
          Cancel
        </button>
      </>
    );
  }
  if (state === 'downloaded') {
    return (
      <>
        <p role="status" class="status">
          Downloaded
        </p>
        <button key="delete" type="button" onClick={() => actions.remove(episode.id)} {...named('Delete', episode, inList)}>
          Delete
        </button>
      </>
    );
  }
  if (state === 'failed' && record?.failure) {
    return (
      <>
        <FailureStatus failure={record.failure} />
        <button key="retry" type="button" class="primary" onClick={() => actions.download(episode)} {...named(record.failure.reason === 'copy-gone' ? 'Download again' : 'Retry', episode, inList)}>
          {record.failure.reason === 'copy-gone' ? 'Download again' : 'Retry'}
        </button>
        {!inList && (record.failure.reason === 'insufficient-storage' || record.failure.reason === 'quota-exceeded' || record.failure.reason === 'over-limit') && (
          <a key="manage" href="#downloads">
            Manage downloads
          </a>
        )}
      </>
    );
  }
  return (
    <>
      <p role="status" class="status">
        {state === 'cancelled' ? 'Cancelled' : context.online ? '' : 'Not downloaded'}
      </p>
      <button key="download" type="button" class="primary" onClick={() => actions.download(episode)}>
        {episode.subscribersOnly && context.signedIn === false ? 'Sign in to download' : 'Download'}
      </button>
    </>
  );
}

/**
 * A background fetch with no bytes yet behind another one started earlier: Chromium runs an
 * origin's background fetches one at a time (docs/background-fetch-in-chromium.md), so it is
 * waiting its turn (in-page downloads run side by side, so for them this says nothing).
 */
function waitsItsTurn(record: DownloadRecord | undefined, done: number, place: QueuePlace | undefined): boolean {
  return done === 0 && record?.transport !== 'in-page' && (place?.position ?? 1) > 1;
}

/** The failure texts load with the first failure shown (a chunk of their own: most starts have none). */
let failureText: ((failure: DownloadFailure) => string) | undefined;

function FailureStatus({ failure }: { failure: DownloadFailure }) {
  const [, setLoaded] = useState(failureText !== undefined);
  useEffect(() => {
    if (!failureText) {
      void loadChunk(() => import('./failureText.ts')).then((module) => {
        failureText = module.failureText;
        setLoaded(true);
      });
    }
  }, []);
  return (
    <p role="status" class="status error">
      {failureText ? failureText(failure) : 'Failed'}
    </p>
  );
}

function progressText(phase: ReturnType<typeof progressPhase>, done: number, total: number, rate: number, place?: QueuePlace): string {
  const amount = `${formatBytes(done)} of ${formatBytes(total)}`;
  switch (phase) {
    case 'queued':
      return place && place.of > 1 ? `Queued · ${place.position} of ${place.of}` : 'Queued';
    case 'starting':
      return 'Starting…';
    case 'waiting-for-network':
      return `Waiting for network · ${amount}`;
    case 'downloading': {
      const left = rate > 0 ? ` · ${formatDuration(Math.ceil((total - done) / rate))} left` : '';
      const speed = rate > 0 ? ` · ${formatBytes(rate)}/s` : '';
      return `Downloading ${percentOf(done, total)}% · ${amount}${speed}${left}`;
    }
  }
}

/** In the Downloads view a row's buttons say whose they are: "Cancel" alone, many times over, says nothing. */
function named(words: string, episode: Episode, inList: boolean | undefined): { 'aria-label'?: string } {
  return inList ? { 'aria-label': `${words} ${episode.title}` } : {};
}

/**
 * "Season 2, episode 12 · 1:02:03 · 100 MB · Audio": what the catalog says (a feed may leave any
 * out), with the size a download learned or stored when the feed gave none.
 */
function episodeFacts(episode: Episode, record: DownloadRecord | undefined): string {
  const { season, episodeNumber, durationSeconds, mediaType } = episode;
  const bytes = episode.bytes || record?.storedBytes || record?.expectedBytes || 0;
  const number = episodeNumber === undefined ? '' : season === undefined ? `Episode ${episodeNumber}` : `Season ${season}, episode ${episodeNumber}`;
  return [
    number,
    durationSeconds > 0 ? formatDuration(durationSeconds) : '',
    bytes > 0 ? formatBytes(bytes) : '',
    mediaType?.startsWith('audio/') ? 'Audio' : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

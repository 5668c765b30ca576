import type { Episode } from '../core/catalog.ts';
import type { DownloadRecord } from '../core/downloadState.ts';
import { retriesAutomatically } from '../core/retryPolicy.ts';
import { progressPhase, type DownloadProgress } from '../downloads/downloadProgress.ts';
import { failureText } from './failureText.ts';
import { formatBytes, formatDuration, percentOf } from './format.ts';

export interface EpisodeActions {
  download(episode: Episode): void;
  cancel(episodeId: string): void;
  remove(episodeId: string): void;
  play(episode: Episode): void;
}

interface Props {
  episode: Episode;
  record: DownloadRecord | undefined;
  progress: DownloadProgress | undefined;
  /** For display phases: the clock, connectivity, and whether another download is moving. */
  context: { now: number; online: boolean; anotherIsRunning: boolean };
  actions: EpisodeActions;
  highlighted: boolean;
}

export function EpisodeCard({ episode, record, progress, context, actions, highlighted }: Props) {
  const headingId = `episode-${episode.id}`;
  return (
    <article class={highlighted ? 'episode highlighted' : 'episode'} aria-labelledby={headingId}>
      <img class="artwork" src={episode.artworkUrl} alt="" width={426} height={240} loading="lazy" />
      <div class="details">
        <h2 id={headingId} tabIndex={-1}>
          {episode.title}
        </h2>
        <p class="meta">
          {formatDuration(episode.durationSeconds)} · {formatBytes(episode.bytes)}
        </p>
        <p class="description">{episode.description}</p>
        <DownloadControls episode={episode} record={record} progress={progress} context={context} actions={actions} />
      </div>
    </article>
  );
}

// Each button has its own key: Preact must never turn a Download button into Cancel under a
// finger (or a pointer) that is already pressing it.
function DownloadControls({ episode, record, progress, context, actions }: Omit<Props, 'highlighted'>) {
  const state = record?.state;
  if (state === 'downloading') {
    const done = progress?.downloaded ?? 0;
    const total = progress?.total || episode.bytes;
    return (
      <div class="controls">
        <progress max={total} value={done} aria-label={`Download progress for ${episode.title}`} />
        <p role="status" class="status">
          {progressText(progressPhase(progress, context), done, total, progress?.bytesPerSecond ?? 0)}
        </p>
        <button key="cancel" type="button" onClick={() => actions.cancel(episode.id)}>
          Cancel
        </button>
        {record?.transport === 'in-page' && (
          <p class="hint">Keep this tab open: this browser downloads only while the app is open.</p>
        )}
      </div>
    );
  }
  if (state === 'waiting-for-wifi') {
    return (
      <div class="controls">
        <p role="status" class="status">
          Waiting for Wi-Fi
        </p>
        <button key="cancel" type="button" onClick={() => actions.cancel(episode.id)}>
          Cancel
        </button>
      </div>
    );
  }
  if (state === 'downloaded') {
    return (
      <div class="controls">
        <p role="status" class="status">
          Downloaded
        </p>
        <button key="play" type="button" class="primary" onClick={() => actions.play(episode)}>
          Play
        </button>
        <button key="delete" type="button" onClick={() => actions.remove(episode.id)}>
          Delete
        </button>
      </div>
    );
  }
  if (record && retriesAutomatically(record)) {
    return (
      <div class="controls">
        <p role="status" class="status">
          Interrupted — retrying
        </p>
        <button key="cancel" type="button" onClick={() => actions.cancel(episode.id)}>
          Cancel
        </button>
      </div>
    );
  }
  if (state === 'failed' && record?.failure) {
    return (
      <div class="controls">
        <p role="status" class="status error">
          {failureText(record.failure)}
        </p>
        <button key="retry" type="button" class="primary" onClick={() => actions.download(episode)}>
          Retry
        </button>
        {(record.failure.reason === 'insufficient-storage' || record.failure.reason === 'quota-exceeded') && (
          <a key="manage" href="#downloads">
            Manage downloads
          </a>
        )}
      </div>
    );
  }
  return (
    <div class="controls">
      <p role="status" class="status">
        {state === 'cancelled' ? 'Cancelled' : ''}
      </p>
      <button key="download" type="button" class="primary" onClick={() => actions.download(episode)}>
        Download
      </button>
    </div>
  );
}

function progressText(phase: ReturnType<typeof progressPhase>, done: number, total: number, rate: number): string {
  const amount = `${formatBytes(done)} of ${formatBytes(total)}`;
  switch (phase) {
    case 'queued':
      return 'Queued';
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

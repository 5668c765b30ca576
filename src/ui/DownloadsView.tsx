import { useRef } from 'preact/hooks';
import type { Episode } from '../core/catalog.ts';
import { type DownloadRecord } from '../core/downloadState.ts';
import { episodeOf } from '../core/downloadRecords.ts';
import type { RemoveWatched } from '../core/housekeeping.ts';
import type { PlaybackPosition } from '../core/playback.ts';
import { bytesCommitted } from '../core/storageLimit.ts';
import type { DownloadManager } from '../downloads/downloadManager.ts';
import { queuePlaces, type QueuePlace } from '../downloads/downloadQueue.ts';
import type { Housekeeper } from '../downloads/housekeeper.ts';
import type { NetworkPolicy } from '../downloads/networkPolicy.ts';
import type { StorageStatus } from '../downloads/storageSpace.ts';
import { removeAllDownloaded } from '../downloads/removeAllDownloaded.ts';
import { DownloadControls, type EpisodeActions } from './EpisodeCard.tsx';
import { formatBytes } from './format.ts';
import { SlidersHorizontal, Trash2, X } from 'lucide';
import { Icon } from './Icon.tsx';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const GB = 1_000_000_000;

interface Props {
  downloads: DownloadManager;
  housekeeper: Housekeeper;
  network: NetworkPolicy;
  storage: StorageStatus;
  /** The catalog's episodes: a record of one that left it still gets a row, from what it recorded. */
  episodes: readonly Episode[];
  actions: EpisodeActions;
  context: { now: number; online: boolean; signedIn?: boolean };
  /** Downloads under way that make a card with no bytes wait its turn (downloadsUnderWay). */
  running: string[];
  positions: ReadonlyMap<string, PlaybackPosition>;
}

/**
 * What is on this device or on its way: every download (running, queued, waiting, failed,
 * downloaded), so each can be cancelled, retried or deleted even when the catalog no longer lists
 * it; the totals, and the settings.
 */
export function DownloadsView({ downloads, housekeeper, network, storage, episodes, actions, context, running, positions }: Props) {
  const settings = housekeeper.settings.value;
  const records = downloads.records.value;
  const committed = bytesCommitted(records.values());
  const confirm = useRef<HTMLDialogElement>(null);
  const queue = queuePlaces(records.values());
  const listed = new Map(episodes.map((episode) => [episode.id, episode]));
  // A cancelled record is wanted by nobody: its episode's card offers Download again.
  const rows = [...records.values()].filter((record) => record.state !== 'cancelled').sort((a, b) => rowOrder(a, b, queue));
  const downloaded = rows.filter((record) => record.state === 'downloaded');
  const total = downloaded.reduce((sum, record) => sum + (record.storedBytes ?? record.expectedBytes), 0);
  const space = storage.space.value;
  const persisted = storage.persisted.value;
  const sheet = useRef<HTMLDialogElement>(null);

  const groups = groupRows(rows, queue);
  const row = (record: DownloadRecord) => {
    const episode = listed.get(record.episodeId) ?? unlistedEpisode(record);
    return (
      <li key={record.episodeId}>
        {record.artworkUrl ? <img class="thumb" src={record.artworkUrl} srcset={record.artworkSrcset} sizes="96px" alt="" width={96} height={54} loading="lazy" /> : <span class="thumb" />}
        <div class="about">
          <p class="title">{record.title}</p>
          <p class="meta">{rowFacts(record, queue.get(record.episodeId))}</p>
        </div>
        <DownloadControls
          inList
          episode={episode}
          record={record}
          progress={downloads.progress.value.get(record.episodeId)}
          position={positions.get(record.episodeId)}
          queuePlace={queue.get(record.episodeId)}
          context={{ ...context, anotherIsRunning: running.some((id) => id !== record.episodeId) }}
          actions={actions}
        />
      </li>
    );
  };

  return (
    <section aria-labelledby="downloads-heading" class="downloads">
      <div class="view-heading">
        <h2 id="downloads-heading" tabIndex={-1}>
          Downloads
        </h2>
        <button type="button" class="with-icon" onClick={() => sheet.current?.showModal()}>
          <Icon icon={SlidersHorizontal} />
          Download settings
        </button>
      </div>
      <p class="summary">
        {downloaded.length === 0
          ? 'Nothing downloaded yet.'
          : `${downloaded.length} episode${downloaded.length === 1 ? '' : 's'} · ${formatBytes(total)}`}
        {space && space.quotaBytes > 0 && (
          <>
            {' '}
            · {formatBytes(Math.max(0, space.quotaBytes - space.usedBytes))} available
          </>
        )}
      </p>
      {space && space.quotaBytes > 0 && <StorageBar downloads={total} used={space.usedBytes} quota={space.quotaBytes} />}
      {persisted !== undefined && (
        <p class="hint">
          {persisted
            ? 'Storage is persistent: the browser will not clear your downloads on its own.'
            : 'Storage is not persistent: if the device runs low on space, the browser may clear your downloads.'}
        </p>
      )}
      {groups.map(([heading, records]) => (
        <section key={heading} aria-label={heading} class="download-group">
          <h3>
            {heading} <span class="count">{records.length}</span>
          </h3>
          <ul class="download-list">{records.map(row)}</ul>
        </section>
      ))}
      {downloaded.length > 0 && (
        <button type="button" class="danger with-icon" onClick={() => confirm.current?.showModal()}>
          <Icon icon={Trash2} />
          Delete all
        </button>
      )}
      {/* No form: Enter in the limit's field applies it, and must not close the sheet (implicit submission). */}
      <dialog ref={sheet} class="sheet" aria-labelledby="download-settings-heading">
        <div class="sheet-body">
          <div class="view-heading">
            <h3 id="download-settings-heading">Download settings</h3>
            <button type="button" class="icon-button" aria-label="Close" onClick={() => sheet.current?.close()}>
              <Icon icon={X} />
            </button>
          </div>
          {network.knowsConnectionType && (
            <label class="setting">
              <input
                type="checkbox"
                checked={network.allowMobileData.value}
                onChange={(event) => network.setAllowMobileData(event.currentTarget.checked)}
              />
              Download over mobile data
            </label>
          )}
          <fieldset class="settings">
            <legend>Downloads that manage themselves</legend>
            <label class="setting">
              <input
                type="checkbox"
                checked={settings.limitBytes !== undefined}
                onChange={(event) => housekeeper.update({ limitBytes: event.currentTarget.checked ? 2 * GB : undefined })}
              />
              Use at most
              <input
                type="number"
                class="limit"
                min="0.1"
                step="0.1"
                aria-label="Download limit in GB"
                disabled={settings.limitBytes === undefined}
                value={String(Number(((settings.limitBytes ?? 2 * GB) / GB).toPrecision(3)))}
                onChange={(event) => {
                  const gigabytes = Number(event.currentTarget.value);
                  if (gigabytes > 0) housekeeper.update({ limitBytes: Math.round(gigabytes * GB) });
                }}
              />
              GB for downloads
            </label>
            {settings.limitBytes !== undefined && (
              <p class="hint">
                {formatBytes(committed)} of your {formatBytes(settings.limitBytes)} limit used (downloads in progress included).
              </p>
            )}
            <label class="setting">
              Remove watched downloads
              <select
                value={settings.removeWatched}
                onChange={(event) => {
                  housekeeper.update({ removeWatched: event.currentTarget.value as RemoveWatched });
                  void housekeeper.tidy(undefined);
                }}
              >
                <option value="off">Off</option>
                <option value="when-watched">When watched</option>
                <option value="day-after-watched">24 h after watched</option>
              </select>
            </label>
            <label class="setting">
              <input type="checkbox" checked={settings.smartDownloads} onChange={(event) => housekeeper.update({ smartDownloads: event.currentTarget.checked })} />
              Smart downloads
            </label>
            <p class="hint">
              When you finish a downloaded episode, the next one is downloaded and the watched one removed. This happens while the
              app is open when the episode ends: a browser cannot start a download from the background.
            </p>
          </fieldset>
          <div class="dialog-buttons">
            <button type="button" class="primary" onClick={() => sheet.current?.close()}>
              Done
            </button>
          </div>
        </div>
      </dialog>
      <dialog ref={confirm} aria-labelledby="delete-all-heading">
        <form method="dialog">
          <h3 id="delete-all-heading">
            Delete all {downloaded.length} downloads ({formatBytes(total)})?
          </h3>
          <p>They will no longer play offline. Downloads in progress are kept.</p>
          <div class="dialog-buttons">
            <button value="keep" autoFocus>
              Keep them
            </button>
            <button value="delete" class="danger" onClick={() => void removeAllDownloaded(downloads).then((kept) => kept > 0 && (housekeeper.report.value = playingKeptText(kept)))}>
              Delete all
            </button>
          </div>
        </form>
      </dialog>
    </section>
  );
}

/**
 * The device's storage as a picture: this app's downloads, everything else the site stores, and
 * what is free; the same in words for those who cannot see it.
 */
function StorageBar({ downloads, used, quota }: { downloads: number; used: number; quota: number }) {
  const ours = Math.min(downloads, used);
  const other = Math.max(0, used - ours);
  const free = Math.max(0, quota - used);
  // Never too thin to see: a few hundred kilobytes of gigabytes would draw nothing.
  const part = (bytes: number) => (bytes > 0 ? Math.max(1.5, (bytes / quota) * 100) : 0);
  const words = `Downloads ${formatBytes(ours)}, other data ${formatBytes(other)}, free ${formatBytes(free)}`;
  return (
    <figure class="storage-bar">
      <svg viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label={words}>
        <rect class="free" x="0" y="0" width="100" height="10" />
        <rect class="other" x={part(ours)} y="0" width={part(other)} height="10" />
        <rect class="ours" x="0" y="0" width={part(ours)} height="10" />
      </svg>
      <figcaption aria-hidden="true">
        <span>
          <span class="key ours" />
          Downloads {formatBytes(ours)}
        </span>
        <span>
          <span class="key other" />
          Other data {formatBytes(other)}
        </span>
        <span>
          <span class="key free" />
          Free {formatBytes(free)}
        </span>
      </figcaption>
    </figure>
  );
}

/** The rows under headings a viewer scans: what moves, what waits its turn, what failed, what is here. */
function groupRows(rows: DownloadRecord[], queue: ReadonlyMap<string, QueuePlace>): [string, DownloadRecord[]][] {
  const group = (record: DownloadRecord) =>
    record.state === 'downloaded' ? 'Downloaded' : record.state === 'failed' ? 'Failed' : record.state === 'downloading' && (queue.get(record.episodeId)?.position ?? 1) === 1 ? 'Downloading' : 'Waiting';
  const groups = new Map<string, DownloadRecord[]>(['Downloading', 'Waiting', 'Failed', 'Downloaded'].map((heading) => [heading, []]));
  for (const record of rows) groups.get(group(record))!.push(record);
  return [...groups].filter(([, records]) => records.length > 0);
}

/** What runs or waits first (in queue order), then failures, then downloads, newest first. */
function rowOrder(a: DownloadRecord, b: DownloadRecord, queue: ReadonlyMap<string, QueuePlace>): number {
  const rank = (record: DownloadRecord) => (queue.has(record.episodeId) ? 0 : ['waiting-for-wifi', 'failed', 'downloaded'].indexOf(record.state) + 1);
  const place = (record: DownloadRecord) => queue.get(record.episodeId)?.position ?? 0;
  return rank(a) - rank(b) || place(a) - place(b) || b.updatedAt - a.updatedAt;
}

/** An episode the catalog no longer lists, as its record describes it (enough to retry it). */
function unlistedEpisode(record: DownloadRecord): Episode {
  return { ...episodeOf(record), description: '', durationSeconds: 0, artworkUrl: record.artworkUrl ?? '' };
}

/** The size as far as it is known, its place in the queue, and (once downloaded) when. */
function rowFacts(record: DownloadRecord, place: QueuePlace | undefined): string {
  const bytes = record.storedBytes ?? record.expectedBytes;
  return [
    place && place.position > 1 ? `#${place.position} in the queue` : '',
    bytes > 0 ? formatBytes(bytes) : '',
    record.state === 'downloaded' ? dateFormat.format(record.updatedAt) : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

function playingKeptText(kept: number): string {
  return kept === 1 ? 'The episode open in a player was kept: close it to delete it.' : `${kept} episodes open in a player were kept: close them to delete them.`;
}

import { useRef } from 'preact/hooks';
import type { RemoveWatched } from '../core/housekeeping.ts';
import { bytesCommitted } from '../core/storageLimit.ts';
import type { DownloadManager } from '../downloads/downloadManager.ts';
import type { Housekeeper } from '../downloads/housekeeper.ts';
import { removeAllDownloaded } from '../downloads/removeAllDownloaded.ts';
import { formatBytes } from './format.ts';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** What is stored on this device: each download with its size and date, the totals, and the settings. */
const GB = 1_000_000_000;

export function DownloadsView({ downloads, housekeeper, onPlay }: { downloads: DownloadManager; housekeeper: Housekeeper; onPlay: (episodeId: string) => void }) {
  const settings = housekeeper.settings.value;
  const committed = bytesCommitted(downloads.records.value.values());
  const confirm = useRef<HTMLDialogElement>(null);
  const downloaded = [...downloads.records.value.values()]
    .filter((record) => record.state === 'downloaded')
    .sort((a, b) => b.updatedAt - a.updatedAt);
  const total = downloaded.reduce((sum, record) => sum + (record.storedBytes ?? record.expectedBytes), 0);
  const space = downloads.storage.space.value;
  const persisted = downloads.storage.persisted.value;
  const { network } = downloads;

  return (
    <section aria-labelledby="downloads-heading" class="downloads">
      <h2 id="downloads-heading" tabIndex={-1}>
        Downloads
      </h2>
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
      {persisted !== undefined && (
        <p class="hint">
          {persisted
            ? 'Storage is persistent: the browser will not clear your downloads on its own.'
            : 'Storage is not persistent: if the device runs low on space, the browser may clear your downloads.'}
        </p>
      )}
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
      {downloaded.length > 0 && (
        <>
          <ul class="download-list">
            {downloaded.map((record) => (
              <li key={record.episodeId}>
                <div>
                  <p class="title">{record.title}</p>
                  <p class="meta">
                    {formatBytes(record.storedBytes ?? record.expectedBytes)} · {dateFormat.format(record.updatedAt)}
                  </p>
                </div>
                <button type="button" onClick={() => onPlay(record.episodeId)} aria-label={`Play ${record.title}`}>
                  Play
                </button>
                <button type="button" onClick={() => void downloads.remove(record.episodeId)} aria-label={`Delete ${record.title}`}>
                  Delete
                </button>
              </li>
            ))}
          </ul>
          <button type="button" class="danger" onClick={() => confirm.current?.showModal()}>
            Delete all
          </button>
        </>
      )}
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

function playingKeptText(kept: number): string {
  return kept === 1 ? 'The episode open in a player was kept: close it to delete it.' : `${kept} episodes open in a player were kept: close them to delete them.`;
}

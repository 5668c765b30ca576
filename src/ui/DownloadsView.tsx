import { useRef } from 'preact/hooks';
import type { Episode } from '../core/catalog.ts';
import { type DownloadRecord } from '../core/downloadState.ts';
import { episodeOf, storedDownload } from '../core/downloadRecords.ts';
import { renditionName } from '../core/renditionName.ts';
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
import { formatDate } from './localeFormat.ts';
import type { DownloadQuality } from '../core/chooseSource.ts';
import { t } from '../i18n/translate.ts';
import type { MessageId } from '../i18n/types.ts';
import { LanguageSetting } from './LanguageSetting.tsx';
import { SlidersHorizontal, Trash2, X } from 'lucide';
import { Icon } from './Icon.tsx';

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
  // What Delete all deletes: every stored copy, also one a change of quality would replace.
  const downloaded = rows.flatMap((record) => storedDownload(record) ?? []);
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
          <p class="title" dir="auto">
            {record.title}
          </p>
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
          {t('downloads.heading')}
        </h2>
        <button type="button" class="with-icon" onClick={() => sheet.current?.showModal()}>
          <Icon icon={SlidersHorizontal} />
          {t('downloads.settings')}
        </button>
      </div>
      <p class="summary">
        {downloaded.length === 0 ? t('downloads.nothing') : t('downloads.summary', { count: downloaded.length, size: formatBytes(total) })}
        {space && space.quotaBytes > 0 && ` · ${t('downloads.available', { size: formatBytes(Math.max(0, space.quotaBytes - space.usedBytes)) })}`}
      </p>
      {space && space.quotaBytes > 0 && <StorageBar downloads={total} used={space.usedBytes} quota={space.quotaBytes} />}
      {persisted !== undefined && (
        <p class="hint">
          {persisted ? t('downloads.persistent') : t('downloads.notPersistent')}
        </p>
      )}
      {groups.map(([heading, records]) => (
        <section key={heading} aria-label={t(heading)} class="download-group">
          <h3>
            {t(heading)} <span class="count">{records.length}</span>
          </h3>
          <ul class="download-list">{records.map(row)}</ul>
        </section>
      ))}
      {downloaded.length > 0 && (
        <button type="button" class="danger with-icon" onClick={() => confirm.current?.showModal()}>
          <Icon icon={Trash2} />
          {t('downloads.deleteAll')}
        </button>
      )}
      {/* No form: Enter in the limit's field applies it, and must not close the sheet (implicit submission). */}
      <dialog ref={sheet} class="sheet" aria-labelledby="download-settings-heading">
        <div class="sheet-body">
          <div class="view-heading">
            <h3 id="download-settings-heading">{t('downloads.settings')}</h3>
            <button type="button" class="icon-button" aria-label={t('common.close')} onClick={() => sheet.current?.close()}>
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
              {t('downloads.mobileData')}
            </label>
          )}
          <fieldset class="settings">
            <legend>{t('downloads.managed')}</legend>
            <label class="setting">
              <input
                type="checkbox"
                checked={settings.limitBytes !== undefined}
                onChange={(event) => housekeeper.update({ limitBytes: event.currentTarget.checked ? 2 * GB : undefined })}
              />
              {t('downloads.useAtMost')}
              <input
                type="number"
                class="limit"
                min="0.1"
                step="0.1"
                aria-label={t('downloads.limitField')}
                disabled={settings.limitBytes === undefined}
                value={String(Number(((settings.limitBytes ?? 2 * GB) / GB).toPrecision(3)))}
                onChange={(event) => {
                  const gigabytes = Number(event.currentTarget.value);
                  if (gigabytes > 0) housekeeper.update({ limitBytes: Math.round(gigabytes * GB) });
                }}
              />
              {t('downloads.gbForDownloads')}
            </label>
            {settings.limitBytes !== undefined && (
              <p class="hint">
                {t('downloads.limitUsed', { used: formatBytes(committed), limit: formatBytes(settings.limitBytes) })}
              </p>
            )}
            <label class="setting">
              {t('downloads.removeWatched')}
              <select
                value={settings.removeWatched}
                onChange={(event) => {
                  housekeeper.update({ removeWatched: event.currentTarget.value as RemoveWatched });
                  void housekeeper.tidy(undefined);
                }}
              >
                <option value="off">{t('common.off')}</option>
                <option value="when-watched">{t('downloads.whenWatched')}</option>
                <option value="day-after-watched">{t('downloads.dayAfterWatched')}</option>
              </select>
            </label>
            <label class="setting">
              <input type="checkbox" checked={settings.smartDownloads} onChange={(event) => housekeeper.update({ smartDownloads: event.currentTarget.checked })} />
              {t('downloads.smart')}
            </label>
            <p class="hint">{t('downloads.smartHint')}</p>
          </fieldset>
          {episodes.some((episode) => (episode.sources?.length ?? 0) > 1) && (
            <label class="setting">
              {t('downloads.quality')}
              <select value={settings.quality} onChange={(event) => housekeeper.update({ quality: event.currentTarget.value as DownloadQuality })}>
                <option value="data-saver">{t('downloads.qualityDataSaver')}</option>
                <option value="standard">{t('downloads.qualityStandard')}</option>
                <option value="best">{t('downloads.qualityBest')}</option>
                <option value="ask">{t('downloads.qualityAsk')}</option>
              </select>
            </label>
          )}
          <LanguageSetting />
          <div class="dialog-buttons">
            <button type="button" class="primary" onClick={() => sheet.current?.close()}>
              {t('common.done')}
            </button>
          </div>
        </div>
      </dialog>
      <dialog ref={confirm} aria-labelledby="delete-all-heading">
        <form method="dialog">
          <h3 id="delete-all-heading">{t('downloads.confirmDeleteAll', { count: downloaded.length, size: formatBytes(total) })}</h3>
          <p>{t('downloads.confirmHint')}</p>
          <div class="dialog-buttons">
            <button value="keep" autoFocus>
              {t('downloads.keep')}
            </button>
            <button value="delete" class="danger" onClick={() => void removeAllDownloaded(downloads).then((kept) => kept > 0 && (housekeeper.report.value = t('report.playingKept', { count: kept })))}>
              {t('downloads.deleteAll')}
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
  const words = t('downloads.storage', { ours: formatBytes(ours), other: formatBytes(other), free: formatBytes(free) });
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
          {t('downloads.keyOurs', { size: formatBytes(ours) })}
        </span>
        <span>
          <span class="key other" />
          {t('downloads.keyOther', { size: formatBytes(other) })}
        </span>
        <span>
          <span class="key free" />
          {t('downloads.keyFree', { size: formatBytes(free) })}
        </span>
      </figcaption>
    </figure>
  );
}

/** The rows under headings a viewer scans: what moves, what waits its turn, what failed, what is here. */
function groupRows(rows: DownloadRecord[], queue: ReadonlyMap<string, QueuePlace>): [MessageId, DownloadRecord[]][] {
  const group = (record: DownloadRecord): MessageId =>
    record.state === 'downloaded'
      ? 'common.downloaded'
      : record.state === 'failed'
        ? 'common.failed'
        : record.state === 'downloading' && (queue.get(record.episodeId)?.position ?? 1) === 1
          ? 'downloads.groupDownloading'
          : 'downloads.groupWaiting';
  const headings: MessageId[] = ['downloads.groupDownloading', 'downloads.groupWaiting', 'common.failed', 'common.downloaded'];
  const groups = new Map<MessageId, DownloadRecord[]>(headings.map((heading) => [heading, []]));
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
    place && place.position > 1 ? t('downloads.queuePlace', { position: place.position }) : '',
    bytes > 0 ? formatBytes(bytes) : '',
    // Downloaded, the status says it ("Downloaded · 720p").
    record.state === 'downloaded' ? '' : (renditionName(record.rendition) ?? ''),
    record.state === 'downloaded' ? formatDate(record.updatedAt) : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

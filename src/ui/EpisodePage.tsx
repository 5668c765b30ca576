import { ArrowLeft, Captions, Settings2, Share2 } from 'lucide';
import { Icon } from './Icon.tsx';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Episode } from '../core/catalog.ts';
import type { DownloadRecord } from '../core/downloadState.ts';
import { renditionName } from '../core/renditionName.ts';
import type { Housekeeper } from '../downloads/housekeeper.ts';
import { loadChunk } from '../lazyChunk.ts';
import { failureText } from './failureText.ts';
import { DownloadControls, episodeFacts, episodeHash, WatchedProgress, type DownloadControlsProps } from './EpisodeCard.tsx';
import { t } from '../i18n/translate.ts';
import { formatList } from './localeFormat.ts';
import type { PlaybackPosition } from '../core/playback.ts';
import type { DownloadManager } from '../downloads/downloadManager.ts';
import { queuePlaces } from '../downloads/downloadQueue.ts';

/** The app's downloads and positions, read here (a chunk of its own); the housekeeper, for Change quality, once loaded. */
interface Props extends Pick<DownloadControlsProps, 'episode' | 'actions'> {
  downloads: DownloadManager;
  positions: ReadonlyMap<string, PlaybackPosition>;
  context: Omit<DownloadControlsProps['context'], 'anotherIsRunning'>;
  /** Downloads under way (downloadsUnderWay): another one moving makes this one wait its turn. */
  running: string[];
  housekeeper?: Housekeeper;
}

/** `#episode/<id>`: everything the catalog says of one episode, with Play, the download control and Share. */
export function EpisodePage({ episode, downloads, positions, context: shared, running, actions, housekeeper }: Props) {
  const record = downloads.records.value.get(episode.id);
  const progress = downloads.progress.value.get(episode.id);
  const position = positions.get(episode.id);
  const queuePlace = queuePlaces(downloads.records.value.values()).get(episode.id);
  const context = { ...shared, anotherIsRunning: running.some((id) => id !== episode.id) };
  const heading = useRef<HTMLHeadingElement>(null);
  // A new page for a screen reader too: focus goes to its heading, as after a navigation.
  useEffect(() => heading.current?.focus(), [episode.id]);
  return (
    <article class="episode-page" aria-labelledby="episode-page-title">
      <a class="back with-icon" href="#">
        <Icon icon={ArrowLeft} size={20} class="reading-direction" />
        {t('nav.episodes')}
      </a>
      {/* As wide as the page (styles.css: main's padding, .episode-page's max-width). */}
      <img class="artwork" src={episode.artworkUrl} srcset={episode.artworkSrcset} sizes="(max-width: 50rem) calc(100vw - 2rem), 48rem" alt="" width={1280} height={720} />
      {/* The publisher's words in their own direction (dir=auto), as on the card. */}
      <h2 id="episode-page-title" ref={heading} tabIndex={-1} dir="auto">
        {episode.title}
      </h2>
      <p class="meta">
        {episode.subscribersOnly && <strong class="new">{t('card.subscribers')}</strong>}
        {episodeFacts(episode, record)}
      </p>
      {position && <WatchedProgress title={episode.title} position={position} />}
      <DownloadControls episode={episode} record={record} progress={progress} position={position} queuePlace={queuePlace} context={context} actions={actions} />
      {record?.switchFailure && <ChangeFailure {...record.switchFailure} />}
      {housekeeper && record?.state === 'downloaded' && (episode.sources?.length ?? 0) > 1 && <ChangeQualityButton episode={episode} record={record} housekeeper={housekeeper} />}
      <ShareButton episode={episode} />
      <p class="full-description" dir="auto">
        {episode.description}
      </p>
      {episode.captions && episode.captions.length > 0 && (
        <p class="meta with-icon">
          <Icon icon={Captions} size={20} />
          {t('page.captions', { languages: formatList(episode.captions.map((caption) => caption.label)) })}
        </p>
      )}
    </article>
  );
}

/**
 * A downloaded episode in another of its renditions: the sheet (the downloaded one marked), then
 * a change of quality, during which the stored copy plays and is kept (Housekeeper.changeQuality).
 */
function ChangeQualityButton({ episode, record, housekeeper }: { episode: Episode; record: DownloadRecord; housekeeper: Housekeeper }) {
  const change = async () => {
    const { askForSource } = await loadChunk(() => import('./QualitySheet.tsx'));
    const source = await askForSource(episode, { downloaded: record.rendition, lastHeight: housekeeper.settings.value.lastHeight });
    if (source) await housekeeper.changeQuality(episode, source);
  };
  return (
    <p class="page-action">
      <button type="button" class="with-icon" onClick={() => void change()}>
        <Icon icon={Settings2} size={18} />
        {t('page.changeQuality')}
      </button>
    </p>
  );
}

/** The last change of quality that failed: what it tried and why (the download it would have replaced is kept). */
function ChangeFailure({ rendition, failure }: NonNullable<DownloadRecord['switchFailure']>) {
  return (
    <p role="status" class="status error">
      {t('page.changeFailed', { quality: renditionName(rendition) ?? '' })} · {failureText(failure)}
    </p>
  );
}

/** The Web Share sheet where the browser has one; else the link is copied, and the button says so. */
function ShareButton({ episode }: { episode: Episode }) {
  const [said, setSaid] = useState('');
  const share = async () => {
    const url = new URL(location.pathname + episodeHash(episode.id), location.origin).href;
    try {
      if (navigator.share) await navigator.share({ title: episode.title, url });
      else {
        await navigator.clipboard.writeText(url);
        setSaid(t('page.linkCopied'));
      }
    } catch (error) {
      // Closing the share sheet is not a failure worth a word.
      if (!(error instanceof DOMException && error.name === 'AbortError')) setSaid(t('page.couldNotShare'));
    }
  };
  return (
    <p class="share">
      <button type="button" class="with-icon" onClick={() => void share()}>
        <Icon icon={Share2} size={18} />
        {t('page.share')}
      </button>
      <span role="status">{said}</span>
    </p>
  );
}

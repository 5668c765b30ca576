import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Episode } from '../core/catalog.ts';
import type { DownloadFailure, DownloadRecord } from '../core/downloadState.ts';
import { resumeAt, secondsLeft, type PlaybackPosition } from '../core/playback.ts';
import { storedDownload } from '../core/downloadRecords.ts';
import type { DownloadProgress } from '../downloads/downloadProgress.ts';
import type { QueuePlace } from '../downloads/downloadQueue.ts';
import { Play, RotateCcw, Trash2 } from 'lucide';
import { Icon } from './Icon.tsx';
import { DownloadButton } from './DownloadButton.tsx';
import { controlStateOf } from './downloadControl.ts';
import { formatBytes, formatDuration } from './format.ts';
import { loadChunk } from '../lazyChunk.ts';
import { t } from '../i18n/translate.ts';

export interface EpisodeActions {
  download(episode: Episode): void;
  cancel(episodeId: string): void;
  remove(episodeId: string): void;
  /** Opens the player: at the saved position, or from the start. */
  play(episode: Episode, fromStart?: boolean): void;
}

export interface EpisodeCardProps {
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
export type DownloadControlsProps = Omit<EpisodeCardProps, 'highlighted' | 'chosen' | 'isNew' | 'onChoose'> & {
  /** A row among many: no streaming Play (Play only when downloaded), names with the title. */
  inList?: boolean;
};

/**
 * How wide a card's artwork is drawn (styles.css): as laid out, where the browser knows it (a lazy
 * image's `auto`), else 7rem on a phone, and the viewport's width beyond (no narrower than drawn).
 */
const CARD_SIZES = 'auto, (max-width: 40rem) 7rem';

/** The episode's own page: its full description, captions, size, Play and the download control. */
export const episodeHash = (episodeId: string) => `#episode/${encodeURIComponent(episodeId)}`;

export function EpisodeCard({ episode, record, progress, position, queuePlace, chosen, isNew, onChoose, context, actions, highlighted }: EpisodeCardProps) {
  const headingId = `episode-${episode.id}`;
  return (
    <article class={highlighted ? 'episode highlighted' : 'episode'} aria-labelledby={headingId}>
      {/* loading first (Preact sets attributes in order): only a lazy image's sizes may be auto. */}
      <img loading="lazy" class="artwork" src={episode.artworkUrl} srcset={episode.artworkSrcset} sizes={CARD_SIZES} alt="" />
      <div class="details">
        {/* The publisher's words read in their own direction (dir=auto), whatever the app's language: an
            English title in the Arabic app keeps its full stop at its end. */}
        <h2 id={headingId} tabIndex={-1} dir="auto">
          <a href={episodeHash(episode.id)}>{episode.title}</a>
        </h2>
        {chosen !== undefined && (
          <label class="setting choose">
            <input type="checkbox" aria-label={t('card.selectTitle', { title: episode.title })} checked={chosen} onChange={(event) => onChoose?.(episode.id, event.currentTarget.checked)} />
            {t('library.select')}
          </label>
        )}
        <p class="meta">
          {isNew && <strong class="new">{t('card.new')}</strong>}
          {episode.subscribersOnly && <strong class="new">{t('card.subscribers')}</strong>}
          {episodeFacts(episode, record)}
        </p>
        {position && <WatchedProgress title={episode.title} position={position} />}
        <p class="description" dir="auto">
          {episode.description}
        </p>
        <DownloadControls episode={episode} record={record} progress={progress} position={position} queuePlace={queuePlace} context={context} actions={actions} />
      </div>
    </article>
  );
}

/** How much of the episode the viewer has seen: a thin bar and the time left, or "Watched". */
export function WatchedProgress({ title, position }: { title: string; position: PlaybackPosition }) {
  if (position.watched) return <p class="watched">{t('card.watched')}</p>;
  return (
    <p class="watched">
      <progress max={position.durationSeconds} value={position.positionSeconds} aria-label={t('card.watchedOf', { title })} />
      {t('time.left', { time: formatDuration(secondsLeft(position)) })}
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
  // Stored: downloaded, or the copy a change of quality keeps while it downloads.
  const stored = storedDownload(record) !== undefined;
  if (!stored && (!context.online || inList)) return null;
  const resume = resumeAt(position);
  // A subscribers' episode while nobody is signed in: its one button is "Sign in to download".
  if (!stored && episode.subscribersOnly && context.signedIn === false) return null;
  const words = resume > 0 ? t('card.playFrom', { time: formatDuration(resume) }) : t('common.play');
  return (
    <>
      <button key="play" type="button" class={stored ? 'primary with-icon' : 'with-icon'} onClick={() => actions.play(episode)} {...named(words, episode, inList)}>
        <Icon icon={Play} size={18} fill="currentColor" />
        {words}
      </button>
      {resume > 0 && (
        <button key="from-start" type="button" class="with-icon" onClick={() => actions.play(episode, true)} {...named(t('card.playFromStart'), episode, inList, true)}>
          <Icon icon={RotateCcw} size={18} />
          {t('card.fromStart')}
        </button>
      )}
    </>
  );
}

/** The status line, the labelled progress, the download control, and Delete once downloaded. */
function ControlsFor({ episode, record, progress, queuePlace, context, actions, inList }: DownloadControlsProps) {
  const control = controlStateOf(episode, record, progress, queuePlace, context);
  const press = () => (control.action === 'cancel' ? actions.cancel(episode.id) : actions.download(episode));
  const name =
    control.action === 'cancel'
      ? t('common.cancel')
      : control.action === 'retry'
        ? record?.failure?.reason === 'copy-gone'
          ? t('card.downloadAgain')
          : t('card.retry')
        : control.kind === 'sign-in'
          ? t('card.signInToDownload')
          : t('card.download');
  const failure = control.kind === 'failed' ? record?.failure : undefined;
  return (
    <>
      {failure ? (
        <FailureStatus failure={failure} />
      ) : (
        <p role="status" class="status">
          {control.text}
        </p>
      )}
      {control.bytes && <progress class="visually-hidden" max={control.bytes.total} value={control.bytes.done} aria-label={t('card.progressOf', { title: episode.title })} />}
      {failure && !inList && (failure.reason === 'insufficient-storage' || failure.reason === 'quota-exceeded' || failure.reason === 'over-limit') && (
        <a key="manage" href="#downloads">
          {t('card.manageDownloads')}
        </a>
      )}
      {control.kind === 'downloaded' && (
        <button key="delete" type="button" class="icon-button" onClick={() => actions.remove(episode.id)} {...named(t('card.delete'), episode, inList, true)} title={t('card.delete')}>
          <Icon icon={Trash2} size={20} />
        </button>
      )}
      <DownloadButton key={control.action ?? 'badge'} control={control} name={inList ? t('common.named', { action: name, title: episode.title }) : name} onPress={press} />
      {record?.state === 'downloading' && record.transport === 'in-page' && <p class="hint">{t('card.keepTabOpen')}</p>}
    </>
  );
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
      {failureText ? failureText(failure) : t('common.failed')}
    </p>
  );
}

/**
 * In the Downloads view a row's buttons say whose they are: "Cancel" alone, many times over, says
 * nothing. `always`: a button whose label is not its text (an icon, or shorter words) has one anyway.
 */
function named(words: string, episode: Episode, inList: boolean | undefined, always?: boolean): { 'aria-label'?: string } {
  return inList ? { 'aria-label': t('common.named', { action: words, title: episode.title }) } : always ? { 'aria-label': words } : {};
}

/**
 * "Season 2, episode 12 · 1:02:03 · 100 MB · Audio": what the catalog says (a feed may leave any
 * out), with the size a download learned or stored when the feed gave none.
 */
export function episodeFacts(episode: Episode, record: DownloadRecord | undefined): string {
  const { season, episodeNumber, durationSeconds, mediaType } = episode;
  // A rendition's download: its own size, not the default file's.
  const bytes = (record?.rendition && (record.storedBytes || record.expectedBytes)) || episode.bytes || record?.storedBytes || record?.expectedBytes || 0;
  // Numbers that name an episode, not amounts: their digits as the feed gave them.
  const number =
    episodeNumber === undefined
      ? ''
      : season === undefined
        ? t('card.episode', { number: String(episodeNumber) })
        : t('card.seasonEpisode', { season: String(season), number: String(episodeNumber) });
  return [
    number,
    durationSeconds > 0 ? formatDuration(durationSeconds) : '',
    bytes > 0 ? formatBytes(bytes) : '',
    mediaType?.startsWith('audio/') ? t('card.audio') : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

import { ArrowLeft, Captions, Share2 } from 'lucide';
import { Icon } from './Icon.tsx';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Episode } from '../core/catalog.ts';
import { DownloadControls, episodeFacts, episodeHash, WatchedProgress, type DownloadControlsProps } from './EpisodeCard.tsx';
import { t } from '../i18n/translate.ts';
import { formatList } from './localeFormat.ts';

/** What the card's controls take, without the Downloads view's row mode. */
type Props = Omit<DownloadControlsProps, 'inList'>;

/** `#episode/<id>`: everything the catalog says of one episode, with Play, the download control and Share. */
export function EpisodePage({ episode, record, progress, position, queuePlace, context, actions }: Props) {
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

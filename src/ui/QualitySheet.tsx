import { render } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Episode } from '../core/catalog.ts';
import { preselectSource } from '../core/chooseSource.ts';
import type { Rendition } from '../core/downloadState.ts';
import { renditionName } from '../core/renditionName.ts';
import { episodeSources, playableSources, type PlayableSource, type PlaybackProbe } from '../core/playableSources.ts';
import { learnMediaSize } from '../downloads/mediaSize.ts';
import { browserPlaybackProbe } from '../playbackProbe.ts';
import { t } from '../i18n/translate.ts';
import { formatBytes } from './format.ts';

export interface AskOptions {
  /** The choices; by default the episode's sources this device plays (asked of `probe`). */
  sources?: readonly PlayableSource[];
  /** The rendition already downloaded, marked "Downloaded" (Change quality). */
  downloaded?: Rendition;
  /** The height of the viewer's last choice: preselected (else Standard's). */
  lastHeight?: number;
  probe?: PlaybackProbe;
  fetch?: typeof fetch;
}

/**
 * The Ask sheet (a chunk of its own): which rendition of `episode` to download. Resolves to the
 * source chosen — its size filled in where the server told it — or undefined for Cancel and
 * Escape. Focus goes into the sheet and back to what had it (the pressed button) after.
 */
export async function askForSource(episode: Episode, options: AskOptions = {}): Promise<PlayableSource | undefined> {
  // A second press before the first's sheet is up (its sources are being asked for) asks nothing.
  if (asking) return undefined;
  asking = true;
  try {
    return await ask(episode, options);
  } finally {
    asking = false;
  }
}

let asking = false;

async function ask(episode: Episode, options: AskOptions): Promise<PlayableSource | undefined> {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
  const sources = options.sources ?? (await playableSources(episodeSources(episode), options.probe ?? browserPlaybackProbe())).sources;
  if (sources.length === 0) return undefined;
  const host = document.body.appendChild(document.createElement('div'));
  return new Promise((resolve) => {
    const done = (source: PlayableSource | undefined) => {
      render(null, host);
      host.remove();
      if (opener?.isConnected) opener.focus();
      resolve(source);
    };
    render(
      <QualitySheet
        episode={episode}
        sources={sources}
        downloaded={options.downloaded}
        preselected={preselectSource(sources, options.lastHeight)}
        fetch={options.fetch ?? ((input, init) => fetch(input, init))}
        onClose={done}
      />,
      host,
    );
  });
}

interface Props {
  episode: Episode;
  sources: readonly PlayableSource[];
  downloaded?: Rendition;
  preselected?: PlayableSource;
  fetch: typeof fetch;
  onClose(source: PlayableSource | undefined): void;
}

/** A modal sheet of radios, one a source ("720p · 3.4 MB"), with Download and Cancel. */
export function QualitySheet({ episode, sources, downloaded, preselected, fetch, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [picked, setPicked] = useState(Math.max(0, preselected ? sources.indexOf(preselected) : 0));
  const sizes = useSizes(sources, fetch);
  // Shown at once: sizes the catalog lacks are filled in as the server answers.
  useLayoutEffect(() => dialog.current?.showModal(), []);
  const close = () => {
    const source = dialog.current?.returnValue === 'download' ? sources[picked] : undefined;
    const size = source && sizes.get(source.url);
    onClose(source && size ? { ...source, size } : source);
  };
  return (
    <dialog ref={dialog} class="sheet" aria-labelledby="quality-sheet-heading" onClose={close}>
      <form method="dialog" class="sheet-body">
        <h3 id="quality-sheet-heading">{t('downloads.quality')}</h3>
        <fieldset class="settings">
          {/* The episode's title names the choices, in its own direction. */}
          <legend dir="auto">{episode.title}</legend>
          {sources.map((source, index) => {
            const size = sizes.get(source.url);
            const name = [
              renditionName(source) ?? t('downloads.qualityFile', { number: index + 1 }),
              size ? formatBytes(size) : '',
              sameRendition(source, downloaded) ? t('common.downloaded') : '',
            ];
            return (
              <label key={source.url} class="setting">
                <input type="radio" name="quality" checked={index === picked} autoFocus={index === picked} onChange={() => setPicked(index)} />
                {name.filter(Boolean).join(' · ')}
              </label>
            );
          })}
        </fieldset>
        <div class="dialog-buttons">
          <button type="button" onClick={() => dialog.current?.close()}>
            {t('common.cancel')}
          </button>
          <button value="download" class="primary">
            {t('card.download')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** Each source's size by URL: the catalog's, else the server's answer to a HEAD, as it arrives. */
function useSizes(sources: readonly PlayableSource[], fetch: typeof globalThis.fetch): ReadonlyMap<string, number> {
  const [sizes, setSizes] = useState(() => new Map(sources.flatMap((source): [string, number][] => (source.size ? [[source.url, source.size]] : []))));
  useEffect(() => {
    let open = true;
    for (const { url, size } of sources) {
      if (size) continue;
      void learnMediaSize(fetch, url).then((learned) => {
        if (open && 'bytes' in learned) setSizes((known) => new Map(known).set(url, learned.bytes));
      });
    }
    return () => void (open = false);
  }, []);
  return sizes;
}

function sameRendition(source: PlayableSource, downloaded: Rendition | undefined): boolean {
  return downloaded !== undefined && renditionName(source) === renditionName(downloaded);
}

import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Episode, EpisodeSource } from '../core/catalog.ts';
import { loadChunk } from '../lazyChunk.ts';
import type { ElementRef } from './useMedia.ts';

export interface Sources {
  /** What the Quality item lists, largest first: the playable sources, or a download's stored one alone. */
  list: EpisodeSource[];
  /** Where playback starts: chooseSource's pick ("Auto"), or the stored copy's URL. */
  auto: string;
  /** Played from the worker's cache: what is stored, whatever the network. */
  stored?: boolean;
}

let chunk: Promise<typeof import('./sources.ts')> | undefined;
/** The choice's chunk: asked for as the player's loads (preparePlayer), used as it opens. */
export const sourcesChunk = () => (chunk ??= loadChunk(() => import('./sources.ts')));

/**
 * sources.ts's answer for the episode as the player opens; undefined until then. `box`: the
 * player, as wide as its picture (16:9, at most 65vh: player.css).
 */
export function useSources(episode: Episode, stored: string | undefined, box: ElementRef<HTMLElement>) {
  const [sources, setSources] = useState<Sources | { types: string[] }>();
  useEffect(() => {
    const cssHeight = Math.min(((box.current?.clientWidth ?? 0) * 9) / 16, innerHeight * 0.65);
    void sourcesChunk().then(({ sourcesFor }) => sourcesFor(episode, stored, cssHeight)).then(setSources);
  }, [stored]);
  return sources;
}

/** What the Quality item calls a source: its label, else its height ("720p"), else its format. */
export const sourceName = (source: EpisodeSource): string => source.label ?? (source.height ? `${source.height}p` : (source.type.split(/[/;]/)[1] ?? ''));

/**
 * The source playing: `quality` is the viewer's choice ('' for Auto). Choosing another loads it
 * on the same element from where it was, playing if it played; speed and captions stay
 * (defaultPlaybackRate and the tracks are the element's, not the source's).
 */
export function useQuality(video: ElementRef<HTMLVideoElement>, auto: string) {
  // A choice holds for the Auto it was made under: when the stored copy changes under the player
  // (a change of quality landed, the old copy's bytes are going), Auto is the new copy again.
  const [choice, setChoice] = useState({ url: '', auto });
  const quality = choice.auto === auto ? choice.url : '';
  const resume = useRef<{ at: number; paused: boolean }>();
  const src = quality || auto;
  const lastSrc = useRef(src);
  if (src !== lastSrc.current) {
    // On from where it was, whatever changed the source.
    const element = video.current;
    if (element) resume.current ??= { at: element.currentTime, paused: element.paused };
    lastSrc.current = src;
  }
  // After the new src is set: the load it started has dropped the old source's pending events.
  useLayoutEffect(() => {
    const element = video.current;
    const to = resume.current;
    if (!element || !to) return;
    const restore = () => {
      resume.current = undefined;
      element.currentTime = to.at;
      if (!to.paused) void element.play().catch(() => {});
    };
    element.addEventListener('loadedmetadata', restore, { once: true });
    return () => element.removeEventListener('loadedmetadata', restore);
  }, [src]);
  // A second choice before the first has loaded keeps the first's position (resume is kept until it has).
  const choose = (next: string) => setChoice({ url: next, auto });
  return { src, quality, choose };
}

import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Episode } from '../core/catalog.ts';
import { connectMediaSession, type MediaSessionActions } from './mediaSession.ts';
import type { ElementRef } from './useMedia.ts';

/**
 * The lock screen follows the player wherever it is shown. Connected again when the actions it
 * offers change (the mini-player has no previous or next: they would open a player over the page).
 */
export function useSession(video: ElementRef<HTMLVideoElement>, episode: Episode, show: string, actions: MediaSessionActions): void {
  const latest = useRef(actions);
  latest.current = actions;
  const hasPrevious = actions.previous !== undefined;
  const hasNext = actions.next !== undefined;
  useLayoutEffect(() => {
    const element = video.current;
    if (!element) return;
    return connectMediaSession(element, episode, show, {
      seekBy: (seconds) => latest.current.seekBy(seconds),
      seekTo: (seconds) => latest.current.seekTo(seconds),
      previous: hasPrevious ? () => latest.current.previous?.() : undefined,
      next: hasNext ? () => latest.current.next?.() : undefined,
      stop: () => latest.current.stop(),
    });
  }, [hasPrevious, hasNext]);
}

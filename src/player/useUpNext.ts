import { useEffect, useState } from 'preact/hooks';
import type { Episode } from '../core/catalog.ts';
import { useMediaEvents, type ElementRef } from './useMedia.ts';

/** Seconds the up-next card counts down before the next episode starts. */
export const UP_NEXT_SECONDS = 10;

/**
 * Up next: when the episode ends, one tick a second; at zero the next episode opens. Cancel, or
 * playing again, stops it. `next` is undefined where nothing should follow (the mini-player).
 */
export function useUpNext(video: ElementRef<HTMLVideoElement>, next: Episode | undefined, onOpen: (episodeId: string) => void): { countdown?: number; cancel(): void } {
  const [countdown, setCountdown] = useState<number>();
  useMediaEvents(video, () => [
    ['play', () => setCountdown(undefined)],
    ['ended', () => setCountdown(UP_NEXT_SECONDS)],
  ]);
  const shown = next ? countdown : undefined;
  useEffect(() => {
    if (shown === undefined || !next) return;
    if (shown <= 0) return onOpen(next.id);
    const timer = setTimeout(() => setCountdown(shown - 1), 1000);
    return () => clearTimeout(timer);
  }, [shown]);
  return { countdown: shown, cancel: () => setCountdown(undefined) };
}

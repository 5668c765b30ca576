import { useLayoutEffect, useState } from 'preact/hooks';

/** A ref to an element the player renders (set once it is mounted). */
export interface ElementRef<T> {
  readonly current: T | null;
}

/** Adds listeners to the element for as long as the component is mounted (before it can report anything). */
export function useMediaEvents(video: ElementRef<HTMLVideoElement>, listeners: (element: HTMLVideoElement) => [string, () => void][]): void {
  // A layout effect: from the cache, metadata can arrive before a passive effect would run.
  useLayoutEffect(() => {
    const element = video.current;
    if (!element) return;
    const added = listeners(element);
    for (const [type, listener] of added) element.addEventListener(type, listener);
    return () => {
      for (const [type, listener] of added) element.removeEventListener(type, listener);
    };
  }, []);
}

/** A value read from the element again on each of `events`: what a control shows. */
export function useMediaValue<T>(video: ElementRef<HTMLVideoElement>, events: readonly string[], read: (element: HTMLVideoElement) => T, initial: T): T {
  const [value, setValue] = useState(initial);
  useMediaEvents(video, (element) => {
    setValue(read(element));
    return events.map((type) => [type, () => setValue(read(element))]);
  });
  return value;
}

export const PLAY_STATE_EVENTS = ['play', 'pause', 'ended', 'emptied'] as const;

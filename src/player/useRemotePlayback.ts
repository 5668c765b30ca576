import { useEffect, useState } from 'preact/hooks';
import type { ElementRef } from './useMedia.ts';

/**
 * Whether a cast device is there (Remote Playback API). Without one, or without the API, the
 * Cast button is not shown at all: a button that can only fail is noise on a phone.
 */
export function useRemoteAvailable(video: ElementRef<HTMLVideoElement>): boolean {
  const [available, setAvailable] = useState(false);
  useEffect(() => {
    const remote = video.current?.remote;
    if (!remote || typeof remote.watchAvailability !== 'function') return;
    let watching: number | undefined;
    let gone = false;
    remote
      .watchAvailability((yes) => setAvailable(yes))
      .then((id) => {
        watching = id;
        if (gone) void remote.cancelWatchAvailability(id).catch(() => {});
      })
      .catch(() => setAvailable(false)); // NotSupportedError: this element or browser cannot cast
    return () => {
      gone = true;
      if (watching !== undefined) void remote.cancelWatchAvailability(watching).catch(() => {});
    };
  }, []);
  return available;
}

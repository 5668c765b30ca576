import { createPlaybackProbe, type PlaybackProbe } from './core/playableSources.ts';

let shared: PlaybackProbe | undefined;

/** The page's probe: one for the app, so its answers are kept across episodes and views. */
export function browserPlaybackProbe(): PlaybackProbe {
  let element: HTMLVideoElement | undefined;
  return (shared ??= createPlaybackProbe({
    ...('mediaCapabilities' in navigator ? { mediaCapabilities: navigator.mediaCapabilities } : {}),
    canPlayType: (type) => (element ??= document.createElement('video')).canPlayType(type),
  }));
}

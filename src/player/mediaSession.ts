import type { Episode } from '../core/catalog.ts';

export interface MediaSessionActions {
  seekBy(seconds: number): void;
  seekTo(seconds: number): void;
  previous?: () => void;
  next?: () => void;
  stop(): void;
}

/**
 * The lock screen, notification shade and headset buttons: what is playing (title, show,
 * artwork — served from the cache offline by the worker's image route), whether it plays, where
 * it is, and what its buttons do. Returns a function that hands the session back.
 */
export function connectMediaSession(video: HTMLVideoElement, episode: Episode, show: string, actions: MediaSessionActions): () => void {
  const session = navigator.mediaSession as MediaSession | undefined;
  if (!session || typeof MediaMetadata === 'undefined') return () => {};
  session.metadata = new MediaMetadata({
    title: episode.title,
    artist: show,
    album: show,
    artwork: episode.artworkUrl ? [{ src: episode.artworkUrl, sizes: '426x240', type: 'image/jpeg' }] : [],
  });
  const handlers: [MediaSessionAction, MediaSessionActionHandler | null][] = [
    ['play', () => void video.play()],
    ['pause', () => video.pause()],
    ['seekbackward', (details) => actions.seekBy(-(details.seekOffset ?? 10))],
    ['seekforward', (details) => actions.seekBy(details.seekOffset ?? 30)],
    ['seekto', (details) => details.seekTime !== undefined && actions.seekTo(details.seekTime)],
    ['previoustrack', actions.previous ? () => actions.previous?.() : null],
    ['nexttrack', actions.next ? () => actions.next?.() : null],
    ['stop', () => actions.stop()],
  ];
  for (const [action, handler] of handlers) setHandler(session, action, handler);

  const playbackState = () => (session.playbackState = video.paused ? 'paused' : 'playing');
  const positionState = () => {
    if (!Number.isFinite(video.duration) || video.duration <= 0) return;
    session.setPositionState?.({
      duration: video.duration,
      position: Math.min(video.currentTime, video.duration),
      playbackRate: video.playbackRate || 1,
    });
  };
  const events: [string, () => void][] = [
    ['play', playbackState],
    ['pause', playbackState],
    ['playing', positionState],
    ['pause', positionState],
    ['seeked', positionState],
    ['ratechange', positionState],
    ['loadedmetadata', positionState],
  ];
  for (const [type, listener] of events) video.addEventListener(type, listener);
  return () => {
    for (const [type, listener] of events) video.removeEventListener(type, listener);
    for (const [action] of handlers) setHandler(session, action, null);
    session.metadata = null;
    session.playbackState = 'none';
  };
}

/** A browser that does not know an action throws; the others still work. */
function setHandler(session: MediaSession, action: MediaSessionAction, handler: MediaSessionActionHandler | null): void {
  try {
    session.setActionHandler(action, handler);
  } catch {
    // Not supported here.
  }
}

import { useLayoutEffect } from 'preact/hooks';
import type { MountedPlayer } from './heldPlayer.ts';
import { createPositionSaver, type PlayheadSnapshot } from './positionSaver.ts';
import { useMediaEvents, type ElementRef } from './useMedia.ts';

/**
 * Starts playing, from the saved position if there is one. Refused without a user gesture (a
 * reload): then the viewer presses Play.
 */
export function useStartAt(video: ElementRef<HTMLVideoElement>, startAt: number): void {
  const begin = (element: HTMLVideoElement) => {
    if (startAt > 0 && startAt < element.duration) element.currentTime = startAt;
    void element.play().catch(() => {});
  };
  useMediaEvents(video, (element) => {
    // The first metadata only: a later one is another source's (Quality), which restores its own position.
    let first = true;
    return [['loadedmetadata', () => {
      if (first && startAt > 0) begin(element);
      first = false;
    }]];
  });
  // From the start, playing is asked for at once. To resume, the seek comes first, once the
  // metadata is in (Chromium does not keep a currentTime set before it: playback began at 0:00).
  useLayoutEffect(() => {
    const element = video.current;
    if (element && (startAt === 0 || element.readyState >= HTMLMediaElement.HAVE_METADATA)) begin(element);
  }, []);
}

/** Saves the position on the schedule of positionSaver.ts, and once more when the player goes. */
export function usePositionSaving(video: ElementRef<HTMLVideoElement>, onPosition: (snapshot: PlayheadSnapshot) => void): void {
  useLayoutEffect(() => {
    const element = video.current;
    if (!element) return;
    const snapshot = (): PlayheadSnapshot | undefined =>
      Number.isFinite(element.duration) && element.duration > 0
        ? { positionSeconds: element.currentTime, durationSeconds: element.duration, ended: element.ended }
        : undefined;
    const saver = createPositionSaver(onPosition, Date.now);
    const saveNow = () => {
      const current = snapshot();
      if (current) saver.now(current);
    };
    const whilePlaying = () => {
      const current = snapshot();
      if (current && !element.paused && !element.seeking) saver.playing(current);
    };
    const hidden = () => document.visibilityState === 'hidden' && saveNow();
    const listeners: [string, () => void][] = [
      ['timeupdate', whilePlaying],
      ['pause', saveNow],
      ['seeked', saveNow],
      ['ended', saveNow],
    ];
    for (const [type, listener] of listeners) element.addEventListener(type, listener);
    document.addEventListener('visibilitychange', hidden);
    return () => {
      saveNow(); // closing the player, or moving to another episode
      for (const [type, listener] of listeners) element.removeEventListener(type, listener);
      document.removeEventListener('visibilitychange', hidden);
    };
  }, []);
}

/**
 * Lets the app ask whether this player is playing at the moment its route closes (the
 * mini-player keeps it then; asked, not told: a pause's event may come after the route change),
 * and start it over on the same element (Play from start on the episode it holds).
 */
export function usePlayingProbe(video: ElementRef<HTMLVideoElement>, register: ((player: MountedPlayer) => () => void) | undefined): void {
  useLayoutEffect(() => {
    const element = video.current;
    return element && register
      ? register({
          isPlaying: () => !element.paused,
          restart: () => {
            element.currentTime = 0;
            void element.play().catch(() => undefined);
          },
        })
      : undefined;
  }, []);
}

/**
 * Ends the element's download when the player goes: a removed element keeps streaming until it
 * is collected (the viewer's data, and the connections the next episode needs). Declared last,
 * so it runs after the last position is saved.
 */
export function useReleaseOnClose(video: ElementRef<HTMLVideoElement>): void {
  useLayoutEffect(() => {
    const element = video.current;
    return () => {
      if (!element) return;
      if (document.pictureInPictureElement === element) void document.exitPictureInPicture().catch(() => {});
      element.removeAttribute('src');
      element.load();
    };
  }, []);
}

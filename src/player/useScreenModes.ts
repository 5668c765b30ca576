import { useEffect, useState } from 'preact/hooks';
import { useMediaEvents, type ElementRef } from './useMedia.ts';

/** Full screen on the stage (controls and captions with it), and picture-in-picture: whether each is on, and its toggle. */
export function useScreenModes(video: ElementRef<HTMLVideoElement>, stage: ElementRef<HTMLElement>) {
  const [fullscreen, setFullscreen] = useState(false);
  const [pictureInPicture, setPictureInPicture] = useState(false);
  useMediaEvents(video, () => [
    ['enterpictureinpicture', () => setPictureInPicture(true)],
    ['leavepictureinpicture', () => setPictureInPicture(false)],
  ]);
  useEffect(() => {
    const changed = () => {
      const on = document.fullscreenElement !== null && document.fullscreenElement === stage.current;
      setFullscreen(on);
      if (!document.fullscreenElement) screen.orientation?.unlock?.();
    };
    document.addEventListener('fullscreenchange', changed);
    return () => document.removeEventListener('fullscreenchange', changed);
  }, []);
  const toggleFullscreen = async () => {
    if (document.fullscreenElement) return void (await document.exitFullscreen());
    await stage.current?.requestFullscreen();
    // A phone turns to landscape for a video; a desktop (or a browser that refuses) stays as it is.
    await screen.orientation?.lock?.('landscape').catch(() => {});
  };
  const togglePictureInPicture = async () => {
    if (document.pictureInPictureElement) await document.exitPictureInPicture();
    else await video.current?.requestPictureInPicture();
  };
  return {
    fullscreen,
    pictureInPicture,
    toggleFullscreen: () => void toggleFullscreen().catch(() => {}),
    togglePictureInPicture: () => void togglePictureInPicture().catch(() => {}),
  };
}

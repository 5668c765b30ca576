import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { PlaybackPreferences } from '../core/playback.ts';
import { useMediaEvents, type ElementRef } from './useMedia.ts';
import { t } from '../i18n/translate.ts';

/**
 * The speed: applied from the first frame (a new source resets playbackRate to the default), and
 * remembered whenever it changes, from the sheet, a key or the browser.
 */
export function useRate(video: ElementRef<HTMLVideoElement>, preferences: PlaybackPreferences, remember: (next: PlaybackPreferences) => void, announce: (text: string) => void): void {
  const latest = useRef(preferences);
  latest.current = preferences;
  useLayoutEffect(() => {
    const element = video.current;
    if (!element) return;
    element.defaultPlaybackRate = preferences.rate;
    element.playbackRate = preferences.rate;
  }, []);
  useMediaEvents(video, (element) => [
    ['ratechange', () => {
      const rate = element.playbackRate;
      if (rate !== latest.current.rate && rate > 0) {
        remember({ ...latest.current, rate });
        announce(t('player.speedIs', { rate }));
      }
    }],
  ]);
}

/** Sets the speed; `ratechange` remembers it. */
export function setRate(element: HTMLVideoElement | null, rate: number): void {
  if (!element) return;
  element.defaultPlaybackRate = rate;
  element.playbackRate = rate;
}

/**
 * Captions: the chosen language shows, every other track is off (an off track loads nothing).
 * Applied again once the media has loaded: Chromium picks tracks by itself at that point.
 */
export function useCaptionTracks(video: ElementRef<HTMLVideoElement>, language: string | undefined): void {
  const latest = useRef(language);
  latest.current = language;
  const apply = () => {
    const tracks = video.current?.textTracks;
    if (!tracks) return;
    for (const track of Array.from(tracks)) track.mode = track.language === latest.current ? 'showing' : 'disabled';
  };
  useMediaEvents(video, () => [
    ['loadedmetadata', apply],
    ['loadeddata', apply],
  ]);
  useEffect(apply, [language]);
}

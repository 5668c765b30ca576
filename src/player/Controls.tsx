import { Cast, Keyboard, Maximize, Minimize, Pause, PictureInPicture2, Play, RotateCcw, RotateCw, Settings, X } from 'lucide';
import { Icon } from '../ui/Icon.tsx';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ControlsVisibility } from './controlsVisibility.ts';
import { BACK_SECONDS, createTapDetector, doubleTapSeek, FORWARD_SECONDS } from './gestures.ts';
import { Timeline } from './Timeline.tsx';
import { t } from '../i18n/translate.ts';
import type { ElementRef } from './useMedia.ts';

export interface ControlsProps {
  video: ElementRef<HTMLVideoElement>;
  paused: boolean;
  visible: boolean;
  controls: ControlsVisibility;
  downloaded: boolean;
  fullscreen: boolean;
  pictureInPicture: boolean;
  castAvailable: boolean;
  onTogglePlay(): void;
  onSeekBy(seconds: number): void;
  onSeekTo(seconds: number): void;
  onSettings(): void;
  onShortcuts(): void;
  onFullscreen(): void;
  onPictureInPicture(): void;
  onCast(): void;
  onClose(): void;
}

/** Everything drawn on the picture: the tap and double-tap layer, and the controls over it. */
export function Controls(props: ControlsProps) {
  const { paused, visible, controls } = props;
  return (
    <>
      <Gestures controls={controls} onTogglePlay={props.onTogglePlay} onSeekBy={props.onSeekBy} />
      <div
        class={visible ? 'controls-layer shown' : 'controls-layer'}
        onPointerDown={() => controls.show()}
        // Keyboard focus among the controls keeps them: a focused control must not vanish.
        onFocusIn={(event) => (event.target as Element).matches(':focus-visible') && controls.hold('keyboard', true)}
        onFocusOut={() => controls.hold('keyboard', false)}
      >
        <div class="top-bar">
          <button type="button" class="icon" aria-label={t('player.close')} onClick={props.onClose}>
            <Icon icon={X} size={24} />
          </button>
          <span class="spacer" />
          {props.castAvailable && (
            <button type="button" class="icon" aria-label={t('player.cast')} onClick={props.onCast}>
              <Icon icon={Cast} size={24} />
            </button>
          )}
          <button type="button" class="icon keys-button" aria-label={t('player.shortcuts')} onClick={props.onShortcuts}>
            <Icon icon={Keyboard} size={24} />
          </button>
          <button type="button" class="icon" aria-label={t('player.settings')} onClick={props.onSettings}>
            <Icon icon={Settings} size={24} />
          </button>
        </div>
        <div class="centre">
          <button type="button" class="icon seek" aria-label={t('player.skip', { direction: 'back', seconds: BACK_SECONDS })} onClick={() => props.onSeekBy(-BACK_SECONDS)}>
            <Icon icon={RotateCcw} size={24} />
            <span class="amount">{BACK_SECONDS}</span>
          </button>
          <button type="button" class="icon play" aria-label={paused ? t('common.play') : t('common.pause')} onClick={props.onTogglePlay}>
            {paused ? <Icon icon={Play} size={24} /> : <Icon icon={Pause} size={24} />}
          </button>
          <button type="button" class="icon seek" aria-label={t('player.skip', { direction: 'forward', seconds: FORWARD_SECONDS })} onClick={() => props.onSeekBy(FORWARD_SECONDS)}>
            <Icon icon={RotateCw} size={24} />
            <span class="amount">{FORWARD_SECONDS}</span>
          </button>
        </div>
        <div class="bottom-bar">
          <Timeline video={props.video} downloaded={props.downloaded} onDragging={(on) => controls.hold('scrubbing', on)} onSeek={props.onSeekTo} />
          {document.pictureInPictureEnabled && (
            <button type="button" class="icon" aria-label={t('player.pictureInPicture')} aria-pressed={props.pictureInPicture} onClick={props.onPictureInPicture}>
              <Icon icon={PictureInPicture2} size={24} />
            </button>
          )}
          {document.fullscreenEnabled && (
            <button type="button" class="icon" aria-label={t('player.fullScreen')} aria-pressed={props.fullscreen} onClick={props.onFullscreen}>
              {props.fullscreen ? <Icon icon={Minimize} size={24} /> : <Icon icon={Maximize} size={24} />}
            </button>
          )}
        </div>
      </div>
    </>
  );
}

interface Ripple {
  side: 'back' | 'forward';
  seconds: number;
  id: number;
}

/** How long a double tap's ripple and its total stay on the picture. */
const RIPPLE_MS = 700;

/**
 * Taps on the picture: one shows or hides the controls, two seek on the left or right third (or
 * play/pause in the middle) with a ripple that adds up while the viewer keeps tapping.
 */
function Gestures({ controls, onTogglePlay, onSeekBy }: { controls: ControlsVisibility; onTogglePlay(): void; onSeekBy(seconds: number): void }) {
  const detect = useMemo(() => createTapDetector(() => performance.now()), []);
  const doubles = useRef(0);
  const [ripple, setRipple] = useState<Ripple>();
  useEffect(() => {
    if (!ripple) return;
    const timer = setTimeout(() => setRipple(undefined), RIPPLE_MS);
    return () => clearTimeout(timer);
  }, [ripple?.id]);
  const tap = (event: MouseEvent) => {
    if (detect() === 'single') {
      doubles.current = 0;
      return controls.toggle();
    }
    // The first tap of the pair showed or hid the controls: a double tap leaves them as they were.
    if (doubles.current++ === 0) controls.toggle();
    const area = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const action = doubleTapSeek(event.clientX - area.left, area.width);
    if (action === 'toggle-play') return onTogglePlay();
    onSeekBy(action.seek);
    const side = action.seek < 0 ? 'back' : 'forward';
    setRipple((last) => ({
      side,
      seconds: (last?.side === side ? last.seconds : 0) + Math.abs(action.seek),
      id: (last?.id ?? 0) + 1,
    }));
  };
  return (
    <>
      <div class="gestures" onClick={tap} onPointerMove={(event) => event.pointerType === 'mouse' && controls.show()} />
      {ripple && (
        <div key={ripple.id} class={`ripple ${ripple.side}`} aria-hidden="true">
          <span>{t(ripple.side === 'back' ? 'player.rippleBack' : 'player.rippleForward', { seconds: ripple.seconds })}</span>
        </div>
      )}
    </>
  );
}

/** How long the controls stay on the picture after the last touch while the episode plays. */
export const HIDE_CONTROLS_MS = 3000;

export interface Timers {
  set(callback: () => void, ms: number): number;
  clear(id: number): void;
}

export interface ControlsVisibility {
  readonly visible: boolean;
  /** A touch, a pointer move or a key: show them, and start the 3 s again. */
  show(): void;
  /** A single tap on the picture: shown ones hide, hidden ones show. */
  toggle(): void;
  setPlaying(playing: boolean): void;
  /** While a sheet is open, the scrubber is dragged or a key moves focus among them: never hidden. */
  hold(reason: string, on: boolean): void;
}

/**
 * When the controls over the picture show: always while paused or held, and while playing until
 * HIDE_CONTROLS_MS after the last interaction. Timers are injected so tests drive the clock.
 */
export function createControlsVisibility(onChange: (visible: boolean) => void, timers: Timers, hideAfterMs = HIDE_CONTROLS_MS): ControlsVisibility {
  let visible = true;
  let playing = false;
  const holds = new Set<string>();
  let timer: number | undefined;
  const set = (next: boolean) => {
    if (next === visible) return;
    visible = next;
    onChange(next);
  };
  const restart = () => {
    if (timer !== undefined) timers.clear(timer);
    timer = undefined;
    if (playing && holds.size === 0 && visible) timer = timers.set(() => {
      timer = undefined;
      set(false);
    }, hideAfterMs);
  };
  return {
    get visible() {
      return visible;
    },
    show() {
      set(true);
      restart();
    },
    toggle() {
      // Paused or held, a tap has nothing to hide.
      set(!visible || !playing || holds.size > 0);
      restart();
    },
    setPlaying(next) {
      playing = next;
      if (!next) set(true);
      restart();
    },
    hold(reason, on) {
      if (on) {
        holds.add(reason);
        set(true);
      } else holds.delete(reason);
      restart();
    },
  };
}

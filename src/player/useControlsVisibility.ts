import { useEffect, useRef, useState } from 'preact/hooks';
import { createControlsVisibility, type ControlsVisibility } from './controlsVisibility.ts';

const browserTimers = {
  set: (callback: () => void, ms: number) => window.setTimeout(callback, ms),
  clear: (id: number) => window.clearTimeout(id),
};

/** The controls over the picture: shown, and what shows or hides them (controlsVisibility.ts decides). */
export function useControlsVisibility(playing: boolean): { visible: boolean; controls: ControlsVisibility } {
  const [visible, setVisible] = useState(true);
  const controls = useRef<ControlsVisibility>();
  controls.current ??= createControlsVisibility(setVisible, browserTimers);
  useEffect(() => controls.current?.setPlaying(playing), [playing]);
  useEffect(() => () => controls.current?.hold('unmounted', true), []); // no timer left behind
  return { visible, controls: controls.current };
}

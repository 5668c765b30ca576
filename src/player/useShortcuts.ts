import { useEffect, useRef } from 'preact/hooks';
import { commandFor, focusKindOf, type PlayerCommand } from './keyboard.ts';

/** The player's keys (keyboard.ts decides which), while `enabled`: not in the mini-player, whose page has keys of its own. */
export function useShortcuts(enabled: boolean, run: (command: PlayerCommand) => void): void {
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => {
    if (!enabled) return;
    const keys = (event: KeyboardEvent) => {
      const command = commandFor(event, focusKindOf(event.target));
      if (!command) return;
      event.preventDefault();
      latest.current(command);
    };
    document.addEventListener('keydown', keys);
    return () => document.removeEventListener('keydown', keys);
  }, [enabled]);
}

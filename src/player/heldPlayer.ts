import { useRef, useState } from 'preact/hooks';

/**
 * The episode the app keeps a player mounted for: the route's; once its route closes, the same
 * one if it is playing then (the mini-player), until the bar is closed or another opens.
 */
export function heldEpisode(held: string | undefined, route: string | undefined, previousRoute: string | undefined, playing: boolean): string | undefined {
  if (route !== undefined) return route;
  if (previousRoute !== undefined) return playing ? previousRoute : undefined;
  return held;
}

export interface HeldPlayer {
  id?: string;
  /** Held with no route of its own: the bar at the bottom. */
  mini: boolean;
  /** The mounted player says how to ask it whether it plays; returns its unregistering. */
  register(isPlaying: () => boolean): () => void;
  release(): void;
}

/** In the entry (App decides what stays mounted), so kept small; `mayKeep` false: closing lets it go (a reload is due). */
export function useHeldPlayer(route: string | undefined, mayKeep: boolean): HeldPlayer {
  const state = useRef<{ held?: string; route?: string; isPlaying?: () => boolean }>({ held: route, route }).current;
  const [, rerender] = useState(0);
  if (state.route !== route) {
    state.held = heldEpisode(state.held, route, state.route, mayKeep && !!state.isPlaying?.());
    state.route = route;
  }
  return {
    id: state.held,
    mini: route === undefined && state.held !== undefined,
    register: (isPlaying) => {
      state.isPlaying = isPlaying;
      return () => state.isPlaying === isPlaying && (state.isPlaying = undefined);
    },
    release: () => {
      state.held = undefined;
      rerender((n) => n + 1);
    },
  };
}

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

/** What the mounted player lets the app ask of it. */
export interface MountedPlayer {
  isPlaying(): boolean;
  /** Play from the beginning, on the same element (Play from start on the held episode). */
  restart(): void;
}

export interface HeldPlayer {
  id?: string;
  /** Held with no route of its own: the bar at the bottom. */
  mini: boolean;
  /** The mounted player says how to ask it whether it plays; returns its unregistering. */
  register(player: MountedPlayer): () => void;
  /** Play from start on the held episode: the mounted player goes back to 0. */
  restart(): void;
  release(): void;
}

/** In the entry (App decides what stays mounted), so kept small; `mayKeep` false: closing lets it go (a reload is due). */
export function useHeldPlayer(route: string | undefined, mayKeep: boolean): HeldPlayer {
  const state = useRef<{ held?: string; route?: string; mounted?: MountedPlayer }>({ held: route, route }).current;
  const [, rerender] = useState(0);
  if (state.route !== route) {
    state.held = heldEpisode(state.held, route, state.route, mayKeep && !!state.mounted?.isPlaying());
    state.route = route;
  }
  return {
    id: state.held,
    mini: route === undefined && state.held !== undefined,
    register: (mounted) => {
      state.mounted = mounted;
      return () => state.mounted === mounted && (state.mounted = undefined);
    },
    restart: () => state.mounted?.restart(),
    release: () => {
      state.held = undefined;
      rerender((n) => n + 1);
    },
  };
}

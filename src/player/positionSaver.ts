/**
 * When the player writes the viewer's position: at once on pause, seek, ended and page hidden
 * (the moments a viewer expects it kept), and at most every INTERVAL_MS while playing — never
 * once per `timeupdate` (four a second). Nothing is written when nothing moved.
 */
export const SAVE_INTERVAL_MS = 5000;

export interface PlayheadSnapshot {
  positionSeconds: number;
  durationSeconds: number;
  ended: boolean;
}

export interface PositionSaver {
  /** While playing (`timeupdate`): saves if the last save is INTERVAL_MS old. */
  playing(snapshot: PlayheadSnapshot): void;
  /** Pause, seeked, ended, page hidden, player closed: saves now. */
  now(snapshot: PlayheadSnapshot): void;
}

export function createPositionSaver(save: (snapshot: PlayheadSnapshot) => void, clock: () => number): PositionSaver {
  let savedAt = -Infinity;
  let saved: PlayheadSnapshot | undefined;
  const write = (snapshot: PlayheadSnapshot) => {
    savedAt = clock();
    if (
      saved &&
      Math.abs(saved.positionSeconds - snapshot.positionSeconds) < 0.25 &&
      saved.ended === snapshot.ended &&
      saved.durationSeconds === snapshot.durationSeconds
    ) {
      return;
    }
    saved = snapshot;
    save(snapshot);
  };
  return {
    playing(snapshot) {
      if (clock() - savedAt >= SAVE_INTERVAL_MS) write(snapshot);
    },
    now: write,
  };
}

import { useEffect, useState } from 'preact/hooks';
import { ArrowDownToLine, Check, RotateCcw, X, type IconNode } from 'lucide';
import { loadChunk } from '../lazyChunk.ts';
import { Icon } from './Icon.tsx';
import type { ControlKind, ControlState } from './downloadControl.ts';

/** The glyphs of the states a library opens in; the others (stateGlyphs.ts) load the first time one shows. */
const FIRST_GLYPHS: Partial<Record<ControlKind, IconNode>> = { download: ArrowDownToLine, starting: X, downloading: X, failed: RotateCcw, downloaded: Check };
let laterGlyphs: Partial<Record<ControlKind, IconNode>> | undefined;

// The ring is drawn in a 48-unit box: radius 21 leaves room for its 3-unit stroke.
const RADIUS = 21;
const CIRCUMFERENCE = 2 * Math.PI * RADIUS;

/** The ring and its icon: how far the download is, and what it is doing, at a glance. */
function RingIcon({ control }: { control: ControlState }) {
  const filled = control.kind === 'downloaded' ? 1 : (control.fraction ?? 0);
  const glyph = FIRST_GLYPHS[control.kind] ?? laterGlyphs?.[control.kind];
  // A chunk of its own (the first screen's budget: README, Performance, P4): the ring and the
  // words show at once, the glyph a moment later (the worker precaches it).
  const [, setLoaded] = useState(false);
  useEffect(() => {
    if (!glyph) void loadChunk(() => import('./stateGlyphs.ts')).then((module) => setLoaded(Boolean((laterGlyphs = module.LATER_GLYPHS))));
  }, [glyph]);
  return (
    <span class="ring-icon" aria-hidden="true">
      <svg viewBox="0 0 48 48" class="ring">
        <circle class="track" cx="24" cy="24" r={RADIUS} />
        {filled > 0 && (
          <circle class="fill" cx="24" cy="24" r={RADIUS} stroke-dasharray={CIRCUMFERENCE} stroke-dashoffset={CIRCUMFERENCE * (1 - filled)} transform="rotate(-90 24 24)" />
        )}
      </svg>
      {glyph && <Icon icon={glyph} class="glyph" size={20} strokeWidth={2.5} />}
    </span>
  );
}

interface Props {
  control: ControlState;
  /** The button's accessible name: its action in words ("Download", "Cancel", "Retry"). */
  name: string;
  onPress(): void;
}

/**
 * The card's one download control, where native apps put it. A button while it has an action
 * (Download, Cancel, Retry); once downloaded, a check that is a picture, not a button (Delete is a
 * button of its own: a check that deletes when pressed would surprise).
 */
export function DownloadButton({ control, name, onPress }: Props) {
  if (!control.action) {
    return (
      <span class={`download-control ${control.kind}`}>
        <RingIcon control={control} />
      </span>
    );
  }
  return (
    // Keyed by action: Preact must never turn a Download button into Cancel under a finger that presses it.
    <button key={control.action} type="button" class={`download-control ${control.kind}`} aria-label={name} title={name} onClick={onPress}>
      <RingIcon control={control} />
    </button>
  );
}

import { ArrowDownToLine, Check, Clock, CloudOff, Lock, RotateCcw, RotateCw, Wifi, X, type IconNode } from 'lucide';
import { Icon } from './Icon.tsx';
import type { ControlKind, ControlState } from './downloadControl.ts';

const ICONS: Record<ControlKind, IconNode> = {
  download: ArrowDownToLine,
  'sign-in': Lock,
  starting: X,
  downloading: X,
  queued: Clock,
  'waiting-for-network': CloudOff,
  'waiting-for-wifi': Wifi,
  retrying: RotateCw,
  failed: RotateCcw,
  downloaded: Check,
};

// The ring is drawn in a 48-unit box: radius 21 leaves room for its 3-unit stroke.
const RADIUS = 21;
const CIRCUMFERENCE = 2 * Math.PI * RADIUS;

/** The ring and its icon: how far the download is, and what it is doing, at a glance. */
function RingIcon({ control }: { control: ControlState }) {
  const filled = control.kind === 'downloaded' ? 1 : (control.fraction ?? 0);
  return (
    <span class="ring-icon" aria-hidden="true">
      <svg viewBox="0 0 48 48" class="ring">
        <circle class="track" cx="24" cy="24" r={RADIUS} />
        {filled > 0 && (
          <circle class="fill" cx="24" cy="24" r={RADIUS} stroke-dasharray={CIRCUMFERENCE} stroke-dashoffset={CIRCUMFERENCE * (1 - filled)} transform="rotate(-90 24 24)" />
        )}
      </svg>
      <Icon icon={ICONS[control.kind]} class="glyph" size={20} strokeWidth={2.5} />
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

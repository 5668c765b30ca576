import { Play, X } from 'lucide';
import { Icon } from '../ui/Icon.tsx';
import type { Episode } from '../core/catalog.ts';

/** The card that counts down to the next episode once this one ended. */
export function UpNext({ next, countdown, onPlay, onCancel }: { next: Episode; countdown: number; onPlay(): void; onCancel(): void }) {
  return (
    <div class="up-next" role="group" aria-labelledby="up-next-title">
      <p id="up-next-title">
        Up next: <strong>{next.title}</strong>
      </p>
      <p class="hint" aria-live="off">
        Starts in {countdown} s
      </p>
      <button type="button" class="primary" onClick={onPlay}>
        <Icon icon={Play} size={18} /> Play now
      </button>
      <button type="button" onClick={onCancel}>
        <Icon icon={X} size={18} /> Cancel
      </button>
    </div>
  );
}

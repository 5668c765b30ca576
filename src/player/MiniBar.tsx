import { ChevronUp, Pause, Play, X } from 'lucide-preact';

interface MiniBarProps {
  title: string;
  paused: boolean;
  onTogglePlay(): void;
  onExpand(): void;
  onClose(): void;
}

/** The mini-player's bar beside the picture: the title opens the player again; play/pause; close stops it. */
export function MiniBar({ title, paused, onTogglePlay, onExpand, onClose }: MiniBarProps) {
  return (
    <div class="mini-bar">
      <button type="button" class="mini-open" aria-label={`Open player: ${title}`} onClick={onExpand}>
        <span class="mini-title">{title}</span>
        <ChevronUp aria-hidden="true" />
      </button>
      <button type="button" class="icon" aria-label={paused ? 'Play' : 'Pause'} onClick={onTogglePlay}>
        {paused ? <Play aria-hidden="true" /> : <Pause aria-hidden="true" />}
      </button>
      <button type="button" class="icon" aria-label="Close player" onClick={onClose}>
        <X aria-hidden="true" />
      </button>
    </div>
  );
}

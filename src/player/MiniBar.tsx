import { ChevronUp, Pause, Play, X } from 'lucide';
import { Icon } from '../ui/Icon.tsx';
import { t } from '../i18n/translate.ts';

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
      <button type="button" class="mini-open" aria-label={t('player.open', { title })} onClick={onExpand}>
        <span class="mini-title" dir="auto">
          {title}
        </span>
        <Icon icon={ChevronUp} size={24} />
      </button>
      <button type="button" class="icon" aria-label={paused ? t('common.play') : t('common.pause')} onClick={onTogglePlay}>
        {paused ? <Icon icon={Play} size={24} /> : <Icon icon={Pause} size={24} />}
      </button>
      <button type="button" class="icon" aria-label={t('player.close')} onClick={onClose}>
        <Icon icon={X} size={24} />
      </button>
    </div>
  );
}

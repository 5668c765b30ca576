import { Play, X } from 'lucide';
import { Icon } from '../ui/Icon.tsx';
import type { Episode } from '../core/catalog.ts';
import { t } from '../i18n/translate.ts';

/** The card that counts down to the next episode once this one ended. */
export function UpNext({ next, countdown, onPlay, onCancel }: { next: Episode; countdown: number; onPlay(): void; onCancel(): void }) {
  return (
    <div class="up-next" role="group" aria-labelledby="up-next-title">
      <p id="up-next-title">
        {t('player.upNext')} <strong dir="auto">{next.title}</strong>
      </p>
      <p class="hint" aria-live="off">
        {t('player.startsIn', { seconds: countdown })}
      </p>
      <button type="button" class="primary" onClick={onPlay}>
        <Icon icon={Play} size={18} /> {t('player.playNow')}
      </button>
      <button type="button" onClick={onCancel}>
        <Icon icon={X} size={18} /> {t('common.cancel')}
      </button>
    </div>
  );
}

import { X } from 'lucide';
import { Icon } from '../ui/Icon.tsx';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Caption } from '../core/catalog.ts';
import { SHORTCUTS } from './keyboard.ts';
import { PLAYBACK_RATES } from './preferences.ts';
import { sourceName, type Sources } from './useSources.ts';
import { t } from '../i18n/translate.ts';
import type { MessageId } from '../i18n/types.ts';

interface SheetProps {
  id: string;
  title: string;
  /** The close button's name ("Close settings"): its own message, as case and word order vary by language. */
  closeLabel: string;
  open: boolean;
  onClose(): void;
  children: ComponentChildren;
}

/**
 * A modal <dialog> rising from the bottom: the top layer, so it shows over full screen too;
 * Escape, Close and a tap beside it close it, and focus returns to what opened it.
 */
function Sheet({ id, title, closeLabel, open, onClose, children }: SheetProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog
      ref={dialog}
      class="sheet"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      // The dialog itself is hit only beside its content: the backdrop.
      onClick={(event) => event.target === event.currentTarget && event.currentTarget.close()}
    >
      <div class="sheet-body">
        <div class="sheet-head">
          <h3 id={`${id}-title`}>{title}</h3>
          <button type="button" class="icon" aria-label={closeLabel} onClick={() => dialog.current?.close()}>
            <Icon icon={X} size={24} />
          </button>
        </div>
        {children}
      </div>
    </dialog>
  );
}

interface SettingsProps {
  open: boolean;
  onClose(): void;
  rate: number;
  onRate(rate: number): void;
  captions: readonly Caption[];
  captionsLanguage: string | undefined;
  onCaptions(language: string | undefined): void;
  sources: Sources;
  /** The source's URL, or '' for Auto. */
  quality: string;
  onQuality(url: string): void;
}

/** Speed, captions and quality: one sheet rather than menus always on screen. A download offers only what it stored. */
export function SettingsSheet({ open, onClose, rate, onRate, captions, captionsLanguage, onCaptions, sources, quality, onQuality }: SettingsProps) {
  const auto = sources.list.find((source) => source.url === sources.auto);
  return (
    <Sheet id="player-settings" title={t('player.settings')} closeLabel={t('player.closeSettings')} open={open} onClose={onClose}>
      <label class="setting-row">
        {t('player.speed')}
        <select value={String(rate)} onChange={(event) => onRate(Number(event.currentTarget.value))}>
          {PLAYBACK_RATES.map((choice) => (
            <option key={choice} value={String(choice)}>
              {t('player.rate', { rate: choice })}
            </option>
          ))}
        </select>
      </label>
      {captions.length > 0 && (
        <label class="setting-row">
          {t('player.captions')}
          <select value={captionsLanguage ?? ''} onChange={(event) => onCaptions(event.currentTarget.value || undefined)}>
            <option value="">{t('common.off')}</option>
            {captions.map((caption) => (
              <option key={caption.lang} value={caption.lang}>
                {caption.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {sources.list.some(sourceName) && (
        <label class="setting-row">
          {t('player.quality')}
          <select value={quality} onChange={(event) => onQuality(event.currentTarget.value)}>
            {!sources.stored && auto && <option value="">{t('player.qualityAuto', { quality: sourceName(auto) })}</option>}
            {sources.list.map((source) => (
              <option key={source.url} value={source.url}>
                {sourceName(source)}
              </option>
            ))}
          </select>
        </label>
      )}
    </Sheet>
  );
}

/** The keys, opened with ? or the keyboard button (shown only with a fine pointer): never a line of text on a phone. */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  return (
    <Sheet id="player-keys" title={t('player.shortcuts')} closeLabel={t('player.closeShortcuts')} open={open} onClose={onClose}>
      <dl class="shortcuts">
        {SHORTCUTS.map((shortcut) => (
          <div key={shortcut.keys}>
            <dt>{shortcut.keys.startsWith('shortcuts.') ? t(shortcut.keys as MessageId) : shortcut.keys}</dt>
            <dd>{t(shortcut.does)}</dd>
          </div>
        ))}
      </dl>
    </Sheet>
  );
}

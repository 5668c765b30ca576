import type { Episode } from '../core/catalog.ts';
import { formatBytes } from './format.ts';
import { t } from '../i18n/translate.ts';

interface Props {
  episodes: Episode[];
  /** Episode ids in the order the viewer chose them. */
  chosen: string[];
  /** false while nobody is signed in: subscribers' episodes are then left out of the download. */
  signedIn?: boolean;
  onChange(chosen: string[] | undefined): void;
  onDownload(episodes: Episode[]): void;
}

/** Select mode (its own chunk): choose several episodes, see their total, and download them all at once. */
export function SelectBar({ episodes, chosen, signedIn, onChange, onDownload }: Props) {
  const byId = new Map(episodes.map((episode) => [episode.id, episode]));
  const picked = chosen.map((id) => byId.get(id)).filter((episode): episode is Episode => episode !== undefined);
  // Signed out, a subscribers' episode cannot download: it would only fail and ask for a sign-in.
  const leftOut = signedIn === false ? picked.filter((episode) => episode.subscribersOnly) : [];
  const selected = picked.filter((episode) => !leftOut.includes(episode));
  // Episodes whose feed gave no size count as unknown: the total is then a floor.
  const known = selected.reduce((sum, episode) => sum + episode.bytes, 0);
  const total = selected.some((episode) => episode.bytes === 0) ? t('select.atLeast', { size: formatBytes(known) }) : formatBytes(known);
  const all = picked.length === episodes.length && episodes.length > 0;
  return (
    <div class="select-bar" role="group" aria-label={t('select.label')}>
      <label class="setting">
        <input
          type="checkbox"
          checked={all}
          onChange={() => onChange(all ? [] : [...chosen, ...episodes.map((episode) => episode.id).filter((id) => !chosen.includes(id))])}
        />
        {t('select.all')}
      </label>
      <p class="summary" aria-live="polite">
        {selected.length === 0 ? t('select.choose') : t('select.summary', { count: selected.length, total })}
        {leftOut.length > 0 && ` · ${t('select.leftOut', { count: leftOut.length })}`}
      </p>
      <button type="button" class="primary" disabled={selected.length === 0} onClick={() => onDownload(selected)}>
        {t('select.download', { count: selected.length, total })}
      </button>
      <button type="button" onClick={() => onChange(undefined)}>
        {t('common.done')}
      </button>
    </div>
  );
}

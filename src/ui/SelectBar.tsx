import { useEffect, useState } from 'preact/hooks';
import type { Episode } from '../core/catalog.ts';
import type { Housekeeper } from '../downloads/housekeeper.ts';
import { formatBytes } from './format.ts';
import { t } from '../i18n/translate.ts';

interface Props {
  episodes: Episode[];
  /** Episode ids in the order the viewer chose them. */
  chosen: string[];
  /** false while nobody is signed in: subscribers' episodes are then left out of the download. */
  signedIn?: boolean;
  /** Downloads the selection, and knows the size of the rendition each episode takes under the quality setting. */
  housekeeper: Promise<Housekeeper>;
  /** The episode open in this tab's player, which housekeeping never removes to make room. */
  playingHere?: string;
  /** undefined: select mode ends (Done, or the selection started). */
  onChange(chosen: string[] | undefined): void;
}

/** Select mode (its own chunk): choose several episodes, see their total, and download them all at once. */
export function SelectBar({ episodes, chosen, signedIn, housekeeper, playingHere, onChange }: Props) {
  // The sizes of the renditions the setting takes (not the default file's), once they are known.
  const [sizes, setSizes] = useState<ReadonlyMap<string, number>>();
  useEffect(() => {
    let shown = true;
    void housekeeper.then((keeper) => keeper.sizesUnderSetting(episodes)).then((known) => shown && setSizes(known));
    return () => void (shown = false);
  }, [episodes]);
  const bytesOf = (episode: Episode) => sizes?.get(episode.id) ?? episode.bytes;
  const download = async (selected: Episode[]) => {
    if (await (await housekeeper).download(selected, playingHere)) onChange(undefined);
  };
  const byId = new Map(episodes.map((episode) => [episode.id, episode]));
  const picked = chosen.map((id) => byId.get(id)).filter((episode): episode is Episode => episode !== undefined);
  // Signed out, a subscribers' episode cannot download: it would only fail and ask for a sign-in.
  const leftOut = signedIn === false ? picked.filter((episode) => episode.subscribersOnly) : [];
  const selected = picked.filter((episode) => !leftOut.includes(episode));
  // Episodes whose feed gave no size count as unknown: the total is then a floor.
  const known = selected.reduce((sum, episode) => sum + bytesOf(episode), 0);
  const total = selected.some((episode) => bytesOf(episode) === 0) ? t('select.atLeast', { size: formatBytes(known) }) : formatBytes(known);
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
      <button type="button" class="primary" disabled={selected.length === 0} onClick={() => void download(selected)}>
        {t('select.download', { count: selected.length, total })}
      </button>
      <button type="button" onClick={() => onChange(undefined)}>
        {t('common.done')}
      </button>
    </div>
  );
}

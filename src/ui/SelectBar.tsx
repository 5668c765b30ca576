import type { Episode } from '../core/catalog.ts';
import { formatBytes } from './format.ts';

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
  const total = selected.some((episode) => episode.bytes === 0) ? `at least ${formatBytes(known)}` : formatBytes(known);
  const all = picked.length === episodes.length && episodes.length > 0;
  return (
    <div class="select-bar" role="group" aria-label="Select episodes">
      <label class="setting">
        <input
          type="checkbox"
          checked={all}
          onChange={() => onChange(all ? [] : [...chosen, ...episodes.map((episode) => episode.id).filter((id) => !chosen.includes(id))])}
        />
        Select all
      </label>
      <p class="summary" aria-live="polite">
        {selected.length === 0 ? 'Choose episodes to download' : `${selected.length} selected · ${total}`}
        {leftOut.length > 0 &&
          ` · ${leftOut.length} subscriber episode${leftOut.length === 1 ? '' : 's'} left out: sign in to download ${leftOut.length === 1 ? 'it' : 'them'}`}
      </p>
      <button type="button" class="primary" disabled={selected.length === 0} onClick={() => onDownload(selected)}>
        Download {selected.length} episode{selected.length === 1 ? '' : 's'}
        {selected.length > 0 && ` (${total})`}
      </button>
      <button type="button" onClick={() => onChange(undefined)}>
        Done
      </button>
    </div>
  );
}

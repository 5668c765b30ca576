// Whether a card of the library would draw the same: the list redraws only the cards for which
// it would not (EpisodeList). Pure, so the rule is tested where it is made.
import type { EpisodeCardProps } from './EpisodeCard.tsx';

type Fields = Record<string, unknown>;

/**
 * Every prop is the same object or value, but for the two the list builds afresh for each card on
 * each render: the context and the place in the queue, compared field by field. The clock ticks
 * each second while anything downloads; only a running download's card reads it (to tell a stalled
 * download: downloadProgress.ts).
 */
export function sameCard(before: EpisodeCardProps, after: EpisodeCardProps): boolean {
  const readsClock = after.record?.state === 'downloading';
  const a = before as unknown as Fields;
  const b = after as unknown as Fields;
  for (const key in { ...a, ...b }) {
    const x = a[key] as Fields | undefined;
    const y = b[key] as Fields | undefined;
    if (x === y) continue;
    if ((key !== 'context' && key !== 'queuePlace') || !x || !y) return false;
    for (const field in { ...x, ...y }) if (x[field] !== y[field] && (readsClock || field !== 'now')) return false;
  }
  return true;
}

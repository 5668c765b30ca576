import type { Episode } from '../core/catalog.ts';
import { chooseSource, type NetworkHints } from '../core/chooseSource.ts';
import { episodeSources, playableSources } from '../core/playableSources.ts';
import { browserPlaybackProbe } from '../playbackProbe.ts';
import type { Sources } from './useSources.ts';

/**
 * The episode's sources as the player opens (a chunk of its own, loaded with the player's: the
 * choice and the probe are the downloads' too). A download plays its record's URL, what was
 * stored; a stream the source chooseSource picks for the network and the picture's height in
 * device pixels. `{ types }`: nothing here plays, and the types refused.
 */
export async function sourcesFor(episode: Episode, stored: string | undefined, cssHeight: number): Promise<Sources | { types: string[] }> {
  const all = episodeSources(episode);
  if (stored) return { list: all.filter((source) => source.url === stored), auto: stored, stored: true };
  const { sources } = await playableSources(all, browserPlaybackProbe());
  const pick = chooseSource(sources, 'stream', (navigator as Navigator & { connection?: NetworkHints }).connection, { cssHeight, devicePixelRatio });
  if (!pick) return { types: [...new Set(all.map((source) => source.type))] };
  return { list: sources.sort((a, b) => (b.height ?? 0) - (a.height ?? 0)), auto: pick.url };
}

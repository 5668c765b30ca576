import { describe, expect, it } from 'vitest';
import type { Episode } from '../../../src/core/catalog.ts';
import type { DownloadRecord } from '../../../src/core/downloadState.ts';
import type { EpisodeActions, EpisodeCardProps } from '../../../src/ui/EpisodeCard.tsx';
import { sameCard } from '../../../src/ui/sameCard.ts';

const episode = { id: 'e1', title: 'E1' } as Episode;
const actions: EpisodeActions = { download() {}, cancel() {}, remove() {}, play() {} };
const record = { episodeId: 'e1', state: 'downloading' } as DownloadRecord;

/** The props the list builds for a card on each render: a fresh context and queue place each time. */
function card(extra: Partial<EpisodeCardProps> = {}, context: Partial<EpisodeCardProps['context']> = {}): EpisodeCardProps {
  return {
    episode, record, progress: undefined, position: undefined, queuePlace: { position: 2, of: 3 }, actions, highlighted: false,
    context: { now: 1_000, online: true, anotherIsRunning: false, ...context }, ...extra,
  };
}

describe('whether a card of the library draws the same', () => {
  it('is the same when the list only built its context and queue place again', () => {
    expect(sameCard(card(), card())).toBe(true);
  });

  it('differs when its download, progress, place, choice or highlight changed', () => {
    expect(sameCard(card(), card({ record: { ...record, state: 'downloaded' } }))).toBe(false);
    expect(sameCard(card(), card({ progress: { downloadId: 'bf', downloaded: 1, total: 2, changedAt: 0, bytesPerSecond: 0 } }))).toBe(false);
    expect(sameCard(card(), card({ queuePlace: { position: 1, of: 3 } }))).toBe(false);
    expect(sameCard(card(), card({ queuePlace: undefined }))).toBe(false);
    expect(sameCard(card(), card({ chosen: true }))).toBe(false);
    expect(sameCard(card(), card({ highlighted: true }))).toBe(false);
  });

  it('differs when the network, another download or the account changed, or the clock for a running download', () => {
    expect(sameCard(card(), card({}, { now: 2_000 }))).toBe(false);
    expect(sameCard(card(), card({}, { online: false }))).toBe(false);
    expect(sameCard(card(), card({}, { anotherIsRunning: true }))).toBe(false);
    expect(sameCard(card(), card({}, { signedIn: false }))).toBe(false);
  });

  it('is the same when only the clock moved for an episode not downloading (it ticks while others download)', () => {
    const downloaded = { ...record, state: 'downloaded' } as DownloadRecord;
    expect(sameCard(card({ record: downloaded }), card({ record: downloaded }, { now: 2_000 }))).toBe(true);
    expect(sameCard(card({ record: undefined }), card({ record: undefined }, { now: 2_000 }))).toBe(true);
  });

  it('differs when the app handed new actions or a new episode (a catalog refresh)', () => {
    expect(sameCard(card(), card({ actions: { ...actions } }))).toBe(false);
    expect(sameCard(card(), card({ episode: { ...episode } }))).toBe(false);
  });
});

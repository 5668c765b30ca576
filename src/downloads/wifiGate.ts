import { type DownloadEvent, type DownloadRecord, type EpisodeToDownload } from '../core/downloadState.ts';
import { episodeOf } from '../core/downloadRecords.ts';
import type { DownloadEnvironment } from './environment.ts';

export interface WifiGateActions {
  /** Records a pause; true when it was this call that paused it (every open tab tries). */
  pause(record: DownloadRecord, event: DownloadEvent): Promise<boolean>;
  /** Stops the paused attempt's transfer. */
  stop(record: DownloadRecord): Promise<void>;
  /** Starts a waiting episode under a new id. */
  start(episode: EpisodeToDownload): Promise<unknown>;
  /** Whether this waiting attempt is still the episode's (not started since, by this tab or another). */
  stillWaiting(record: DownloadRecord): boolean;
}

export interface WifiGate {
  /** Pauses running downloads, except those this tab is still starting (they pause once started). */
  pauseRunning(records: Iterable<DownloadRecord>, starting: ReadonlySet<string>): Promise<void>;
  /** Starts every waiting download, when the connection allows it. */
  startWaiting(records: Iterable<DownloadRecord>): Promise<void>;
}

/**
 * "Download over mobile data" off: what runs pauses when the connection turns cellular, and what
 * waits starts again on Wi-Fi. Background Fetch cannot pause, so a paused attempt is retired (the
 * record waits under a new id) and aborted; it starts afresh on Wi-Fi. Only an open page sees the
 * connection change: with the browser closed, a download goes on.
 */
export function createWifiGate(
  env: Pick<DownloadEnvironment, 'newId' | 'now'>,
  mustWaitForWifi: () => boolean,
  actions: WifiGateActions,
): WifiGate {
  // Every refresh asks for what waits to start: one start per episode, however many overlap.
  const resuming = new Set<string>();
  return {
    async pauseRunning(records, starting) {
      if (!mustWaitForWifi()) return;
      for (const record of records) {
        if (record.state !== 'downloading' || starting.has(record.episodeId)) continue;
        const event: DownloadEvent = { type: 'paused', downloadId: record.downloadId, nextDownloadId: env.newId(), at: env.now() };
        if (await actions.pause(record, event)) await actions.stop(record);
      }
    },
    async startWaiting(records) {
      if (mustWaitForWifi()) return;
      for (const record of records) {
        if (record.state !== 'waiting-for-wifi' || resuming.has(record.episodeId) || !actions.stillWaiting(record)) continue;
        resuming.add(record.episodeId);
        try {
          await actions.start(episodeOf(record));
        } finally {
          resuming.delete(record.episodeId);
        }
      }
    },
  };
}

import type { ApplyResult } from '../core/downloadEvents.ts';
import type { DownloadEvent, DownloadRecord, Transport } from '../core/downloadState.ts';
import type { ProgressSample } from './downloadProgress.ts';

/** What a transport reports back to the download manager. */
export interface TransportHooks {
  progress(episodeId: string, sample: ProgressSample): void;
  /** Records an outcome through the state machine: the record before and after, or why it was refused. */
  settle(episodeId: string, event: DownloadEvent): Promise<ApplyResult>;
}

/**
 * How an episode's bytes travel into the media cache. The records, states and cache key are the
 * same whichever is used; a third transport implements these five methods.
 */
export interface DownloadTransport {
  readonly kind: Transport;
  /** Whether a download goes on with every tab of the app closed. */
  readonly survivesClosedTab: boolean;
  /** Begins the transfer of a record just written as downloading; throws if it cannot begin. */
  start(record: DownloadRecord): Promise<void>;
  /** Follows (or resumes) a record left downloading: after a reload, or started by another tab. */
  adopt(record: DownloadRecord): Promise<void>;
  /** Stops a live transfer; false when there is none here, and the caller records the cancellation. */
  cancel(record: DownloadRecord): Promise<boolean>;
  /** Drops whatever a cancelled or deleted download left behind. */
  discard(record: DownloadRecord): Promise<void>;
  /** At app start: settles records whose transfer ended while no page watched. */
  reconcile(): Promise<void>;
}

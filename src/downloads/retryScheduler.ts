import type { DownloadRecord } from '../core/downloadState.ts';
import { retriesAutomatically, retryDelayMs } from '../core/retryPolicy.ts';
import type { DownloadEnvironment } from './environment.ts';

/**
 * Automatic retries of transient failures (the policy is core/retryPolicy.ts): one timer per
 * failed attempt, backing off; offline, the retry waits for the network instead of spending an
 * attempt on a failure it can predict.
 */
export class RetryScheduler {
  /** Waiting retries, by the download id that failed. */
  private readonly timers = new Map<string, ReturnType<DownloadEnvironment['setTimer']>>();

  constructor(
    private readonly env: Pick<DownloadEnvironment, 'setTimer' | 'clearTimer' | 'isOnline' | 'whenOnline'>,
    /** The record as it is now: a retry is for the attempt that failed, not one that replaced it. */
    private readonly current: (episodeId: string) => DownloadRecord | undefined,
    private readonly retry: (record: DownloadRecord) => void,
  ) {}

  /** Schedules a retry of this failed attempt, once, if the policy retries it. */
  schedule(record: DownloadRecord): void {
    if (!retriesAutomatically(record) || this.timers.has(record.downloadId)) return;
    const fire = () => {
      this.timers.delete(record.downloadId);
      const now = this.current(record.episodeId);
      if (now?.downloadId !== record.downloadId || !retriesAutomatically(now)) return;
      if (!this.env.isOnline()) {
        this.env.whenOnline(() => this.schedule(now));
        return;
      }
      this.retry(now);
    };
    this.timers.set(record.downloadId, this.env.setTimer(fire, retryDelayMs(record.automaticRetries)));
  }

  /** The viewer cancelled or deleted: the waiting retry of that attempt must not start. */
  cancel(downloadId: string): void {
    const timer = this.timers.get(downloadId);
    if (timer !== undefined) this.env.clearTimer(timer);
    this.timers.delete(downloadId);
  }
}

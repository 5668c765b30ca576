import type { DownloadRecord } from '../core/downloadState.ts';
import { retriesAutomatically, retryDelayMs } from '../core/retryPolicy.ts';
import type { DownloadEnvironment, Timer } from './environment.ts';

export interface RetryScheduler {
  /** Schedules a retry of this failed attempt, once, if the policy retries it. */
  schedule(record: DownloadRecord): void;
  /** The viewer cancelled or deleted: the waiting retry of that attempt must not start. */
  cancel(downloadId: string): void;
  /** No retry starts any more, waiting or scheduled later (a manager that is done with). */
  stop(): void;
}

/**
 * Automatic retries of transient failures (the policy is core/retryPolicy.ts): one timer per
 * failed attempt, backing off; offline, the retry waits for the network instead of spending an
 * attempt on a failure it can predict.
 */
export function createRetryScheduler(
  env: Pick<DownloadEnvironment, 'setTimer' | 'clearTimer' | 'isOnline' | 'whenOnline'>,
  /** The record as it is now: a retry is for the attempt that failed, not one that replaced it. */
  current: (episodeId: string) => DownloadRecord | undefined,
  retry: (record: DownloadRecord) => void,
): RetryScheduler {
  /** Waiting retries, by the download id that failed. */
  const timers = new Map<string, Timer>();
  let stopped = false;
  const scheduler: RetryScheduler = {
    schedule(record) {
      if (stopped || !retriesAutomatically(record) || timers.has(record.downloadId)) return;
      const fire = () => {
        timers.delete(record.downloadId);
        const now = current(record.episodeId);
        if (stopped || now?.downloadId !== record.downloadId || !retriesAutomatically(now)) return;
        if (env.isOnline()) retry(now);
        else env.whenOnline(() => scheduler.schedule(now));
      };
      timers.set(record.downloadId, env.setTimer(fire, retryDelayMs(record.automaticRetries)));
    },
    cancel(downloadId) {
      const timer = timers.get(downloadId);
      if (timer !== undefined) env.clearTimer(timer);
      timers.delete(downloadId);
    },
    stop() {
      stopped = true;
      for (const downloadId of [...timers.keys()]) scheduler.cancel(downloadId);
    },
  };
  return scheduler;
}

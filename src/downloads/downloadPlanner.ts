import { downloadsIn, type AppDB } from '../core/db.ts';
import { applyDownloadEvents } from '../core/downloadEvents.ts';
import { type DownloadEvent, type EpisodeToDownload } from '../core/downloadState.ts';
import { episodeOf } from '../core/downloadRecords.ts';
import { PLANNER_LOCK } from '../core/locks.ts';
import { MAX_ACTIVE_BACKGROUND_FETCHES } from './downloadQueue.ts';

/** What the planner needs of the download manager that runs it. */
export interface PlannerHost {
  db: AppDB;
  locks: LockManager;
  newId(): string;
  /** Strictly increasing times: the queue's order is the order of these. */
  nextStartAt(): number;
  /** Episodes this tab is between writing a record and its fetch() call. */
  starting: ReadonlyMap<string, string>;
  mustWaitForWifi(): boolean;
  /** Starts one download now (the slot is known to be free). */
  startNow(episode: EpisodeToDownload, downloadId: string, at: number): Promise<boolean>;
}

/**
 * Decides what starts next, for every tab: Chromium holds at most five background fetches an
 * origin (docs/background-fetch-in-chromium.md), so the count of running ones and the fetch() that takes a slot happen under one Web
 * Lock shared by all tabs, from one read of the records. A chunk of its own: loaded with the
 * first download.
 */
export class DownloadPlanner {
  private filling = false;
  private fillAgain = false;

  constructor(private readonly host: PlannerHost) {}

  /** Runs `start` under the planner lock, told whether a background fetch slot is free for `episodeId`. */
  decide<T>(episodeId: string, start: (slotFree: boolean) => Promise<T>): Promise<T> {
    return this.host.locks.request(PLANNER_LOCK, async () => start((await this.activeBackgroundFetches(episodeId)) < MAX_ACTIVE_BACKGROUND_FETCHES));
  }

  /**
   * A selection: every episode recorded as queued (or waiting for Wi-Fi) in one transaction, in
   * the order chosen; fill() then starts as many as there are slots. Resolves with how many were
   * recorded.
   */
  async queueAll(episodes: readonly EpisodeToDownload[]): Promise<number> {
    const type = this.host.mustWaitForWifi() ? 'wait' : 'queue';
    const events = episodes.map((episode): [string, DownloadEvent] => [episode.id, { type, downloadId: this.host.newId(), episode, at: this.host.nextStartAt() }]);
    return (await applyDownloadEvents(this.host.db, events, 'default')).length;
  }

  /**
   * Starts queued downloads, oldest first, while slots are free. Asked again while it runs (a
   * slot freed meanwhile), it goes round once more.
   */
  async fill(): Promise<void> {
    if (this.filling) {
      this.fillAgain = true;
      return;
    }
    this.filling = true;
    try {
      do {
        this.fillAgain = false;
        await this.host.locks.request(PLANNER_LOCK, async () => {
          if (this.host.mustWaitForWifi()) return;
          const queued = (await downloadsIn(this.host.db, 'queued')).sort((a, b) => a.createdAt - b.createdAt);
          const free = MAX_ACTIVE_BACKGROUND_FETCHES - (await this.activeBackgroundFetches());
          for (const record of queued.slice(0, Math.max(0, free))) {
            await this.host.startNow(episodeOf(record), this.host.newId(), this.host.nextStartAt());
          }
        });
      } while (this.fillAgain);
    } finally {
      this.filling = false;
    }
  }

  /** Background fetches running or being started (in any tab), other than `except`'s. */
  private async activeBackgroundFetches(except?: string): Promise<number> {
    const active = new Set(this.host.starting.keys());
    for (const record of await downloadsIn(this.host.db, 'downloading')) {
      if (record.transport !== 'in-page') active.add(record.episodeId);
    }
    active.delete(except ?? '');
    return active.size;
  }
}

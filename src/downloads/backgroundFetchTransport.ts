import { listedFetches, reconcileDownloads } from '../core/reconcileDownloads.ts';
import type { AppDB } from '../core/db.ts';
import type { DownloadRecord } from '../core/downloadState.ts';
import type { DownloadEnvironment } from './environment.ts';
import type { DownloadTransport, TransportHooks } from './transport.ts';

/**
 * Background Fetch: the browser downloads, with every tab closed if need be, and the service
 * worker stores the bytes and records the outcome (sw/backgroundFetchHandlers.ts). The page only
 * starts, follows and aborts.
 */
export class BackgroundFetchTransport implements DownloadTransport {
  readonly kind = 'background-fetch';
  readonly survivesClosedTab = true;
  /** Live registrations by fetch id. Held on purpose: one kept only by its listener is GC'd and goes quiet. */
  private readonly followed = new Map<string, BackgroundFetchRegistration>();

  constructor(
    private readonly manager: BackgroundFetchManager,
    private readonly db: AppDB,
    private readonly hooks: TransportHooks,
    private readonly env: Pick<DownloadEnvironment, 'caches' | 'locks' | 'now'>,
  ) {}

  async start(record: DownloadRecord): Promise<void> {
    const registration = await this.manager.fetch(record.downloadId, [record.mediaUrl], {
      title: record.title,
      icons: record.artworkUrl ? [{ src: record.artworkUrl, sizes: '426x240', type: 'image/jpeg' }] : [],
      downloadTotal: record.expectedBytes,
    });
    this.follow(record.episodeId, registration);
  }

  async adopt(record: DownloadRecord): Promise<void> {
    if (this.followed.has(record.downloadId)) return;
    const registration = await this.manager.get(record.downloadId);
    if (registration) this.follow(record.episodeId, registration);
  }

  async cancel(record: DownloadRecord): Promise<boolean> {
    const registration = this.followed.get(record.downloadId) ?? (await this.manager.get(record.downloadId));
    // abort() fires backgroundfetchabort, whose handler records the cancellation.
    return (await registration?.abort()) ?? false;
  }

  async discard(record: DownloadRecord): Promise<void> {
    this.followed.delete(record.downloadId);
  }

  reconcile(): Promise<void> {
    const { caches, locks, now } = this.env;
    return reconcileDownloads({ db: this.db, liveFetches: listedFetches(this.manager), caches, locks, now });
  }

  private follow(episodeId: string, registration: BackgroundFetchRegistration): void {
    if (this.followed.has(registration.id)) return;
    this.followed.set(registration.id, registration);
    const update = () => {
      this.hooks.progress(episodeId, {
        downloadId: registration.id,
        downloaded: registration.downloaded,
        total: registration.downloadTotal,
        at: this.env.now(),
      });
      if (registration.result !== '') this.followed.delete(registration.id);
    };
    registration.addEventListener('progress', update);
    update();
  }
}

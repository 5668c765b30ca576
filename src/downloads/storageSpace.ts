import { signal } from '@preact/signals';

/** What the browser says about this origin's storage. */
export interface StorageSpace {
  usedBytes: number;
  quotaBytes: number;
}

/**
 * Storage as the browser reports it. Persistence is asked for with the first download: without
 * it the browser may clear the origin's data (every download) when the device runs low on space.
 */
export class StorageStatus {
  /** undefined until known. */
  readonly persisted = signal<boolean | undefined>(undefined);
  readonly space = signal<StorageSpace | undefined>(undefined);
  private asked = false;

  async refresh(): Promise<void> {
    if (!navigator.storage) return;
    this.persisted.value = await navigator.storage.persisted?.();
    const { usage = 0, quota = 0 } = await navigator.storage.estimate();
    this.space.value = { usedBytes: usage, quotaBytes: quota };
  }

  /** Asks once per page for persistent storage; the browser may grant it silently, prompt, or refuse. */
  async requestPersistence(): Promise<void> {
    if (this.asked || this.persisted.value || !navigator.storage?.persist) return;
    this.asked = true;
    this.persisted.value = await navigator.storage.persist();
  }

  /** Free bytes by the browser's estimate, or undefined where it gives none. */
  async freeBytes(): Promise<number | undefined> {
    await this.refresh();
    const space = this.space.value;
    return space && space.quotaBytes > 0 ? Math.max(0, space.quotaBytes - space.usedBytes) : undefined;
  }
}

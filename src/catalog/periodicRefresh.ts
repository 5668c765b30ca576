/** The periodic background sync that refreshes the catalog while the app is closed. */
export const CATALOG_SYNC_TAG = 'refresh-catalog';
const TWELVE_HOURS_MS = 12 * 60 * 60 * 1000;

interface PeriodicSyncManager {
  register(tag: string, options?: { minInterval?: number }): Promise<void>;
}

/**
 * Asks for a catalog refresh about twice a day where the browser allows it: Chromium grants
 * `periodic-background-sync` only to an installed app (and refuses a page otherwise), so this
 * quietly does nothing elsewhere. The browser decides the real interval.
 */
export async function requestPeriodicRefresh(registration: ServiceWorkerRegistration): Promise<boolean> {
  const periodicSync = (registration as ServiceWorkerRegistration & { periodicSync?: PeriodicSyncManager }).periodicSync;
  if (!periodicSync) return false;
  try {
    const permission = await navigator.permissions.query({ name: 'periodic-background-sync' as PermissionName });
    if (permission.state !== 'granted') return false;
    await periodicSync.register(CATALOG_SYNC_TAG, { minInterval: TWELVE_HOURS_MS });
    return true;
  } catch {
    return false;
  }
}

import { signal } from '@preact/signals';

/** The Network Information API's connection, where the browser reports one (Android Chrome). */
interface NetworkInformation extends EventTarget {
  readonly type?: string;
}

const SETTING_KEY = 'offline-episodes:download-over-mobile-data';

/**
 * "Download over mobile data": on by default. Only offered where the browser says what kind of
 * connection it has; elsewhere the app cannot tell cellular from Wi-Fi, so it does not pretend to.
 * Background Fetch itself has no such option (it takes a title, icons and a total): a download
 * requested on cellular with the setting off waits in the app until Wi-Fi or ethernet.
 */
export class NetworkPolicy {
  readonly allowMobileData = signal(localStorage.getItem(SETTING_KEY) !== 'off');
  readonly connectionType = signal<string | undefined>(undefined);
  private readonly connection = (navigator as Navigator & { connection?: NetworkInformation }).connection;

  constructor() {
    this.connectionType.value = this.connection?.type;
    this.connection?.addEventListener('change', () => (this.connectionType.value = this.connection?.type));
  }

  /** Whether the setting means anything here. */
  get knowsConnectionType(): boolean {
    return this.connectionType.value !== undefined;
  }

  setAllowMobileData(allow: boolean): void {
    localStorage.setItem(SETTING_KEY, allow ? 'on' : 'off');
    this.allowMobileData.value = allow;
  }

  /** True when a download must wait: the setting is off and the connection is cellular. */
  mustWaitForWifi(): boolean {
    return !this.allowMobileData.value && this.connectionType.value === 'cellular';
  }
}

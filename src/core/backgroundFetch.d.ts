// Background Fetch (WICG) is not in TypeScript's DOM libs yet; these follow the spec's IDL.
// https://wicg.github.io/background-fetch/

type BackgroundFetchResult = '' | 'success' | 'failure';
type BackgroundFetchFailureReason =
  | ''
  | 'aborted'
  | 'bad-status'
  | 'fetch-error'
  | 'quota-exceeded'
  | 'download-total-exceeded';

interface BackgroundFetchUIOptions {
  title?: string;
  icons?: { src: string; sizes?: string; type?: string; label?: string }[];
}

interface BackgroundFetchOptions extends BackgroundFetchUIOptions {
  downloadTotal?: number;
}

interface BackgroundFetchRecord {
  readonly request: Request;
  readonly responseReady: Promise<Response>;
}

interface BackgroundFetchRegistration extends EventTarget {
  readonly id: string;
  readonly uploadTotal: number;
  readonly uploaded: number;
  readonly downloadTotal: number;
  readonly downloaded: number;
  readonly result: BackgroundFetchResult;
  readonly failureReason: BackgroundFetchFailureReason;
  readonly recordsAvailable: boolean;
  abort(): Promise<boolean>;
  match(request: RequestInfo, options?: CacheQueryOptions): Promise<BackgroundFetchRecord | undefined>;
  matchAll(request?: RequestInfo, options?: CacheQueryOptions): Promise<BackgroundFetchRecord[]>;
  addEventListener(type: 'progress', listener: (this: BackgroundFetchRegistration, ev: Event) => void): void;
  removeEventListener(type: 'progress', listener: (this: BackgroundFetchRegistration, ev: Event) => void): void;
}

interface BackgroundFetchManager {
  fetch(
    id: string,
    requests: RequestInfo | RequestInfo[],
    options?: BackgroundFetchOptions,
  ): Promise<BackgroundFetchRegistration>;
  get(id: string): Promise<BackgroundFetchRegistration | undefined>;
  getIds(): Promise<string[]>;
}

interface ServiceWorkerRegistration {
  /** Absent where the browser has no Background Fetch (Safari, Firefox). */
  readonly backgroundFetch?: BackgroundFetchManager;
}

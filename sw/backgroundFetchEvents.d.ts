// Worker-side Background Fetch events (WICG IDL); the shared types are in src/core/backgroundFetch.d.ts.
interface BackgroundFetchEvent extends ExtendableEvent {
  readonly registration: BackgroundFetchRegistration;
}

interface BackgroundFetchUpdateUIEvent extends BackgroundFetchEvent {
  updateUI(options?: BackgroundFetchUIOptions): Promise<void>;
}

interface ServiceWorkerGlobalScopeEventMap {
  backgroundfetchsuccess: BackgroundFetchUpdateUIEvent;
  backgroundfetchfail: BackgroundFetchUpdateUIEvent;
  backgroundfetchabort: BackgroundFetchEvent;
  backgroundfetchclick: BackgroundFetchEvent;
}

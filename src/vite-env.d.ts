/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Where the catalog lives; defaults to the app origin's /api/catalog.json. */
  readonly VITE_CATALOG_URL?: string;
  /** Comma-separated origins media may come from besides the app's and the catalog's (CORS required). */
  readonly VITE_MEDIA_ORIGINS?: string;
}

/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Where the catalog lives; defaults to the app origin's /api/catalog.json. */
  readonly VITE_CATALOG_URL?: string;
}

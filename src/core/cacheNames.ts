/**
 * Cache Storage layout. Media is keyed on the episode's canonical URL (never the signed CDN URL
 * it redirects to), so the key stays valid after the signature expires.
 */
export const MEDIA_CACHE = 'episodes-media-v1';
export const CATALOG_CACHE = 'episodes-catalog-v1';
export const ARTWORK_CACHE = 'episodes-artwork-v1';
/** Captions of downloaded episodes, keyed on their catalog URL; deleted with the episode. */
export const CAPTIONS_CACHE = 'episodes-captions-v1';

/** The publisher's config.json: the latest copy, for starting offline. */
export const CONFIG_CACHE = 'episodes-config-v1';

/** The same-origin path the app reads its catalog from, unless built with VITE_CATALOG_URL. */
export const DEFAULT_CATALOG_PATH = '/api/catalog.json';

import stylesheet from './player.css?url';

let loaded: Promise<void> | undefined;

/**
 * The player's stylesheet, loaded with its chunk rather than by the entry. A <link> of our own
 * origin (the CSP's `style-src 'self'`), not Vite's CSS preload helper, which the build strips
 * from the entry (scripts/build/plainDynamicImports.ts). The worker precaches it like the chunk.
 */
export function loadPlayerStyles(): Promise<void> {
  loaded ??= new Promise<void>((resolve) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = stylesheet;
    // A failed sheet still opens the player (unstyled beats absent); the chunk failing says so.
    link.addEventListener('load', () => resolve());
    link.addEventListener('error', () => resolve());
    document.head.append(link);
  });
  return loaded;
}

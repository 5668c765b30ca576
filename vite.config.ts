import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { idbWithoutIterators } from './scripts/build/idbWithoutIterators.ts';
import { plainDynamicImports } from './scripts/build/plainDynamicImports.ts';
import { preloadStartChunks } from './scripts/build/preloadStartChunks.ts';

// Names the build in index.html, so two builds differ (and the service worker's precache with them).
process.env.VITE_APP_BUILD ??= 'dev';

export default defineConfig({
  // Modulepreload for what index.html starts with (the entry's startup chunk arrives with the
  // entry, not after it), none for lazy chunks: their few imports load with them, and the entry
  // carries no list of them; the preload helper left in the entry is reduced to the import itself
  // (scripts/build).
  build: {
    target: 'es2022',
    sourcemap: true,
    modulePreload: { polyfill: false, resolveDependencies: (_file, dependencies, { hostType }) => (hostType === 'html' ? dependencies : []) },
    // Terser, three passes: it inlines and folds what the default minifier leaves in the page entry.
    minify: 'terser',
    terserOptions: { ecma: 2020, module: true, compress: { passes: 3, pure_getters: true } },
    rolldownOptions: {
      output: {
        // A language's catalog is told by its name: the worker precaches English alone.
        chunkFileNames: (chunk) => (chunk.facadeModuleId?.includes('/src/i18n/messages/') ? 'assets/messages-[name]-[hash].js' : 'assets/[name]-[hash].js'),
        // What every start loads and lazy chunks share too (Preact, its hooks and signals, the
        // chunk loader, the cache names, playback positions, retry timing and download progress,
        // Vite's import helper, `t`) in one chunk: one file compresses better than five.
        codeSplitting: { groups: [{ name: 'startup', test: /node_modules[\\/](preact|@preact)[\\/]|src[\\/](lazyChunk|i18n[\\/]translate|core[\\/](cacheNames|playback|retryPolicy|downloadRecords)|downloads[\\/]downloadProgress)\.ts$|preload-helper/ }] },
      },
    },
  },
  plugins: [
    idbWithoutIterators(),
    plainDynamicImports(),
    // config.json's check: every start reads the file (index.html preloads it) with it. The
    // language's choice and the message formatter: every start loads them before its catalog.
    // English's words: the worker precaches them for every viewer (the offline fallback), and
    // most starts show them; asked for with the entry, not once language.ts has run. The
    // catalog's checker: a first visit (no saved catalog) needs it before its first card, and
    // a later one reads it from the worker's precache.
    preloadStartChunks(['src/catalog/pageConfig.ts', 'src/i18n/language.ts', 'src/i18n/messages/en.ts', 'src/catalog/pageCatalogSource.ts']),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'sw',
      filename: 'sw.ts',
      injectRegister: false,
      injectManifest: {
        // The worker's own build: a plugin instance of its own (vite-plugin-pwa shares none).
        buildPlugins: { vite: [idbWithoutIterators()] },
        // App shell only: media is never precached.
        // The manifest is not kept: the server may write it from config.json (the publisher's name).
        globPatterns: ['**/*.{js,css,html,png,svg}'],
        // Every language but English is the viewer's to download (sw/appShellRoutes.ts keeps theirs).
        manifestTransforms: [(entries) => ({ manifest: entries.filter((entry) => !/\/messages-(?!en-)/.test(entry.url)), warnings: [] })],
      },
      manifest: {
        name: 'Offline Episodes',
        short_name: 'Episodes',
        description: 'Download video episodes and watch them offline.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#1a56db',
        background_color: '#111115',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
    }),
  ],
});

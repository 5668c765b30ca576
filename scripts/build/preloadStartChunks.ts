import type { HtmlTagDescriptor, Plugin } from 'vite';

/**
 * Lazy chunks every start loads (config.json's check) announced in index.html as modulepreload:
 * they download beside the entry rather than once it has run. The entry still loads them with
 * import() (it grows by nothing), and the browser runs each module once.
 */
export function preloadStartChunks(modules: readonly string[]): Plugin {
  return {
    name: 'offline-episodes:preload-start-chunks',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const tags: HtmlTagDescriptor[] = [];
        for (const module of modules) {
          // Its own chunk, or the one it shares with a lazy chunk's other imports (language.ts with the Downloads view's setting).
          const chunk = Object.values(bundle ?? {}).find(
            (output) => output.type === 'chunk' && (output.facadeModuleId?.endsWith(module) || (!output.isEntry && output.moduleIds.some((id) => id.endsWith(module)))),
          );
          if (!chunk) throw new Error(`no chunk of its own for ${module} to preload (scripts/build/preloadStartChunks.ts)`);
          tags.push({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${chunk.fileName}` }, injectTo: 'head' });
        }
        return tags;
      },
    },
  };
}

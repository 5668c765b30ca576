import type { HtmlTagDescriptor, Plugin } from 'vite';

/**
 * Lazy chunks every start loads (config.json's check) announced in index.html as modulepreload:
 * they download beside the entry rather than once it has run, with the chunks they import that
 * the entry does not (the bundler's small runtime, which would otherwise be asked for only once
 * they had arrived: one more round trip before the first screen). The entry still loads them with
 * import() (it grows by nothing), and the browser runs each module once.
 */
export function preloadStartChunks(modules: readonly string[]): Plugin {
  return {
    name: 'offline-episodes:preload-start-chunks',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const chunks = Object.values(bundle ?? {}).flatMap((output) => (output.type === 'chunk' ? [output] : []));
        // What Vite already preloads: the entry and its own imports.
        const preloaded = new Set(chunks.filter((chunk) => chunk.isEntry).flatMap((entry) => [entry.fileName, ...entry.imports]));
        const tags: HtmlTagDescriptor[] = [];
        const preload = (fileName: string) => {
          if (preloaded.has(fileName)) return;
          preloaded.add(fileName);
          tags.push({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${fileName}` }, injectTo: 'head' });
        };
        for (const module of modules) {
          // Its own chunk, or the one it shares with a lazy chunk's other imports (language.ts with the Downloads view's setting).
          const chunk = chunks.find((output) => output.facadeModuleId?.endsWith(module) || (!output.isEntry && output.moduleIds.some((id) => id.endsWith(module))));
          if (!chunk) throw new Error(`no chunk of its own for ${module} to preload (scripts/build/preloadStartChunks.ts)`);
          preload(chunk.fileName);
          chunk.imports.forEach(preload);
        }
        return tags;
      },
    },
  };
}

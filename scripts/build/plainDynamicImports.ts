import { parseAst, type Plugin } from 'vite';

type Node = { type: string; start: number; end: number; params?: unknown[] } & Record<string, unknown>;

/**
 * Vite wraps every `import()` in a preload helper that also loads the chunk's CSS and
 * modulepreload dependencies (~1.5 kB, ~0.6 kB gzip, in the page entry). This app has neither
 * (a lazy chunk gets no modulepreload list: vite.config.ts; its one stylesheet is the entry's),
 * so each call passes `[]` and the helper only calls the import. Its body is replaced by that call, padded with spaces to the same
 * length so the source map's columns stay right (gzip makes the padding nearly free).
 */
export function plainDynamicImports(): Plugin {
  return {
    name: 'offline-episodes:plain-dynamic-imports',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        if (!chunk.isEntry && chunk.viteMetadata?.importedCss.size) {
          throw new Error(`${chunk.fileName} imports CSS: the preload helper is needed again (scripts/build/plainDynamicImports.ts)`);
        }
        if (!chunk.code.includes('vite:preloadError')) continue;
        const helpers = functionsContaining(parseAst(chunk.code) as unknown as Node, chunk.code, 'vite:preloadError');
        if (helpers.length !== 1) throw new Error(`expected one preload helper in ${chunk.fileName}, found ${helpers.length}`);
        const [{ start, end }] = helpers as [Node];
        const plain = 'function(e){return e()}';
        chunk.code = chunk.code.slice(0, start) + plain.padEnd(end - start, ' ') + chunk.code.slice(end);
      }
    },
  };
}

/** The innermost three-parameter functions whose text contains `marker`. */
function functionsContaining(root: Node, code: string, marker: string): Node[] {
  const found: Node[] = [];
  const visit = (node: Node): void => {
    const isHelper = (node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression') && node.params?.length === 3 && code.slice(node.start, node.end).includes(marker);
    if (isHelper) found.push(node);
    for (const value of Object.values(node)) {
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child === 'object' && typeof (child as Node).type === 'string') visit(child as Node);
      }
    }
  };
  visit(root);
  return found.filter((outer) => !found.some((inner) => inner !== outer && inner.start >= outer.start && inner.end <= outer.end));
}

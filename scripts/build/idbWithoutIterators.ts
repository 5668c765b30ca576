import type { Plugin } from 'vite';

/** Where idb's async-iterator support starts in its build, and what follows it (idb 8). */
const START = 'const advanceMethodProps = ';
const END = 'export { deleteDB, openDB, unwrap, wrap };';

/**
 * idb adds async iteration of stores, indexes and cursors (`for await`, `.iterate()`) as a side
 * effect of its module, so no tree-shaking drops it: ~0.3 kB gzip in the page entry and the
 * worker. Nothing here iterates with it (eslint.config.js forbids both forms), so the build leaves
 * that part of idb out. A new idb whose text differs fails the build, not the app.
 */
export function idbWithoutIterators(): Plugin {
  return {
    name: 'offline-episodes:idb-without-iterators',
    apply: 'build',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]idb[\\/]build[\\/]index\.js$/.test(id)) return;
      const start = code.indexOf(START);
      const end = code.indexOf(END);
      if (start < 0 || end < start || !code.slice(start, end).includes('async function* iterate')) {
        throw new Error(`idb's async iterators are not where scripts/build/idbWithoutIterators.ts expects them (${id})`);
      }
      return { code: code.slice(0, start) + code.slice(end), map: null };
    },
  };
}

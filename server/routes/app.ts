import { appFiles } from '../appFiles.ts';
import type { AppPolicies } from '../contentSecurityPolicy.ts';
import { notFound, type Route } from '../router.ts';

export interface AppRoute {
  /** Every path no other route took: the built app (index.html for the app's own paths). */
  readonly route: Route;
  readonly dir: string | undefined;
  /** Serves another build from now on (a deploy). */
  setDir(dir: string): void;
}

/** The built app under its policies; without a build, nothing (the API and media only). */
export function createAppRoute(dir: string | undefined, policies: () => AppPolicies): AppRoute {
  let files = dir ? appFiles(dir) : undefined;
  return {
    get dir() {
      return dir;
    },
    setDir(next) {
      dir = next;
      files = appFiles(next);
    },
    async route(req, res, url) {
      if (!files) return false;
      // The worker's policy is the one its script is served with: it alone may compile WebAssembly (its SHA-256).
      res.setHeader('Content-Security-Policy', url.pathname === '/sw.js' ? policies().worker : policies().page);
      await files(req, res, () => notFound(res));
      return true;
    },
  };
}

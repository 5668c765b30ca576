import { CONFIG_FILE } from './configDefaults.ts';
import type { LoadedConfig } from './configTypes.ts';

/**
 * Reads config.json, and meanwhile loads the code that checks it (pageConfig.ts and the reader,
 * a chunk of their own: the page entry stays small, and the two arrive together). A notice waits
 * for `worded`, the viewer's catalog.
 */
export async function loadAppConfig(base: string, worded?: Promise<unknown>): Promise<LoadedConfig> {
  const checking = import('./pageConfig.ts');
  const response = fetch(new URL(CONFIG_FILE, base).href, { cache: 'no-cache' });
  response.catch(() => undefined); // read by the check
  const { readPageConfig } = await checking;
  return readPageConfig(response, base, worded);
}

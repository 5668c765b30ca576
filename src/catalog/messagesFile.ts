// config.json's `messages` as the URL of a file of them: fetched, and kept for an offline start.
// A chunk of its own, loaded by pageConfig.ts only for a site whose words are in a file.
import { t } from '../i18n/translate.ts';

/** The last file of words read whole from a URL, for an offline start. */
const WORDS_KEY = 'offline-episodes:messages';

/**
 * The file's words (its JSON, checked later by the language chunk), and a notice when it could
 * not be read: words of the viewer's language, so written once its catalog is in use (a fetch can
 * fail before that).
 */
export interface Words {
  json?: unknown;
  notice?: () => string;
}

/**
 * The file of words config.json names: an http(s) URL resolved against config.json, as its
 * catalogUrl is. Unreachable (offline) means the last copy read whole, silently; a broken file,
 * or no copy, a notice: the app's own words (or that copy) meanwhile, never a broken start.
 */
export async function fetchWords(given: string, configUrl: string): Promise<Words> {
  let kept: { url: string; json: unknown } | undefined;
  try {
    kept = (JSON.parse(localStorage.getItem(WORDS_KEY) ?? 'null') as typeof kept | null) ?? undefined;
  } catch {
    kept = undefined;
  }
  const url = URL.canParse(given, configUrl) ? new URL(given, configUrl) : undefined;
  const keptJson = kept?.url === url?.href ? kept?.json : undefined;
  const failed = (why: string | (() => string)) => ({
    json: keptJson,
    notice: () => t('notice.messagesUnreachable', { file: given, why: typeof why === 'string' ? why : why(), kept: keptJson === undefined ? 'no' : 'yes' }),
  });
  if (!url || !/^https?:$/.test(url.protocol)) return failed('not an http(s) URL');
  let response: Response;
  try {
    response = await fetch(url, { cache: 'no-cache' });
  } catch (error) {
    return keptJson === undefined ? failed(error instanceof Error ? error.message : String(error)) : { json: keptJson };
  }
  if (!response.ok) return failed(`HTTP ${response.status}`);
  try {
    const json: unknown = await response.json();
    try {
      localStorage.setItem(WORDS_KEY, JSON.stringify({ url: url.href, json }));
    } catch {
      // Storage refused: the next offline start shows the app's own words, nothing worse.
    }
    return { json };
  } catch {
    return failed(() => t('notice.notJson'));
  }
}

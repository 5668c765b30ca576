import type { DownloadFailure } from '../core/downloadState.ts';

/**
 * An episode's size when its catalog does not give one (feeds often have `length="0"`): asked
 * of the server before the download, so the background fetch is given its total (Chromium shows
 * progress, and refuses a download that grows past it) and the stored bytes can be checked.
 * HEAD first; a server that answers HEAD without a length, or refuses HEAD, is asked for the first byte, whose
 * Content-Range names the total. Redirects (signed CDN links) are followed as the download would.
 */
export async function learnMediaSize(fetch: typeof globalThis.fetch, url: string): Promise<{ bytes: number } | { failure: DownloadFailure }> {
  try {
    const head = await fetch(url, { method: 'HEAD', credentials: 'same-origin', cache: 'no-store' });
    // A server that does not do HEAD (405, 501) is asked the other way; any other error is the answer.
    const noHead = head.status === 405 || head.status === 501;
    if (!head.ok && !noHead) return { failure: { reason: 'bad-status', status: head.status } };
    const length = noHead ? undefined : sizeFrom(head.headers.get('Content-Length'));
    if (length) return { bytes: length };
    const first = await fetch(url, { headers: { Range: 'bytes=0-0' }, credentials: 'same-origin', cache: 'no-store' });
    void first.body?.cancel().catch(() => {});
    const total = sizeFrom(/\/(\d+)\s*$/.exec(first.headers.get('Content-Range') ?? '')?.[1] ?? null);
    if (first.status === 206 && total) return { bytes: total };
    return { failure: { reason: 'could-not-start', detail: 'the server did not say how large the episode is' } };
  } catch (error) {
    return { failure: { reason: 'fetch-error', detail: error instanceof Error ? error.message : String(error) } };
  }
}

function sizeFrom(value: string | null): number | undefined {
  const number = value !== null && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isSafeInteger(number) && number > 0 ? number : undefined;
}

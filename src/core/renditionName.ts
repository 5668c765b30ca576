import type { Rendition } from './downloadState.ts';

// A module of its own: the card (the page's entry) names a download's rendition without
// downloadState's machinery or the choice of sources.
/** How a rendition is named on screen: the publisher's label, else its height ("720p"). */
export function renditionName(rendition: Rendition | undefined): string | undefined {
  return rendition?.label ?? (rendition?.height ? `${rendition.height}p` : undefined);
}

/** A span of the timeline as fractions of the whole (0–1), for the scrubber's bars. */
export interface Span {
  start: number;
  end: number;
}

/** What the element has buffered, as fractions of the duration; none before the duration is known. */
export function bufferedSpans(ranges: readonly [number, number][], duration: number): Span[] {
  if (!Number.isFinite(duration) || duration <= 0) return [];
  const clamp = (value: number) => Math.min(1, Math.max(0, value / duration));
  return ranges.map(([start, end]) => ({ start: clamp(start), end: clamp(end) })).filter((span) => span.end > span.start);
}

/** TimeRanges as plain pairs (the list changes under a reader as the element buffers). */
export function rangesOf(ranges: TimeRanges): [number, number][] {
  const pairs: [number, number][] = [];
  for (let index = 0; index < ranges.length; index += 1) pairs.push([ranges.start(index), ranges.end(index)]);
  return pairs;
}

/** The fraction played, 0 until the duration is known. */
export function playedFraction(currentTime: number, duration: number): number {
  return Number.isFinite(duration) && duration > 0 ? Math.min(1, Math.max(0, currentTime / duration)) : 0;
}

/** Where a relative seek lands: never before the start nor past the end. */
export function seekTarget(currentTime: number, by: number, duration: number): number {
  const end = Number.isFinite(duration) ? duration : Infinity;
  return Math.min(end, Math.max(0, currentTime + by));
}

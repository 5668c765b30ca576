import { CircleCheck } from 'lucide';
import { Icon } from '../ui/Icon.tsx';
import { useState } from 'preact/hooks';
import { formatDuration } from '../ui/format.ts';
import { t } from '../i18n/translate.ts';
import { bufferedSpans, playedFraction, rangesOf } from './scrubber.ts';
import { useMediaValue, type ElementRef } from './useMedia.ts';

interface Playhead {
  time: number;
  duration: number;
  buffered: [number, number][];
}

const EVENTS = ['timeupdate', 'durationchange', 'loadedmetadata', 'progress', 'seeking', 'emptied'] as const;
const read = (element: HTMLVideoElement): Playhead => ({ time: element.currentTime, duration: element.duration, buffered: rangesOf(element.buffered) });
// Set through CSSOM (Preact's style object), which the app's CSP allows: no style attribute in markup.
const percent = (fraction: number) => `${(fraction * 100).toFixed(3)}%`;

interface TimelineProps {
  video: ElementRef<HTMLVideoElement>;
  /** The whole episode is in the cache: the bar says so instead of showing what is buffered. */
  downloaded: boolean;
  /** While the thumb is held, so the controls stay. */
  onDragging(dragging: boolean): void;
  onSeek(seconds: number): void;
}

/** The scrubber (played, buffered or all here, the time under the finger while dragging) and the time. */
export function Timeline({ video, downloaded, onDragging, onSeek }: TimelineProps) {
  const head = useMediaValue(video, EVENTS, read, { time: 0, duration: Number.NaN, buffered: [] });
  const [dragged, setDragged] = useState<number>();
  const known = Number.isFinite(head.duration) && head.duration > 0;
  const shown = dragged ?? head.time;
  const played = playedFraction(shown, head.duration);
  const end = known ? formatDuration(head.duration) : '–:––';
  return (
    <div class="timeline">
      <div class="scrubber">
        <div class="track" aria-hidden="true">
          {downloaded ? (
            <div class="span here" />
          ) : (
            bufferedSpans(head.buffered, head.duration).map((span) => (
              <div key={span.start} class="span buffered" style={{ left: percent(span.start), width: percent(span.end - span.start) }} />
            ))
          )}
          <div class="span played" style={{ width: percent(played) }} />
        </div>
        <input
          type="range"
          min="0"
          max={known ? head.duration : 0}
          step="any"
          value={shown}
          disabled={!known}
          aria-label={t('player.seek')}
          aria-valuetext={t('player.timeOf', { time: formatDuration(shown), duration: end })}
          onInput={(event) => {
            setDragged(Number(event.currentTarget.value));
            onDragging(true);
          }}
          onChange={(event) => {
            onSeek(Number(event.currentTarget.value));
            setDragged(undefined);
            onDragging(false);
          }}
        />
        {dragged !== undefined && (
          <output class="scrub-time" style={{ left: percent(played) }}>
            {formatDuration(dragged)}
          </output>
        )}
      </div>
      <p class="time">
        <span>
          {formatDuration(shown)} / {end}
        </span>
        {downloaded && (
          <span class="here-badge">
            <Icon icon={CircleCheck} size={16} /> {t('common.downloaded')}
          </span>
        )}
      </p>
    </div>
  );
}

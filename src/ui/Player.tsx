import { useEffect, useRef } from 'preact/hooks';
import type { Episode } from '../core/catalog.ts';

/** Plays a downloaded episode; the service worker answers its range requests from the cache. */
export function Player({ episode, onClose }: { episode: Episode; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    video.current?.focus();
  }, [episode.id]);
  return (
    <section class="player" aria-label={`Now playing: ${episode.title}`}>
      <video ref={video} src={episode.mediaUrl} crossOrigin="anonymous" controls autoPlay playsInline />
      <div class="player-bar">
        <p>{episode.title}</p>
        <button type="button" onClick={onClose}>
          Close player
        </button>
      </div>
    </section>
  );
}

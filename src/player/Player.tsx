import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Episode } from '../core/catalog.ts';
import type { AppDB } from '../core/db.ts';
import type { PlaybackPreferences } from '../core/playback.ts';
import { formatDuration } from '../ui/format.ts';
import { commandFor, focusKindOf, type PlayerCommand } from './keyboard.ts';
import { connectMediaSession } from './mediaSession.ts';
import { createPositionSaver, type PlayheadSnapshot } from './positionSaver.ts';
import { captionsToTurnOn, knownPreferences, loadPreferences, PLAYBACK_RATES, savePreferences, stepRate } from './preferences.ts';

/** Seconds the up-next card counts down before the next episode starts. */
export const UP_NEXT_SECONDS = 10;

export interface PlayerProps {
  episode: Episode;
  /** The show's name, for the lock screen. */
  show: string;
  previous?: Episode;
  next?: Episode;
  /** Downloaded (plays from the cache) or online (streams); false: offline and not downloaded. */
  playable: boolean;
  /** Where to start, in seconds (the saved position, or 0). */
  startAt: number;
  db: AppDB;
  onPosition(snapshot: PlayheadSnapshot): void;
  /** Another episode (up next, previous/next track), replacing this one in history. */
  onOpen(episodeId: string): void;
  onClose(): void;
}

/** The player route: plays with the viewer's saved preferences (speed, captions), read first if need be. */
export function Player(props: PlayerProps) {
  const [preferences, setPreferences] = useState(knownPreferences);
  useEffect(() => {
    if (!preferences) void loadPreferences(props.db).then(setPreferences);
  }, [props.db]);
  const remember = (next: PlaybackPreferences) => {
    setPreferences(next);
    void savePreferences(props.db, next);
  };
  return (
    <section class="player" aria-labelledby="player-title">
      <h2 id="player-title" class="player-title" tabIndex={-1}>
        {props.episode.title}
      </h2>
      {!props.playable ? (
        <>
          <p class="notice" role="status">
            Not downloaded: connect to the internet to stream this episode, or download it while online to watch it offline.
          </p>
          <button type="button" onClick={props.onClose}>
            Close player
          </button>
        </>
      ) : (
        preferences && <PlayerBody {...props} preferences={preferences} remember={remember} />
      )}
    </section>
  );
}

interface BodyProps extends PlayerProps {
  preferences: PlaybackPreferences;
  remember(next: PlaybackPreferences): void;
}

function PlayerBody({ episode, show, previous, next, startAt, onPosition, onOpen, onClose, preferences, remember }: BodyProps) {
  const video = useRef<HTMLVideoElement>(null);
  const stage = useRef<HTMLDivElement>(null);
  const [paused, setPaused] = useState(true);
  const [announcement, setAnnouncement] = useState('');
  const [failure, setFailure] = useState('');
  const [countdown, setCountdown] = useState<number>();
  const [pictureInPicture, setPictureInPicture] = useState(false);
  const captions = episode.captions ?? [];
  const shownCaptions = captions.find((caption) => caption.lang === preferences.captionsLanguage);
  const latest = useRef({ preferences, shownCaptions, captions });
  latest.current = { preferences, shownCaptions, captions };

  const seekBy = (seconds: number) => {
    const element = video.current;
    if (!element) return;
    const end = Number.isFinite(element.duration) ? element.duration : Infinity;
    element.currentTime = Math.min(end, Math.max(0, element.currentTime + seconds));
  };
  const setRate = (rate: number) => {
    const element = video.current;
    if (!element) return;
    element.defaultPlaybackRate = rate;
    element.playbackRate = rate; // ratechange remembers it
  };
  const toggleCaptions = () => {
    const { shownCaptions: shown, captions: available, preferences: current } = latest.current;
    if (available.length === 0) return setAnnouncement('This episode has no captions');
    chooseCaptions(shown ? undefined : captionsToTurnOn(available, current, navigator.language));
  };
  const chooseCaptions = (language: string | undefined) => {
    const { preferences: current, captions: available } = latest.current;
    remember({ ...current, captionsLanguage: language, lastCaptionsLanguage: language ?? current.lastCaptionsLanguage });
    setAnnouncement(language ? `Captions: ${available.find((caption) => caption.lang === language)?.label ?? language}` : 'Captions off');
  };
  const toggleFullscreen = async () => {
    if (document.fullscreenElement) return void (await document.exitFullscreen());
    await stage.current?.requestFullscreen();
    // A phone turns to landscape for a video; a desktop (or a browser that refuses) stays as it is.
    await screen.orientation?.lock?.('landscape').catch(() => {});
  };
  const togglePictureInPicture = async () => {
    if (document.pictureInPictureElement) await document.exitPictureInPicture();
    else await video.current?.requestPictureInPicture();
  };
  const run = (command: PlayerCommand) => {
    const element = video.current;
    if (!element) return;
    switch (command.type) {
      case 'toggle-play':
        return element.paused ? void element.play().catch(() => {}) : element.pause();
      case 'seek-by':
        return seekBy(command.seconds);
      case 'fullscreen':
        return void toggleFullscreen().catch(() => {});
      case 'mute':
        element.muted = !element.muted;
        return setAnnouncement(element.muted ? 'Muted' : 'Sound on');
      case 'captions':
        return toggleCaptions();
      case 'rate':
        return setRate(stepRate(element.playbackRate, command.direction));
      case 'close':
        return onClose();
    }
  };
  const runLatest = useRef(run);
  runLatest.current = run;

  // The speed applies from the first frame: a new source resets playbackRate to the default.
  useLayoutEffect(() => {
    const element = video.current;
    if (!element) return;
    element.defaultPlaybackRate = preferences.rate;
    element.playbackRate = preferences.rate;
  }, [episode.id]);
  // The player opens at the top of the page, wherever Play was pressed: bring it into view, and
  // focus its title (screen readers announce the episode; keys reach the shortcuts). After paint:
  // the layout this forces would otherwise hold up the media's first request.
  useEffect(() => {
    const title = document.getElementById('player-title');
    title?.closest('section')?.scrollIntoView({ block: 'start' });
    title?.focus({ preventScroll: true });
  }, [episode.id]);

  // Captions: the chosen language shows, every other track is off (an off track loads nothing).
  // Applied again once the media has loaded: Chromium picks tracks by itself at that point.
  const applyCaptions = () => {
    const tracks = video.current?.textTracks;
    if (!tracks) return;
    const language = latest.current.shownCaptions?.lang;
    for (const track of Array.from(tracks)) track.mode = track.language === language ? 'showing' : 'disabled';
  };
  useEffect(applyCaptions, [shownCaptions?.lang, episode.id]);

  // A layout effect: the listeners are in place before the media can report anything (from the
  // cache, metadata can arrive before a passive effect would run).
  useLayoutEffect(() => {
    const element = video.current;
    if (!element) return;
    const snapshot = (): PlayheadSnapshot | undefined =>
      Number.isFinite(element.duration) && element.duration > 0
        ? { positionSeconds: element.currentTime, durationSeconds: element.duration, ended: element.ended }
        : undefined;
    const saver = createPositionSaver(onPosition, Date.now);
    const saveNow = () => {
      const current = snapshot();
      if (current) saver.now(current);
    };
    // Refused without a user gesture (a reload): then the viewer presses Play.
    const begin = () => {
      if (startAt > 0 && startAt < element.duration) element.currentTime = startAt;
      void element.play().catch(() => {});
    };
    const listeners: [string, () => void][] = [
      ['loadedmetadata', () => {
        applyCaptions();
        if (startAt > 0) begin();
      }],
      ['loadeddata', applyCaptions],
      ['timeupdate', () => {
        const current = snapshot();
        if (current && !element.paused && !element.seeking) saver.playing(current);
      }],
      ['play', () => {
        setPaused(false);
        setCountdown(undefined);
      }],
      ['pause', () => {
        setPaused(true);
        saveNow();
      }],
      ['seeked', saveNow],
      ['ended', () => {
        saveNow();
        if (next) setCountdown(UP_NEXT_SECONDS);
      }],
      ['ratechange', () => {
        const rate = element.playbackRate;
        if (rate !== latest.current.preferences.rate && rate > 0) {
          remember({ ...latest.current.preferences, rate });
          setAnnouncement(`Speed ${rate}×`);
        }
      }],
      ['enterpictureinpicture', () => setPictureInPicture(true)],
      ['leavepictureinpicture', () => setPictureInPicture(false)],
      ['error', () => setFailure(navigator.onLine ? 'This episode could not be played.' : 'This episode cannot play offline: it is not downloaded.')],
    ];
    for (const [type, listener] of listeners) element.addEventListener(type, listener);
    // From the start, playing is asked for at once. To resume, the seek comes first, once the
    // metadata is in (Chromium does not keep a currentTime set before it: playback began at 0:00).
    if (startAt === 0 || element.readyState >= HTMLMediaElement.HAVE_METADATA) begin();
    const hidden = () => document.visibilityState === 'hidden' && saveNow();
    const keys = (event: KeyboardEvent) => {
      const command = commandFor(event, focusKindOf(event.target));
      if (!command) return;
      event.preventDefault(); // also keeps the native controls from acting on the same key
      runLatest.current(command);
    };
    const leftFullscreen = () => {
      if (!document.fullscreenElement) screen.orientation?.unlock?.();
    };
    document.addEventListener('visibilitychange', hidden);
    document.addEventListener('keydown', keys);
    document.addEventListener('fullscreenchange', leftFullscreen);
    const disconnect = connectMediaSession(element, episode, show, {
      seekBy,
      seekTo: (seconds) => (element.currentTime = seconds),
      previous: previous && (() => onOpen(previous.id)),
      next: next && (() => onOpen(next.id)),
      stop: () => {
        element.pause();
        onClose();
      },
    });
    return () => {
      saveNow(); // closing the player, or moving to another episode
      for (const [type, listener] of listeners) element.removeEventListener(type, listener);
      document.removeEventListener('visibilitychange', hidden);
      document.removeEventListener('keydown', keys);
      document.removeEventListener('fullscreenchange', leftFullscreen);
      disconnect();
      if (document.pictureInPictureElement === element) void document.exitPictureInPicture().catch(() => {});
      // A removed element keeps streaming until it is collected: stop its download now (the
      // viewer's data, and the connections the next episode needs).
      element.removeAttribute('src');
      element.load();
    };
  }, [episode.id]);

  // Up next: one tick a second; at zero the next episode opens; Cancel (or playing again) stops it.
  useEffect(() => {
    if (countdown === undefined || !next) return;
    if (countdown <= 0) return onOpen(next.id);
    const timer = setTimeout(() => setCountdown(countdown - 1), 1000);
    return () => clearTimeout(timer);
  }, [countdown]);

  return (
    <>
      <div class="stage" ref={stage}>
        <video
          ref={video}
          src={episode.mediaUrl}
          // An audio episode shows its artwork where the picture would be.
          poster={episode.mediaType?.startsWith('audio/') && episode.artworkUrl ? episode.artworkUrl : undefined}
          crossOrigin="anonymous"
          controls
          playsInline
          aria-label={episode.title}
        >
          {captions.map((caption) => (
            <track key={caption.lang} kind="captions" srcLang={caption.lang} label={caption.label} src={caption.url} />
          ))}
        </video>
      </div>
      {failure && (
        <p class="notice error" role="alert">
          {failure}
        </p>
      )}
      {countdown !== undefined && next && (
        <div class="up-next" role="group" aria-labelledby="up-next-title">
          <p id="up-next-title">
            Up next: <strong>{next.title}</strong>
          </p>
          <p class="hint" aria-live="off">
            Starts in {countdown} s
          </p>
          <button type="button" class="primary" onClick={() => onOpen(next.id)}>
            Play now
          </button>
          <button type="button" onClick={() => setCountdown(undefined)}>
            Cancel
          </button>
        </div>
      )}
      <div class="player-controls" role="toolbar" aria-label="Player controls">
        <button type="button" onClick={() => seekBy(-10)}>
          Back 10 s
        </button>
        <button type="button" class="primary" onClick={() => run({ type: 'toggle-play' })}>
          {paused ? 'Play' : 'Pause'}
        </button>
        <button type="button" onClick={() => seekBy(30)}>
          Forward 30 s
        </button>
        <label>
          Speed{' '}
          <select value={String(preferences.rate)} onChange={(event) => setRate(Number(event.currentTarget.value))}>
            {PLAYBACK_RATES.map((rate) => (
              <option key={rate} value={String(rate)}>
                {rate}×
              </option>
            ))}
          </select>
        </label>
        {captions.length > 0 && (
          <label>
            Captions{' '}
            <select value={shownCaptions?.lang ?? ''} onChange={(event) => chooseCaptions(event.currentTarget.value || undefined)}>
              <option value="">Off</option>
              {captions.map((caption) => (
                <option key={caption.lang} value={caption.lang}>
                  {caption.label}
                </option>
              ))}
            </select>
          </label>
        )}
        {document.pictureInPictureEnabled && (
          <button type="button" onClick={() => void togglePictureInPicture().catch(() => {})}>
            {pictureInPicture ? 'Leave picture-in-picture' : 'Picture-in-picture'}
          </button>
        )}
        {document.fullscreenEnabled && (
          <button type="button" onClick={() => void toggleFullscreen().catch(() => {})}>
            Fullscreen
          </button>
        )}
        <button type="button" onClick={onClose}>
          Close player
        </button>
      </div>
      <p class="visually-hidden" role="status">
        {announcement}
      </p>
      {startAt > 0 && <p class="hint">Resumed at {formatDuration(startAt)}.</p>}
      <p class="hint keys">
        Keys: Space or K play/pause · J/L ∓10 s · ←/→ ∓5 s · F fullscreen · M mute · C captions · &lt; &gt; speed · Esc close.
      </p>
    </>
  );
}

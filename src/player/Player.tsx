import type { MountedPlayer } from './heldPlayer.ts';
import { X } from 'lucide';
import { Icon } from '../ui/Icon.tsx';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Episode } from '../core/catalog.ts';
import type { PreferencesStore } from '../core/db.ts';
import type { PlaybackPreferences } from '../core/playback.ts';
import { formatDuration } from '../ui/format.ts';
import { active, t } from '../i18n/translate.ts';
import { Controls } from './Controls.tsx';
import type { PlayerCommand } from './keyboard.ts';
import { MiniBar } from './MiniBar.tsx';
import type { PlayheadSnapshot } from './positionSaver.ts';
import { captionsToTurnOn, knownPreferences, matchCaptions, loadPreferences, savePreferences, stepRate } from './preferences.ts';
import { seekTarget } from './scrubber.ts';
import { SettingsSheet, ShortcutsDialog } from './Sheets.tsx';
import { UpNext } from './UpNext.tsx';
import { useControlsVisibility } from './useControlsVisibility.ts';
import { PLAY_STATE_EVENTS, useMediaEvents, useMediaValue } from './useMedia.ts';
import { usePlayingProbe, usePositionSaving, useReleaseOnClose, useStartAt } from './usePlayback.ts';
import { setRate, useCaptionTracks, useRate } from './usePreferencesOnElement.ts';
import { useRemoteAvailable } from './useRemotePlayback.ts';
import { useScreenModes } from './useScreenModes.ts';
import { useSession } from './useSession.ts';
import { useQuality, useSources, type Sources } from './useSources.ts';
import { useShortcuts } from './useShortcuts.ts';
import { useUpNext } from './useUpNext.ts';

export interface PlayerProps {
  episode: Episode;
  /** The show's name, for the lock screen. */
  show: string;
  previous?: Episode;
  next?: Episode;
  /** Downloaded (plays from the cache) or online (streams); false: offline and not downloaded. */
  playable: boolean;
  /** Downloaded: its record's media URL, the source stored (played from the cache, and the scrubber says all of it is there). */
  stored?: string;
  /** Where to start, in seconds (the saved position, or 0). */
  startAt: number;
  /** Where the viewer's speed and captions are kept. */
  preferencesStore: PreferencesStore;
  /** Its route was left while it played: shown as the bar at the bottom, still playing. */
  mini: boolean;
  onPosition(snapshot: PlayheadSnapshot): void;
  /** Another episode (up next, previous/next track), replacing this one in history. */
  onOpen(episodeId: string): void;
  /** Leaves the route (the app keeps the player as a bar if it is playing). */
  onClose(): void;
  /** The bar tapped: its route again. */
  onExpand(): void;
  /** The bar closed: stop and go. */
  onRelease(): void;
  /** Lets the app ask, as the route closes, whether it plays. */
  registerPlaying?(player: MountedPlayer): () => void;
}

/** The player: plays with the viewer's saved preferences (speed, captions), read first if need be. */
export function Player(props: PlayerProps) {
  const [preferences, setPreferences] = useState(knownPreferences);
  const section = useRef<HTMLElement>(null);
  // What is stored as the player opens: a download that completes while this streams changes
  // nothing until the next open. But a change of quality that lands while its old copy plays
  // moves on to the new copy (the old one's bytes are going).
  const [stored, setStored] = useState(props.stored);
  useEffect(() => {
    if (stored && props.stored && props.stored !== stored) setStored(props.stored);
  }, [props.stored]);
  const sources = useSources(props.episode, stored, section);
  const unplayable = !props.playable ? t('player.notPlayable') : sources && 'types' in sources ? t('player.noPlayableSource', { types: sources.types.join(', ') }) : '';
  useEffect(() => {
    if (!preferences) void loadPreferences(props.preferencesStore).then(setPreferences);
  }, [props.preferencesStore]);
  const remember = (next: PlaybackPreferences) => {
    setPreferences(next);
    void savePreferences(props.preferencesStore, next);
  };
  return (
    <section ref={section} class={props.mini ? 'player mini' : 'player'} aria-labelledby="player-title">
      <h2 id="player-title" class="player-title" tabIndex={-1} dir="auto">
        {props.episode.title}
      </h2>
      {unplayable ? (
        <>
          <p class="notice" role="status">
            {unplayable}
          </p>
          <button type="button" class="close-unplayable" onClick={props.onClose}>
            <Icon icon={X} size={18} /> {t('player.close')}
          </button>
        </>
      ) : (
        preferences && sources && <PlayerBody {...props} sources={sources as Sources} preferences={preferences} remember={remember} />
      )}
    </section>
  );
}

interface BodyProps extends PlayerProps {
  sources: Sources;
  preferences: PlaybackPreferences;
  remember(next: PlaybackPreferences): void;
}

function PlayerBody(props: BodyProps) {
  const { episode, previous, next, startAt, mini, onOpen, onClose, onExpand, onRelease, sources, preferences, remember } = props;
  const video = useRef<HTMLVideoElement>(null);
  const { src, quality, choose } = useQuality(video, sources.auto);
  const stage = useRef<HTMLDivElement>(null);
  const [announcement, announce] = useState('');
  const [failure, setFailure] = useState('');
  const [sheet, setSheet] = useState<'settings' | 'shortcuts'>();
  const captions = episode.captions ?? [];
  // Captions on stay on from one episode to the next, in the same language ('de' shows a 'de-DE' track).
  const shownCaptions = matchCaptions(captions, preferences.captionsLanguage);
  const latest = useRef({ preferences, shownCaptions, captions });
  latest.current = { preferences, shownCaptions, captions };

  const paused = useMediaValue(video, PLAY_STATE_EVENTS, (element) => element.paused, true);
  const { visible, controls } = useControlsVisibility(!paused && !mini);
  useEffect(() => controls.hold('sheet', sheet !== undefined), [sheet]);
  const modes = useScreenModes(video, stage);
  const castAvailable = useRemoteAvailable(video);
  const upNext = useUpNext(video, mini ? undefined : next, onOpen);
  useRate(video, preferences, remember, announce);
  useCaptionTracks(video, shownCaptions?.lang);
  useStartAt(video, startAt);
  usePositionSaving(video, props.onPosition);
  useMediaEvents(video, () => [
    ['error', () => setFailure(navigator.onLine ? t('player.couldNotPlay') : t('player.cannotPlayOffline'))],
  ]);
  usePlayingProbe(video, props.registerPlaying);

  const seekTo = (seconds: number) => {
    if (video.current) video.current.currentTime = seconds;
  };
  const seekBy = (seconds: number) => {
    const element = video.current;
    if (!element) return;
    const to = seekTarget(element.currentTime, seconds, element.duration);
    element.currentTime = to;
    announce(t('player.skipped', { skip: t('player.skip', { direction: seconds < 0 ? 'back' : 'forward', seconds: Math.abs(seconds) }), time: formatDuration(to) }));
  };
  const togglePlay = () => {
    const element = video.current;
    if (!element) return;
    if (element.paused) void element.play().catch(() => {});
    else element.pause();
  };
  // Escape and the lock screen's stop: paused first, so the app lets the player go rather than keep it as a bar.
  const stop = () => {
    video.current?.pause();
    if (mini) onRelease();
    else onClose();
  };
  const chooseCaptions = (language: string | undefined) => {
    const { preferences: current, captions: available } = latest.current;
    remember({ ...current, captionsLanguage: language, lastCaptionsLanguage: language ?? current.lastCaptionsLanguage });
    announce(language ? t('player.captionsOn', { language: available.find((caption) => caption.lang === language)?.label ?? language }) : t('player.captionsOff'));
  };
  const toggleCaptions = () => {
    const { shownCaptions: shown, captions: available, preferences: current } = latest.current;
    if (available.length === 0) return announce(t('player.noCaptions'));
    chooseCaptions(shown ? undefined : captionsToTurnOn(available, current, active.locale));
  };
  const run = (command: PlayerCommand) => {
    const element = video.current;
    if (!element) return;
    controls.show();
    switch (command.type) {
      case 'toggle-play':
        return togglePlay();
      case 'seek-by':
        return seekBy(command.seconds);
      case 'fullscreen':
        return modes.toggleFullscreen();
      case 'mute':
        element.muted = !element.muted;
        return announce(element.muted ? t('player.muted') : t('player.soundOn'));
      case 'captions':
        return toggleCaptions();
      case 'rate':
        return setRate(element, stepRate(element.playbackRate, command.direction));
      case 'shortcuts':
        return setSheet('shortcuts');
      case 'close':
        return stop();
    }
  };
  useSession(video, episode, props.show, {
    seekBy,
    seekTo,
    previous: !mini && previous ? () => onOpen(previous.id) : undefined,
    next: !mini && next ? () => onOpen(next.id) : undefined,
    stop,
  });
  useShortcuts(!mini, run);

  // Opened (or back from the bar), the player is at the top of the page wherever Play was
  // pressed: bring it into view and focus its title (screen readers announce the episode; keys
  // reach the shortcuts). After paint: the layout this forces would otherwise hold up the media's first request.
  useEffect(() => {
    if (mini) {
      setSheet(undefined);
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
      return;
    }
    const title = document.getElementById('player-title');
    title?.closest('section')?.scrollIntoView({ block: 'start' });
    title?.focus({ preventScroll: true });
  }, [mini]);
  useReleaseOnClose(video);

  return (
    <>
      <div class="stage" ref={stage} onClick={mini ? onExpand : undefined}>
        <video
          ref={video}
          src={src}
          // An audio episode shows its artwork where the picture would be.
          poster={episode.mediaType?.startsWith('audio/') && episode.artworkUrl ? episode.artworkUrl : undefined}
          crossOrigin="anonymous"
          playsInline
          aria-label={episode.title}
        >
          {captions.map((caption) => (
            <track key={caption.lang} kind="captions" srcLang={caption.lang} label={caption.label} src={caption.url} />
          ))}
        </video>
        {!mini && (
          <Controls
            video={video}
            paused={paused}
            visible={visible}
            controls={controls}
            downloaded={props.stored !== undefined}
            fullscreen={modes.fullscreen}
            pictureInPicture={modes.pictureInPicture}
            castAvailable={castAvailable}
            onTogglePlay={togglePlay}
            onSeekBy={seekBy}
            onSeekTo={seekTo}
            onSettings={() => setSheet('settings')}
            onShortcuts={() => setSheet('shortcuts')}
            onFullscreen={modes.toggleFullscreen}
            onPictureInPicture={modes.togglePictureInPicture}
            onCast={() => void video.current?.remote.prompt().catch(() => {})}
            onClose={onClose}
          />
        )}
      </div>
      {mini && <MiniBar title={episode.title} paused={paused} onTogglePlay={togglePlay} onExpand={onExpand} onClose={onRelease} />}
      {!mini && failure && (
        <p class="notice error" role="alert">
          {failure}
        </p>
      )}
      {!mini && upNext.countdown !== undefined && next && (
        <UpNext next={next} countdown={upNext.countdown} onPlay={() => onOpen(next.id)} onCancel={upNext.cancel} />
      )}
      <p class="visually-hidden" role="status">
        {announcement}
      </p>
      {!mini && startAt > 0 && <p class="hint">{t('player.resumedAt', { time: formatDuration(startAt) })}</p>}
      <SettingsSheet
        open={sheet === 'settings'}
        onClose={() => setSheet(undefined)}
        rate={preferences.rate}
        onRate={(rate) => setRate(video.current, rate)}
        captions={captions}
        captionsLanguage={shownCaptions?.lang}
        onCaptions={chooseCaptions}
        sources={sources}
        quality={sources.stored ? src : quality}
        onQuality={choose}
      />
      <ShortcutsDialog open={sheet === 'shortcuts'} onClose={() => setSheet(undefined)} />
    </>
  );
}

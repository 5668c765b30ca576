import type { Episode, EpisodeSource } from './catalog.ts';

/** What this device says of one source. */
export interface PlaybackVerdict {
  supported: boolean;
  /** Decodes without dropping frames (MediaCapabilities); assumed where only canPlayType could be asked. */
  smooth: boolean;
  /** Decodes in hardware, or as cheaply (MediaCapabilities); not known, so false, otherwise. */
  powerEfficient: boolean;
  /** Who answered: MediaCapabilities, canPlayType's "probably" or "maybe", or nobody (the catalog gave no type). */
  answer: 'capabilities' | 'probably' | 'maybe' | 'untyped' | 'no';
}

export type PlaybackProbe = (source: EpisodeSource) => Promise<PlaybackVerdict>;

/** What the probe asks: the page's (src/playbackProbe.ts; the worker has no media element) or a test's. */
export interface ProbeEnvironment {
  /** navigator.mediaCapabilities, where the browser has it. */
  mediaCapabilities?: Pick<MediaCapabilities, 'decodingInfo'>;
  /** A media element's canPlayType. */
  canPlayType(type: string): string;
}

export interface PlayableSource extends EpisodeSource {
  smooth: boolean;
  powerEfficient: boolean;
}

/** Why an episode has nothing to offer: the types this device refused (the UI says it in its words). */
export interface NoPlayableSource {
  reason: 'no-playable-source';
  types: string[];
}

export type Playable = { sources: PlayableSource[] } | { sources: []; none: NoPlayableSource };

/** An episode's sources as the catalog check left them: its list, or its one file. */
export function episodeSources(episode: Episode): EpisodeSource[] {
  if (episode.sources?.length) return episode.sources;
  const { mediaUrl: url, mediaType, bytes, sha256 } = episode;
  return [{ url, type: mediaType ?? '', ...(bytes ? { size: bytes } : {}), ...(sha256 ? { sha256 } : {}) }];
}

/**
 * The sources this device can play, in catalog order, each with how well; a source it cannot
 * play is never offered. None: why, for the UI. A probe that fails counts as a "no": a source
 * nobody vouched for is not offered.
 */
export async function playableSources(sources: readonly EpisodeSource[], probe: PlaybackProbe): Promise<Playable> {
  const verdicts = await Promise.all(sources.map((source) => probe(source).catch((): PlaybackVerdict | undefined => undefined)));
  const playable: PlayableSource[] = [];
  sources.forEach((source, index) => {
    const verdict = verdicts[index];
    if (verdict?.supported) playable.push({ ...source, smooth: verdict.smooth, powerEfficient: verdict.powerEfficient });
  });
  if (playable.length) return { sources: playable };
  return { sources: [], none: { reason: 'no-playable-source', types: [...new Set(sources.map((source) => source.type))] } };
}

const NO: PlaybackVerdict = { supported: false, smooth: false, powerEfficient: false, answer: 'no' };
/** MediaCapabilities needs a frame rate; catalogs rarely give one, and 30 is the usual. */
const ASSUMED_FRAMERATE = 30;
/** ...and a bitrate: where the catalog gives none, about what H.264 needs for the size (0.1 bit a pixel). */
const estimatedBitrate = (width: number, height: number) => Math.round(width * height * ASSUMED_FRAMERATE * 0.1);

/**
 * Asks MediaCapabilities.decodingInfo where the browser has it and the source says enough (a
 * video's height), canPlayType otherwise, or when decodingInfo refuses the question (Chromium
 * throws for a type without codecs). Answers are kept per type and size: a catalog of a
 * thousand episodes in three renditions asks three questions.
 */
export function createPlaybackProbe(environment: ProbeEnvironment): PlaybackProbe {
  const answers = new Map<string, Promise<PlaybackVerdict>>();
  return (source) => {
    const key = `${source.type}|${source.width ?? ''}x${source.height ?? ''}`;
    let answer = answers.get(key);
    if (!answer) answers.set(key, (answer = ask(environment, source)));
    return answer;
  };
}

async function ask(environment: ProbeEnvironment, { type, width, height, bitrate }: EpisodeSource): Promise<PlaybackVerdict> {
  // No type: nothing to ask; the player tries the file, as it always has.
  if (!type) return { supported: true, smooth: true, powerEfficient: false, answer: 'untyped' };
  const audio = type.startsWith('audio/');
  const capabilities = environment.mediaCapabilities;
  let refused = false;
  // A video type without codecs (a feed's bare `video/mp4`) is a question Chromium answers "not
  // supported" to whatever the file (measured), not one it throws for: canPlayType alone decides,
  // as for a source without a height, or the feed's own WebM would win as the only smooth one.
  if (capabilities && (audio || (height && /codecs\s*=/i.test(type)))) {
    const frameHeight = height ?? 0;
    const frameWidth = width ?? Math.round((frameHeight * 16) / 9);
    try {
      const { picture, sound } = splitCodecs(type);
      const info = await capabilities.decodingInfo(
        audio
          ? { type: 'file', audio: { contentType: type } }
          : {
              type: 'file',
              video: { contentType: picture, width: frameWidth, height: frameHeight, bitrate: bitrate ?? estimatedBitrate(frameWidth, frameHeight), framerate: ASSUMED_FRAMERATE },
              ...(sound ? { audio: { contentType: sound } } : {}),
            },
      );
      if (info.supported) return { supported: true, smooth: info.smooth, powerEfficient: info.powerEfficient, answer: 'capabilities' };
      // Chromium also says "not supported" to a short codec name it calls ambiguous (`vp9`, not
      // `vp09.00.10.08`) that its media element plays: canPlayType decides, and the source counts
      // as not smooth, so one MediaCapabilities vouches for is preferred.
      refused = true;
    } catch {
      // A question it will not answer: canPlayType's is the next best.
    }
  }
  const said = environment.canPlayType(type);
  return said === 'probably' || said === 'maybe' ? { supported: true, smooth: !refused, powerEfficient: false, answer: said } : NO;
}

const AUDIO_CODEC = /^(mp4a|opus|vorbis|flac|mp3|ac-3|ec-3|alac)\b/i;

/**
 * A video type's codecs split into the picture's and the sound's: MediaCapabilities takes one
 * codec per configuration, and answers "not supported" to `codecs="vp9, opus"` in a video one.
 * `video/webm; codecs="vp9, opus"` → `video/webm; codecs="vp9"` and `audio/webm; codecs="opus"`.
 */
export function splitCodecs(type: string): { picture: string; sound?: string } {
  const mime = type.split(';')[0]!.trim();
  const codecs = (/codecs\s*=\s*"?([^";]*)"?/i.exec(type)?.[1] ?? '').split(',').map((codec) => codec.trim()).filter(Boolean);
  const picture = codecs.find((codec) => !AUDIO_CODEC.test(codec));
  const sound = codecs.find((codec) => AUDIO_CODEC.test(codec));
  return {
    // No picture codec: the type as it is, which decodingInfo refuses (then canPlayType is asked).
    picture: picture ? `${mime}; codecs="${picture}"` : type,
    ...(sound ? { sound: `${mime.replace(/^video\//, 'audio/')}; codecs="${sound}"` } : {}),
  };
}

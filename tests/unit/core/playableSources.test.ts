import { describe, expect, it, vi } from 'vitest';
import type { Episode, EpisodeSource } from '../../../src/core/catalog.ts';
import { splitCodecs, createPlaybackProbe, episodeSources, playableSources, type ProbeEnvironment } from '../../../src/core/playableSources.ts';

const h264 = (height: number): EpisodeSource => ({ url: `/ep-${height}.mp4`, type: 'video/mp4; codecs="avc1.64001f, mp4a.40.2"', width: Math.round((height * 16) / 9), height, bitrate: height * 3000 });
const av1: EpisodeSource = { url: '/ep-1080.webm', type: 'video/webm; codecs="av01.0.08M.08"', width: 1920, height: 1080 };
const hls: EpisodeSource = { url: '/ep.m3u8', type: 'application/x-mpegURL' };

/** A device that decodes H.264 up to 1080p, smoothly up to 720p and in hardware up to 480p, and no AV1. */
function device(options: { capabilities?: boolean } = {}) {
  const decodingInfo = vi.fn(async (config: MediaDecodingConfiguration) => {
    const video = config.video;
    // As Chromium 156 (measured): a bare video type is "not supported", whatever the file.
    if (video && !/codecs=/.test(video.contentType)) return { supported: false, smooth: false, powerEfficient: false } as MediaCapabilitiesDecodingInfo;
    // As Chromium: a video configuration with two codecs (picture and sound) is "not supported".
    if (video?.contentType.includes(',')) return { supported: false, smooth: false, powerEfficient: false } as MediaCapabilitiesDecodingInfo;
    const supported = !!video?.contentType.includes('avc1') || !!config.audio?.contentType.startsWith('audio/mp4');
    const height = video?.height ?? 0;
    return { supported, smooth: supported && height <= 720, powerEfficient: supported && height <= 480 } as MediaCapabilitiesDecodingInfo;
  });
  const canPlayType = vi.fn((type: string) => (type.startsWith('video/mp4') ? 'maybe' : type.startsWith('audio/mpeg') ? 'probably' : ''));
  const environment: ProbeEnvironment = { ...(options.capabilities === false ? {} : { mediaCapabilities: { decodingInfo } }), canPlayType };
  return { environment, decodingInfo, canPlayType };
}

describe('which sources this device can play', () => {
  it('asks MediaCapabilities (type, size, bitrate, a frame rate) and offers only what it supports, with smooth and power-efficient', async () => {
    const { environment, decodingInfo } = device();
    const { sources } = await playableSources([h264(1080), h264(720), h264(360), av1, hls], createPlaybackProbe(environment));
    expect(sources.map(({ url, smooth, powerEfficient }) => [url, smooth, powerEfficient])).toEqual([
      ['/ep-1080.mp4', false, false],
      ['/ep-720.mp4', true, false],
      ['/ep-360.mp4', true, true],
    ]);
    expect(decodingInfo).toHaveBeenCalledWith({
      type: 'file',
      // One codec a configuration: Chromium says "not supported" to both in the video one.
      video: { contentType: 'video/mp4; codecs="avc1.64001f"', width: 1280, height: 720, bitrate: 2_160_000, framerate: 30 },
      audio: { contentType: 'audio/mp4; codecs="mp4a.40.2"' },
    });
  });

  it('falls back to canPlayType where there is no MediaCapabilities, or it refuses the question (no codecs), or the source gives no height', async () => {
    const plain: EpisodeSource = { url: '/plain.mp4', type: 'video/mp4', height: 720 };
    const noHeight: EpisodeSource = { url: '/low.mp4', type: 'video/mp4; codecs="avc1.42e01e"' };
    const webm: EpisodeSource = { url: '/ep.webm', type: 'video/webm' };
    const withCapabilities = device();
    const asked = await playableSources([plain, noHeight, webm], createPlaybackProbe(withCapabilities.environment));
    expect(asked.sources.map((source) => [source.url, source.smooth, source.powerEfficient])).toEqual([
      ['/plain.mp4', true, false],
      ['/low.mp4', true, false],
    ]);
    expect(withCapabilities.canPlayType.mock.calls.map(([type]) => type).sort()).toEqual(['video/mp4', 'video/mp4; codecs="avc1.42e01e"', 'video/webm']);

    const without = device({ capabilities: false });
    const old = await playableSources([h264(720), av1], createPlaybackProbe(without.environment));
    expect(old.sources.map((source) => source.url)).toEqual(['/ep-720.mp4']);
    expect(without.decodingInfo).not.toHaveBeenCalled();
  });

  it('audio is asked as audio; a source with no type is offered untested (the player tries it, as it always has)', async () => {
    const { environment, decodingInfo } = device();
    const { sources } = await playableSources(
      [{ url: '/a.m4a', type: 'audio/mp4; codecs="mp4a.40.2"' }, { url: '/a.ogg', type: 'audio/ogg' }, { url: '/mystery', type: '' }],
      createPlaybackProbe(environment),
    );
    expect(sources.map((source) => source.url)).toEqual(['/a.m4a', '/mystery']);
    expect(decodingInfo).toHaveBeenCalledWith({ type: 'file', audio: { contentType: 'audio/mp4; codecs="mp4a.40.2"' } });
  });

  it('an episode with nothing playable says why: the types refused', async () => {
    const result = await playableSources([av1, { ...av1, url: '/other.webm' }, hls], createPlaybackProbe(device().environment));
    expect(result).toEqual({ sources: [], none: { reason: 'no-playable-source', types: ['video/webm; codecs="av01.0.08M.08"', 'application/x-mpegURL'] } });
  });

  it('a probe that fails is a "no": nothing unvouched-for is offered', async () => {
    const result = await playableSources([h264(720)], () => Promise.reject(new Error('gone')));
    expect(result.sources).toEqual([]);
  });

  it('asks once per type and size, however many episodes share them (and at once, when asked together)', async () => {
    const { environment, decodingInfo } = device();
    const probe = createPlaybackProbe(environment);
    const episodes = Array.from({ length: 50 }, (_, index) => [h264(360), h264(720)].map((source) => ({ ...source, url: `/e${index}${source.url}` })));
    await Promise.all(episodes.map((sources) => playableSources(sources, probe)));
    expect(decodingInfo).toHaveBeenCalledTimes(2);
    await playableSources([{ ...h264(720), width: 1080 }], probe); // another size: another question
    expect(decodingInfo).toHaveBeenCalledTimes(3);
  });
});

it('an episode’s sources: its list, or its one file described by its own fields', () => {
  const episode: Episode = { id: 'e', title: 'E', description: '', durationSeconds: 0, bytes: 900, mediaType: 'video/webm', sha256: 'ab'.repeat(32), mediaUrl: 'https://x.test/e.webm', artworkUrl: '' };
  expect(episodeSources(episode)).toEqual([{ url: 'https://x.test/e.webm', type: 'video/webm', size: 900, sha256: 'ab'.repeat(32) }]);
  expect(episodeSources({ ...episode, bytes: 0, mediaType: undefined, sha256: undefined })).toEqual([{ url: 'https://x.test/e.webm', type: '' }]);
  const sources = [h264(360), h264(720)];
  expect(episodeSources({ ...episode, sources })).toBe(sources);
});

describe('a type split for MediaCapabilities', () => {
  it('gives the picture one codec and the sound its own audio type', () => {
    expect(splitCodecs('video/webm; codecs="vp9, opus"')).toEqual({ picture: 'video/webm; codecs="vp9"', sound: 'audio/webm; codecs="opus"' });
    expect(splitCodecs('video/mp4; codecs="mp4a.40.2,avc1.42c01e"')).toEqual({ picture: 'video/mp4; codecs="avc1.42c01e"', sound: 'audio/mp4; codecs="mp4a.40.2"' });
    expect(splitCodecs('video/mp4; codecs=avc1.64001f')).toEqual({ picture: 'video/mp4; codecs="avc1.64001f"' });
    expect(splitCodecs('video/mp4')).toEqual({ picture: 'video/mp4' });
  });
});

describe('a codec name MediaCapabilities calls ambiguous', () => {
  it('is offered when the media element plays it, as not smooth, so a source MediaCapabilities vouches for wins', async () => {
    const environment: ProbeEnvironment = {
      // As Chromium: `vp9` (not `vp09.…`) is "not supported"; H.264 is.
      mediaCapabilities: { decodingInfo: async (config) => ({ supported: !!config.video?.contentType.includes('avc1'), smooth: true, powerEfficient: true }) as MediaCapabilitiesDecodingInfo },
      canPlayType: (type) => (type.startsWith('video/webm') || type.startsWith('video/mp4') ? 'probably' : ''),
    };
    const vp9: EpisodeSource = { url: '/own.webm', type: 'video/webm; codecs="vp9, opus"', height: 720 };
    const { sources } = await playableSources([vp9, h264(360)], createPlaybackProbe(environment));
    expect(sources.map(({ url, smooth }) => [url, smooth])).toEqual([
      ['/own.webm', false],
      ['/ep-360.mp4', true],
    ]);
  });
});

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { ffmpegInto, GENERATED_MEDIA_DIR } from './generatedMedia.ts';

const run = promisify(execFile);

/** One rung of the ladder: a size and the video bitrate it is encoded at. */
export interface Rung {
  /** "720p": in the file's name and URL, and the catalog's label. */
  name: string;
  width: number;
  height: number;
  videoKbps: number;
}

/** The demo's ladder (README, For publishers): three sizes a viewer can tell apart, and files whose sizes differ. */
export const DEMO_LADDER: readonly Rung[] = [
  { name: '360p', width: 640, height: 360, videoKbps: 400 },
  { name: '720p', width: 1280, height: 720, videoKbps: 1200 },
  { name: '1080p', width: 1920, height: 1080, videoKbps: 2500 },
];

export interface RenditionFile {
  rung: Rung;
  path: string;
  /** The RFC 6381 codecs parameter, read from the file (`avc1.42c01e, mp4a.40.2`). */
  codecs: string;
}

/** Made once per process for each file and rung (episodes share files). */
const making = new Map<string, Promise<RenditionFile>>();

/**
 * The file re-encoded at each rung, H.264/AAC MP4s made with ffmpeg once per machine and kept
 * in GENERATED_MEDIA_DIR under the source's content hash (an edited source gets new ones). The
 * first start takes ~7 s a source on two cores; later ones read what is there.
 */
export async function renditionsOf(source: string, ladder: readonly Rung[] = DEMO_LADDER): Promise<RenditionFile[]> {
  const hash = createHash('sha256').update(await readFile(source)).digest('hex').slice(0, 12);
  const stem = basename(source).replace(/\.\w+$/, '');
  const files: RenditionFile[] = [];
  // One at a time: ffmpeg uses every core already.
  for (const rung of ladder) {
    const destination = join(GENERATED_MEDIA_DIR, `${stem}.${hash}.${rung.name}-${rung.videoKbps}k.mp4`);
    let file = making.get(destination);
    if (!file) making.set(destination, (file = encoded(source, destination, rung)));
    files.push(await file.catch((error: unknown) => {
      making.delete(destination); // tried again at the next start, not remembered as failed
      throw error;
    }));
  }
  return files;
}

async function encoded(source: string, destination: string, rung: Rung): Promise<RenditionFile> {
  if (!(await stat(destination).catch(() => undefined))?.size) {
    await ffmpegInto(destination, [
      '-i', source,
      '-vf', `scale=${rung.width}:${rung.height},setsar=1`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
      '-b:v', `${rung.videoKbps}k`, '-maxrate', `${rung.videoKbps}k`, '-bufsize', `${rung.videoKbps * 2}k`, '-g', '48',
      '-c:a', 'aac', '-b:a', '96k',
    ]);
  }
  return { rung, path: destination, codecs: `${await avcCodec(destination)}, mp4a.40.2` };
}

/**
 * `avc1.PPCCLL` from the file's avcC box (profile, constraints, level, as RFC 6381 spells them):
 * what MediaCapabilities is asked about, so the catalog says what the encoder actually made.
 */
export async function avcCodec(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    // faststart: the moov, and its avcC, are at the start.
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(512 * 1024), 0, 512 * 1024, 0);
    const at = buffer.subarray(0, bytesRead).indexOf('avcC');
    if (at < 0) throw new Error(`${path}: no avcC box (not H.264?)`);
    const hex = (offset: number) => (buffer[at + offset] ?? 0).toString(16).padStart(2, '0');
    return `avc1.${hex(5)}${hex(6)}${hex(7)}`;
  } finally {
    await handle.close();
  }
}

/** What a source file is, for the catalog's entry of it beside its renditions: its size in pixels and its codecs. */
export async function probeVideo(path: string): Promise<{ width: number; height: number; codecs: string }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width,height', '-of', 'json', path]);
  const { streams = [] } = JSON.parse(stdout) as { streams?: { codec_type?: string; codec_name?: string; width?: number; height?: number }[] };
  const video = streams.find((stream) => stream.codec_type === 'video');
  if (!video?.width || !video.height) throw new Error(`${path}: no video stream`);
  // The short names browsers take for WebM (`vp9, opus`): what the demo's own files are.
  const codecs = streams.map((stream) => stream.codec_name).filter((name): name is string => !!name).join(', ');
  return { width: video.width, height: video.height, codecs };
}

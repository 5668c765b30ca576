import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where generated test media is kept between runs (made once per machine). */
export const GENERATED_MEDIA_DIR = join(tmpdir(), 'offline-episodes-media');

/**
 * A real, seekable H.264/AAC MP4 of `seconds` at about 1.5 Mbit/s (~11 MB a minute), made with
 * ffmpeg (Debian's, installed by .ci/run). Large enough that Chromium does not buffer it whole:
 * a seek far ahead must ask for a later byte range, which offline only the worker can answer.
 * `faststart` puts the index (moov) first, so the only reason for a later range is the seek.
 *
 * Written to a temporary name and renamed into place, as padded WebMs are (parallel servers).
 */
export async function seekableMp4(seconds: number): Promise<string> {
  await mkdir(GENERATED_MEDIA_DIR, { recursive: true });
  const destination = join(GENERATED_MEDIA_DIR, `seekable-${seconds}s.mp4`);
  if ((await stat(destination).catch(() => undefined))?.size) return destination;
  // A moving test card with a burnt-in clock and a tone: every second looks and sounds different.
  await ffmpegInto(destination, [
    '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=25:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', '1500k', '-g', '50',
    '-c:a', 'aac', '-b:a', '96k',
  ]);
  return destination;
}

/**
 * Runs ffmpeg with `args` (inputs and codecs) into an MP4 at `destination`, index first (a player,
 * and a seek, needs no later range to start). Written to a temporary name and renamed into
 * place: parallel servers share the folder.
 */
export async function ffmpegInto(destination: string, args: readonly string[]): Promise<void> {
  const temporary = `${destination}.${randomUUID()}.tmp.mp4`;
  try {
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args, '-movflags', '+faststart', temporary]);
    await rename(temporary, destination);
  } finally {
    await rm(temporary, { force: true });
  }
}

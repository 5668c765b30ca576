import { execFile } from 'node:child_process';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { DemoEpisode } from '../server/demoCatalog.ts';
import { writePaddedWebm } from '../server/paddedWebm.ts';

const run = promisify(execFile);
const source = resolve('server/media/ep3-offline-video.webm');
const dir = join(tmpdir(), 'offline-episodes-bench');

/** A large episode: the demo file with padding after its media (plays, but all its frames are at the start). */
export async function paddedEpisode(id: string, bytes: number, sha256 = true): Promise<DemoEpisode> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `padded-${bytes}-offsets.webm`);
  await writePaddedWebm(source, path, bytes);
  return episode(id, path, sha256);
}

/**
 * A long episode whose frames run through the whole file, so a seek to 90 % reads 90 % into it:
 * the demo file concatenated with ffmpeg (stream copy, seconds). Without ffmpeg, a padded one,
 * and the caller is told so.
 */
export async function seekableEpisode(id: string, minBytes: number): Promise<{ episode: DemoEpisode; seekable: boolean }> {
  await mkdir(dir, { recursive: true });
  const copies = Math.ceil(minBytes / (await stat(source)).size);
  const path = join(dir, `concatenated-${copies}.webm`);
  if (await stat(path).catch(() => undefined)) return { episode: episode(id, path), seekable: true };
  try {
    const list = join(dir, `concat-${copies}.txt`);
    await writeFile(list, `file '${source}'\n`.repeat(copies));
    await run('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', path]);
    return { episode: episode(id, path), seekable: true };
  } catch {
    return { episode: await paddedEpisode(id, minBytes), seekable: false };
  }
}

function episode(id: string, path: string, sha256 = true): DemoEpisode {
  return {
    id,
    title: `Bench ${id}`,
    description: 'A benchmark episode.',
    durationSeconds: 20,
    file: 'ep3-offline-video.webm',
    path,
    ...(sha256 ? {} : { sha256: false as const }),
  };
}

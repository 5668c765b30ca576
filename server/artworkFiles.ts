import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { GENERATED_MEDIA_DIR } from './generatedMedia.ts';

const run = promisify(execFile);

const ARTWORK_DIR = fileURLToPath(new URL('artwork', import.meta.url));
const SCALED_DIR = join(GENERATED_MEDIA_DIR, 'artwork');

/** The widths each picture is offered in besides its own (only those narrower than it). */
const ARTWORK_WIDTHS = [160, 240, 320, 480, 640, 960, 1280];

const TYPES: Record<string, string> = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp' };

/** One picture at one width, as it is sent. */
export interface ArtworkFile {
  body: Buffer;
  type: string;
  etag: string;
  /** Named by its content hash: it never changes under its name. */
  immutable: boolean;
}

/** A picture's URLs for the catalog: its own size, and every width it is offered in (narrowest first, its own last). */
export interface ArtworkUrls {
  url: string;
  widths: { url: string; width: number }[];
}

export interface Artwork {
  /** By the picture's file name in server/artwork (e.g. `ep1-service-workers.jpg`). */
  urls(file: string): ArtworkUrls | undefined;
  /** By the name in `/artwork/<name>`: a hashed one, or the picture's own file name. */
  file(name: string): ArtworkFile | undefined;
}

let prepared: Promise<Artwork> | undefined;

/**
 * The demo's pictures and their narrower copies, each under a name with its content hash (so it
 * can be cached for a year and a changed picture is still seen: the catalog names the new URL).
 * The copies are made by ffmpeg once per machine; without ffmpeg, each picture is offered at its
 * own size only. Made once per process (the tests start many servers).
 */
export function prepareArtwork(): Promise<Artwork> {
  return (prepared ??= loadArtwork());
}

async function loadArtwork(): Promise<Artwork> {
  const byName = new Map<string, ArtworkFile>();
  const byFile = new Map<string, ArtworkUrls>();
  let scaler: 'ffmpeg' | 'none' = 'ffmpeg';
  for (const file of (await readdir(ARTWORK_DIR)).sort()) {
    const extension = extname(file).toLowerCase();
    const type = TYPES[extension];
    if (!type) continue;
    const base = file.slice(0, -extension.length);
    const path = join(ARTWORK_DIR, file);
    const original = await readFile(path);
    const add = (body: Buffer, suffix: string) => {
      const hash = contentHash(body, 10);
      const name = `${base}${suffix}.${hash}${extension}`;
      byName.set(name, { body, type, etag: `"${hash}"`, immutable: true });
      return `/artwork/${name}`;
    };
    // The name it always had: pages and records saved before still find it (revalidated each time).
    byName.set(file, { body: original, type, etag: `"${contentHash(original, 10)}"`, immutable: false });
    const width = imageWidth(original);
    const widths: ArtworkUrls['widths'] = [];
    for (const narrower of width ? ARTWORK_WIDTHS.filter((candidate) => candidate < width) : []) {
      const scaled = scaler === 'ffmpeg' ? await scaledCopy(path, original, narrower).catch(() => undefined) : undefined;
      if (!scaled) {
        if (scaler === 'ffmpeg') console.warn('[artwork] ffmpeg could not scale the pictures: each is offered at its own size only');
        scaler = 'none';
        break;
      }
      widths.push({ url: add(scaled, `-${narrower}w`), width: narrower });
    }
    const url = add(original, '');
    if (width) widths.push({ url, width });
    byFile.set(file, { url, widths });
  }
  return { urls: (file) => byFile.get(file), file: (name) => byName.get(name) };
}

/** The picture at `path` scaled to `width` (its aspect kept), made once per machine: written to a temporary name and renamed into place. */
async function scaledCopy(path: string, original: Buffer, width: number): Promise<Buffer> {
  await mkdir(SCALED_DIR, { recursive: true });
  const extension = extname(path).toLowerCase();
  const destination = join(SCALED_DIR, `${contentHash(original, 16)}-${width}w${extension}`);
  const kept = await readFile(destination).catch(() => undefined);
  if (kept?.length) return kept;
  const temporary = `${destination}.${randomUUID()}.tmp${extension}`;
  try {
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', path, '-vf', `scale=${width}:-1`, '-q:v', '5', '-frames:v', '1', '-update', '1', temporary]);
    await rename(temporary, destination);
  } finally {
    await rm(temporary, { force: true });
  }
  return readFile(destination);
}

function contentHash(body: Buffer, length: number): string {
  return createHash('sha256').update(body).digest('hex').slice(0, length);
}

/** A JPEG's or PNG's width from its header; undefined for anything else. */
export function imageWidth(bytes: Buffer): number | undefined {
  if (bytes.length > 24 && bytes.readUInt32BE(0) === 0x89504e47) return bytes.readUInt32BE(16);
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  // JPEG: segments from the start; the frame header (SOF0–SOF15 but DHT, JPG, DAC) holds the size.
  for (let at = 2; at + 9 < bytes.length; ) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return bytes.readUInt16BE(at + 7);
    at += 2 + bytes.readUInt16BE(at + 2);
  }
  return undefined;
}

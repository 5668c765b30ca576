import { randomUUID } from 'node:crypto';
import { copyFile, open, rename, rm, stat } from 'node:fs/promises';

/**
 * Makes a large, still playable WebM from a small one by appending an EBML Void element
 * (ID 0xEC), which Matroska readers skip. It gives the demo a tens-of-MB episode without
 * committing one, and the bench its 200 MB and 500 MB files.
 *
 * The padding is not zeros: every 4-byte word holds its own offset in the file, so a chunk stored
 * twice, skipped or out of order changes the bytes (and the SHA-256) wherever it happens.
 *
 * Several servers start at once (one per test, tests in parallel) and may make the same file: each
 * writes its own temporary copy and renames it into place, which is atomic, so no server ever
 * reads, hashes or serves a file another is still writing. (Appending in place, two servers
 * interleaved their writes: the file had the right size and the wrong bytes, and a download of it
 * ended "Failed: download corrupted".)
 */
export async function writePaddedWebm(source: string, destination: string, totalBytes: number): Promise<void> {
  const existing = await stat(destination).catch(() => undefined);
  if (existing?.size === totalBytes) return;
  const sourceBytes = (await stat(source)).size;
  const header = 9; // 1 byte ID + 8 byte size
  const payload = totalBytes - sourceBytes - header;
  if (payload < 0) throw new Error(`A padded WebM must be larger than ${sourceBytes + header} bytes`);
  const temporary = `${destination}.${randomUUID()}.tmp`;
  try {
    await copyFile(source, temporary);
    const file = await open(temporary, 'a');
    try {
      const element = Buffer.alloc(header);
      element[0] = 0xec;
      element.writeBigUInt64BE((1n << 56n) | BigInt(payload), 1); // 8-byte EBML size
      await file.write(element);
      const blockBytes = 4 * 1024 * 1024;
      for (let offset = sourceBytes + header; offset < totalBytes; offset += blockBytes) {
        await file.write(offsetPattern(offset, Math.min(blockBytes, totalBytes - offset)));
      }
    } finally {
      await file.close();
    }
    await rename(temporary, destination);
  } finally {
    await rm(temporary, { force: true });
  }
}

/** The bytes at [start, start + length) of a file whose every aligned 4-byte word is its own index (big-endian). */
export function offsetPattern(start: number, length: number): Buffer {
  const alignedStart = start - (start % 4);
  const words = Math.ceil((start + length - alignedStart) / 4);
  const block = Buffer.alloc(words * 4);
  for (let word = 0; word < words; word++) block.writeUInt32BE((alignedStart / 4 + word) >>> 0, word * 4);
  return block.subarray(start - alignedStart, start - alignedStart + length);
}

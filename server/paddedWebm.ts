import { copyFile, open, stat } from 'node:fs/promises';

/**
 * Makes a large, still playable WebM from a small one by appending an EBML Void element
 * (ID 0xEC), which Matroska readers skip. It gives the demo a tens-of-MB episode without
 * committing one, and the bench its 200 MB and 500 MB files.
 */
export async function writePaddedWebm(source: string, destination: string, totalBytes: number): Promise<void> {
  const existing = await stat(destination).catch(() => undefined);
  if (existing?.size === totalBytes) return;
  const sourceBytes = (await stat(source)).size;
  const header = 9; // 1 byte ID + 8 byte size
  const payload = totalBytes - sourceBytes - header;
  if (payload < 0) throw new Error(`A padded WebM must be larger than ${sourceBytes + header} bytes`);
  await copyFile(source, destination);
  const file = await open(destination, 'a');
  try {
    const element = Buffer.alloc(header);
    element[0] = 0xec;
    element.writeBigUInt64BE((1n << 56n) | BigInt(payload), 1); // 8-byte EBML size
    await file.write(element);
    const block = Buffer.alloc(4 * 1024 * 1024);
    for (let left = payload; left > 0; left -= block.length) {
      await file.write(block, 0, Math.min(block.length, left));
    }
  } finally {
    await file.close();
  }
}

import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { offsetPattern, writePaddedWebm } from '../../../server/paddedWebm.ts';

const source = resolve(import.meta.dirname, '../../../server/media/ep3-offline-video.webm');
const total = 6 * 1024 * 1024 + 3; // more than one 4 MB block, and not word-aligned
let dir: string;

beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'padded-webm-test-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('a padded WebM', () => {
  it('is the source, a Void element header, then padding whose every word is its own offset', async () => {
    const destination = join(dir, 'padded.webm');
    await writePaddedWebm(source, destination, total);
    const bytes = await readFile(destination);
    const original = await readFile(source);
    expect(bytes.length).toBe(total);
    expect(bytes.subarray(0, original.length).equals(original)).toBe(true);
    expect(bytes[original.length]).toBe(0xec);
    const word = (offset: number) => bytes.readUInt32BE(offset);
    // Any aligned word past the header reads as its own index: a moved chunk cannot look right.
    for (const offset of [1024 * 1024, 4 * 1024 * 1024 + 4096, total - 7 - ((total - 7) % 4)]) {
      expect(word(offset)).toBe(offset / 4);
    }
    expect(bytes.subarray(2 * 1024 * 1024, 3 * 1024 * 1024).equals(bytes.subarray(3 * 1024 * 1024, 4 * 1024 * 1024))).toBe(false);
  });

  it('comes out whole when several servers make it at once (a fresh machine, tests in parallel)', async () => {
    const destination = join(dir, 'padded.webm');
    await writePaddedWebm(source, join(dir, 'reference.webm'), total);
    const expected = createHash('sha256').update(await readFile(join(dir, 'reference.webm'))).digest('hex');
    await Promise.all([1, 2, 3, 4].map(() => writePaddedWebm(source, destination, total)));
    expect(createHash('sha256').update(await readFile(destination)).digest('hex')).toBe(expected);
    expect((await readdir(dir)).sort()).toEqual(['padded.webm', 'reference.webm']); // no temporary left
  });

  it('gives the same bytes for an offset however the pattern is cut', () => {
    const whole = offsetPattern(1001, 64);
    expect(Buffer.concat([offsetPattern(1001, 3), offsetPattern(1004, 61)]).equals(whole)).toBe(true);
    expect(offsetPattern(1002, 10).equals(whole.subarray(1, 11))).toBe(true);
  });
});

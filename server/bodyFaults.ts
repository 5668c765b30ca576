/**
 * Faults applied to a media body as it is sent, at absolute file offsets so a resumed (ranged)
 * request sees the same file the first one did.
 */
export interface BodyFaults {
  /** Flip this byte of the file: same length, wrong content (a corrupting proxy or disk). */
  corruptAt?: number;
  /** Drop the connection once the file has been sent up to this offset; fires once, then clears. */
  cutAt?: number;
}

export class ConnectionCut extends Error {}

export async function* applyBodyFaults(
  source: AsyncIterable<Buffer>,
  start: number,
  faults: BodyFaults,
): AsyncGenerator<Buffer> {
  let offset = start;
  for await (const chunk of source) {
    let part = chunk;
    const { corruptAt, cutAt } = faults;
    if (cutAt !== undefined && offset + part.length > cutAt) {
      if (cutAt > offset) yield part.subarray(0, cutAt - offset);
      delete faults.cutAt;
      throw new ConnectionCut(`connection cut at byte ${cutAt}`);
    }
    if (corruptAt !== undefined && corruptAt >= offset && corruptAt < offset + part.length) {
      part = Buffer.from(part);
      part[corruptAt - offset] = (part[corruptAt - offset] ?? 0) ^ 0xff;
    }
    offset += part.length;
    yield part;
  }
}

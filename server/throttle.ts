import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Paces a byte stream to a rate read before every slice, so a test can change it mid-transfer.
 * A rate of 0 or less means "as fast as possible".
 */
export async function* throttle(
  source: AsyncIterable<Buffer>,
  bytesPerSecond: () => number,
): AsyncGenerator<Buffer> {
  let rate = bytesPerSecond();
  let start = performance.now();
  let sent = 0;
  for await (const chunk of source) {
    if (bytesPerSecond() <= 0) {
      yield chunk;
      continue;
    }
    const slice = Math.max(1024, Math.floor(bytesPerSecond() / 20));
    for (let offset = 0; offset < chunk.length; offset += slice) {
      if (bytesPerSecond() !== rate) {
        rate = bytesPerSecond();
        start = performance.now();
        sent = 0;
      }
      const part = chunk.subarray(offset, offset + slice);
      sent += part.length;
      const wait = start + (sent / rate) * 1000 - performance.now();
      if (wait > 0) await sleep(wait);
      yield part;
    }
  }
}

/** What counts against the viewer's download limit ("Use at most 2 GB"); what fits is housekeeping.ts. */
import { type DownloadRecord } from './downloadState.ts';
import { isPending } from './downloadRecords.ts';

/** Bytes a downloaded episode takes (what was stored, or what the catalog said). */
export function bytesOf(record: DownloadRecord): number {
  return record.storedBytes ?? record.expectedBytes;
}

/** Bytes the library holds or is about to: downloaded episodes, and what running downloads will store. */
export function bytesCommitted(records: Iterable<DownloadRecord>): number {
  let total = 0;
  for (const record of records) {
    if (record.state === 'downloaded' || isPending(record.state)) total += bytesOf(record);
    // A change of quality holds both copies until it lands.
    if (record.previous) total += bytesOf(record.previous);
  }
  return total;
}


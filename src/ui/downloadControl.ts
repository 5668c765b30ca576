import type { DownloadRecord } from '../core/downloadState.ts';
import { isPending } from '../core/downloadRecords.ts';
import { renditionName } from '../core/renditionName.ts';
import { retriesAutomatically } from '../core/retryPolicy.ts';
import { progressPhase, type DownloadProgress } from '../downloads/downloadProgress.ts';
import type { QueuePlace } from '../downloads/downloadQueue.ts';
import { t } from '../i18n/translate.ts';
import { formatBytes, formatDuration, percentOf } from './format.ts';

/**
 * What the one download control of a card shows: its icon, what pressing it does, the ring's
 * fill and the status line. Kinds a viewer tells apart at a glance each get an icon of their own.
 */
export type ControlKind =
  | 'download'
  | 'sign-in'
  | 'starting'
  | 'downloading'
  | 'queued'
  | 'waiting-for-network'
  | 'waiting-for-wifi'
  | 'retrying'
  | 'failed'
  | 'downloaded';

export interface ControlState {
  kind: ControlKind;
  /** What pressing the control does (undefined: the control is a badge, not a button). */
  action?: 'download' | 'cancel' | 'retry';
  /** The ring's fill from 0 to 1 while bytes are known to be coming, else undefined. */
  fraction?: number;
  /** Bytes so far and expected, for the labelled <progress> (downloading only). */
  bytes?: { done: number; total: number };
  /** The status line: the state in words, never only an icon. */
  text: string;
}

export interface ControlContext {
  now: number;
  online: boolean;
  anotherIsRunning: boolean;
  signedIn?: boolean;
}

export function controlStateOf(
  episode: { bytes?: number; subscribersOnly?: boolean },
  record: DownloadRecord | undefined,
  progress: DownloadProgress | undefined,
  queuePlace: QueuePlace | undefined,
  context: ControlContext,
): ControlState {
  const control = attemptStateOf(episode, record, progress, queuePlace, context);
  // A change of quality under way (the stored copy plays meanwhile; Cancel keeps it): said as one.
  if (!record?.previous || !isPending(record.state)) return control;
  return { ...control, text: t('control.changing', { quality: renditionName(record.rendition) ?? '', status: control.text }) };
}

function attemptStateOf(
  episode: { bytes?: number; subscribersOnly?: boolean },
  record: DownloadRecord | undefined,
  progress: DownloadProgress | undefined,
  queuePlace: QueuePlace | undefined,
  context: ControlContext,
): ControlState {
  const state = record?.state;
  if (state === 'downloading') {
    const done = progress?.downloaded ?? 0;
    const total = progress?.total || episode.bytes || (record?.expectedBytes ?? 0);
    // Every byte the browser expects is here (its own total, not the catalog's): the worker is
    // checking and storing them (seconds for a large episode), offline or not.
    const phase = waitsItsTurn(record, done, queuePlace) ? 'queued' : progress?.total && done >= progress.total ? 'saving' : progressPhase(progress, context);
    const bytes = { done, total };
    const amount = t('control.amount', { done: formatBytes(done), total: formatBytes(total) });
    switch (phase) {
      case 'queued':
        return { kind: 'queued', action: 'cancel', bytes, text: queuedText(queuePlace, 2) };
      case 'starting':
        return { kind: 'starting', action: 'cancel', bytes, fraction: 0, text: t('control.starting') };
      case 'waiting-for-network':
        return { kind: 'waiting-for-network', action: 'cancel', bytes, fraction: fractionOf(done, total), text: t('control.waitingForNetwork', { amount }) };
      case 'saving':
        return { kind: 'downloading', action: 'cancel', bytes, fraction: fractionOf(done, total), text: t('control.saving') };
      case 'downloading': {
        const rate = progress?.bytesPerSecond ?? 0;
        const line = [t('control.downloading', { percent: percentOf(done, total), amount })];
        if (rate > 0) line.push(t('control.speed', { size: formatBytes(rate) }), t('time.left', { time: formatDuration(Math.ceil((total - done) / rate)) }));
        return { kind: 'downloading', action: 'cancel', bytes, fraction: fractionOf(done, total), text: line.join(' · ') };
      }
    }
  }
  if (state === 'queued') return { kind: 'queued', action: 'cancel', text: queuedText(queuePlace, 1) };
  if (state === 'waiting-for-wifi') return { kind: 'waiting-for-wifi', action: 'cancel', text: t('control.waitingForWifi') };
  if (record && retriesAutomatically(record)) return { kind: 'retrying', action: 'cancel', text: t('control.retrying') };
  // "Downloaded · 720p": which rendition, where the download took one of several.
  if (state === 'downloaded') return { kind: 'downloaded', text: [t('common.downloaded'), renditionName(record?.rendition)].filter(Boolean).join(' · ') };
  // The failure's words come from failureText (a chunk of its own); this is what shows meanwhile.
  if (state === 'failed' && record?.failure) return { kind: 'failed', action: 'retry', text: t('common.failed') };
  if (episode.subscribersOnly && context.signedIn === false) return { kind: 'sign-in', action: 'download', text: '' };
  return { kind: 'download', action: 'download', text: state === 'cancelled' ? t('control.cancelled') : context.online ? '' : t('control.notDownloaded') };
}

/** "Queued · 2 of 4" once there is more than `atLeast` in the queue, else "Queued". */
function queuedText(place: QueuePlace | undefined, atLeast: number): string {
  return place && place.of >= atLeast ? t('control.queuedPlace', { position: place.position, count: place.of }) : t('control.queued');
}

/** The ring's fill: never full before the last byte, as the percentage says. */
function fractionOf(done: number, total: number): number {
  return total > 0 ? percentOf(done, total) / 100 : 0;
}

/**
 * A background fetch with no bytes yet behind another one started earlier: Chromium runs an
 * origin's background fetches one at a time (docs/background-fetch-in-chromium.md), so it is
 * waiting its turn (in-page downloads run side by side, so for them this says nothing).
 */
function waitsItsTurn(record: DownloadRecord | undefined, done: number, place: QueuePlace | undefined): boolean {
  return done === 0 && record?.transport !== 'in-page' && (place?.position ?? 1) > 1;
}

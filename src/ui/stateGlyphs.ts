import { Clock, CloudOff, Lock, RotateCw, Wifi, type IconNode } from 'lucide';
import type { ControlKind } from './downloadControl.ts';

/** The download control's glyphs for states a library seldom opens in (DownloadButton.tsx has the others). */
export const LATER_GLYPHS: Partial<Record<ControlKind, IconNode>> = {
  'sign-in': Lock,
  queued: Clock,
  'waiting-for-network': CloudOff,
  'waiting-for-wifi': Wifi,
  retrying: RotateCw,
};

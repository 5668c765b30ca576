// The active catalog and `t`. Shared by page and worker, so no DOM, storage or signals here: the
// page hands in `read` (a signal's read, so a component that calls `t` re-renders on a change of
// language), the worker sets its own subset before each notification.
import { formatMessage, type MessageArgs } from './format.ts';
import type { ArgsOf, MessageId, Messages } from './types.ts';

export const active: { locale: string; messages: Partial<Messages>; read: () => void } = { locale: 'en', messages: {}, read: () => {} };

export function setMessages(locale: string, messages: Partial<Messages>): void {
  active.locale = locale;
  active.messages = messages;
}

/** The message in the viewer's language; an id not in the catalog shows as itself. */
export function t<Id extends MessageId>(id: Id, ...args: keyof ArgsOf<Id> extends never ? [] : [ArgsOf<Id>]): string {
  active.read();
  // The checker has matched the arguments to the message; the formatter takes any record of them.
  return formatMessage(active.messages[id] ?? id, args[0] as MessageArgs | undefined, active.locale);
}

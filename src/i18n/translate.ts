// The active catalog and `t`: all of localization the page entry carries. Shared by page and
// worker, so no DOM, storage or signals here. The page's language chunk (language.ts, preloaded
// with the entry) hands in the catalog and the formatter, which reads a signal as it formats: a
// component that calls `t` re-renders on a change of language.
import type { MessageArgs } from './format.ts';
import type { ArgsOf, MessageId, Messages } from './types.ts';

type Format = (message: string, args: MessageArgs | undefined, locale: string) => string;

/** Set with Object.assign by whoever loads a catalog (language.ts; the unit tests' setup). */
export const active: { locale: string; messages: Partial<Messages>; format: Format } = {
  locale: 'en',
  messages: {},
  // Until a catalog is in use: the id itself (the worker's config.json notice only needs to be there).
  format: (message) => message,
};

/** The message in the viewer's language; an id not in the catalog shows as itself. */
export function t<Id extends MessageId>(id: Id, ...args: keyof ArgsOf<Id> extends never ? [] : [ArgsOf<Id>]): string {
  // The checker has matched the arguments to the message; the formatter takes any record of them.
  return active.format(active.messages[id] ?? id, args[0] as MessageArgs | undefined, active.locale);
}

// ICU MessageFormat, the subset the catalogs use: `{name}`, `{n, plural, =0 {…} one {# …} other {…}}`
// and `{x, select, a {…} other {…}}`, nested. A hand-written scanner, not a library, in the
// language chunk the page preloads (the worker fills its few arguments itself: README, Localization). No apostrophe quoting: a catalog's
// text cannot hold a literal brace, and `#` counts only inside a plural's branches.

import { formatter } from './formatters.ts';

/** Text, or an argument: its name and, for plural and select, its kind and branches. */
type Node = string | { name: string; kind?: string; branches?: Record<string, Node[]> };

export type MessageArgs = Readonly<Record<string, string | number>>;

const parsed = new Map<string, Node[]>();

function parse(message: string): Node[] {
  let at = 0;
  // Up to the next brace or comma, trimmed: an argument's name, kind, or a branch's key.
  const word = (): string => {
    const start = at;
    while (at < message.length && !'{},'.includes(message[at]!)) at++;
    return message.slice(start, at).trim();
  };
  // Text and arguments up to the `}` that closes the branch (or the end); `at` is left on it.
  const nodes = (): Node[] => {
    const out: Node[] = [];
    let text = '';
    for (let char; (char = message[at]) !== undefined && char !== '}'; at++) {
      if (char !== '{') text += char;
      else {
        at++;
        out.push(text, argument());
        text = '';
      }
    }
    out.push(text);
    return out;
  };
  // After `{`: a name, then `}` or `, kind, key {…} key {…}}`; `at` is left on the closing `}`.
  const argument = (): Node => {
    const name = word();
    if (message[at] !== ',') return { name };
    at++;
    const kind = word();
    at++;
    const branches: Record<string, Node[]> = {};
    for (let key; (key = word()); at++) {
      at++;
      branches[key] = nodes();
    }
    return { name, kind, branches };
  };
  return nodes();
}

export function numberFormat(locale: string): Intl.NumberFormat {
  return formatter(`number ${locale}`, () => new Intl.NumberFormat(locale));
}

function render(nodes: readonly Node[], args: MessageArgs, locale: string, count?: string): string {
  let out = '';
  for (const node of nodes) {
    if (typeof node === 'string') {
      out += count === undefined ? node : node.replaceAll('#', count);
      continue;
    }
    const value = args[node.name];
    // A missing argument shows as itself: visible in review, never a crash or a blank.
    if (value === undefined) out += `{${node.name}}`;
    else if (!node.branches) out += typeof value === 'number' ? numberFormat(locale).format(value) : value;
    else if (node.kind === 'plural') {
      const n = Number(value);
      const rules = formatter(`plural ${locale}`, () => new Intl.PluralRules(locale));
      const branch = node.branches[`=${n}`] ?? node.branches[rules.select(n)] ?? node.branches.other;
      out += render(branch ?? [], args, locale, numberFormat(locale).format(n));
    } else out += render(node.branches[String(value)] ?? node.branches.other ?? [], args, locale, count);
  }
  return out;
}

/** The message with its arguments, in the locale's plural rules and digits. */
export function formatMessage(message: string, args: MessageArgs = {}, locale = 'en'): string {
  let nodes = parsed.get(message);
  if (!nodes) parsed.set(message, (nodes = parse(message)));
  return render(nodes, args, locale);
}

/** Every argument a message names, at any depth (the catalogs' test compares them across languages). */
export function argumentNames(message: string): string[] {
  const names = new Set<string>();
  const visit = (nodes: readonly Node[]) => {
    for (const node of nodes) {
      if (typeof node === 'string') continue;
      names.add(node.name);
      for (const branch of Object.values(node.branches ?? {})) visit(branch);
    }
  };
  visit(parse(message));
  return [...names].sort();
}

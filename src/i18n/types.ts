import type { en } from './messages/en.ts';

/** The English catalog is the shape of every other: the same ids, each a string. */
export type MessageId = keyof typeof en;
export type Messages = { readonly [Id in MessageId]: string };

// A message's arguments, read from the English text by the type checker: `{name}` at any depth
// (a plural's or select's branches too), plural's a number. Branch texts are told from arguments
// by depth: a brace opened in text starts an argument, one opened among branches a branch.
type Trim<S extends string> = S extends ` ${infer R}` ? Trim<R> : S extends `${infer R} ` ? Trim<R> : S;
/** Which brace comes first, and what follows it. */
type NextBrace<S extends string> = S extends `${infer A}{${infer B}`
  ? A extends `${string}}${infer C}`
    ? ['}', `${C}{${B}`]
    : ['{', B]
  : S extends `${string}}${infer C}`
    ? ['}', C]
    : ['end', ''];
type Even<D extends 0[]> = D extends [] ? true : D extends [0, 0, ...infer R extends 0[]] ? Even<R> : false;
type Pop<D extends 0[]> = D extends [0, ...infer R extends 0[]] ? R : [];
type Walk<S extends string, D extends 0[], Acc> =
  NextBrace<S> extends [infer Kind, infer Rest extends string]
    ? Kind extends '{'
      ? Even<D> extends true
        ? Rest extends `${infer Head}}${infer Tail}`
          ? Head extends `${infer Name},${infer Kind2},${infer Options}`
            ? Walk<`${Options}}${Tail}`, [...D, 0], Acc & { [K in Trim<Name>]: Trim<Kind2> extends 'plural' ? number : string | number }>
            : Walk<Tail, D, Acc & { [K in Trim<Head>]: string | number }>
          : Acc
        : Walk<Rest, [...D, 0], Acc>
      : Kind extends '}'
        ? Walk<Rest, Pop<D>, Acc>
        : Acc
    : Acc;
type Flatten<T> = { [K in keyof T]: T[K] };

/** What `t(id, args)` takes for a message: its argument names, from the English catalog. */
export type ArgsOf<Id extends MessageId> = Flatten<Walk<(typeof en)[Id], [], unknown>>;

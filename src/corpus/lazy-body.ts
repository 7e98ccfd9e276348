// Articles whose bodies stay out of the JS heap (in a corpus snapshot, in a body spill file): `body` is an
// enumerable accessor reading the text when asked, so JSON.stringify, spreads and Object.assign still see it.
// Bodies are about half of a loaded corpus's heap (docs/corpus.md, "Bodies out of the heap"). A property is
// made an accessor while its object is built, in key order: turning a data property into one afterwards
// makes V8 keep the object as a slow dictionary. Copies go through copyArticle, which keeps the body unread.
import type { Article } from '../types.ts';

/** Where an article read through LazyBodies has its body: not enumerable, so spreads and JSON leave them out. */
const SLOT = Symbol('body slot');
const BODIES = Symbol('body reader');

type Lazy = Article & { [SLOT]: number; [BODIES]: LazyBodies };

/**
 * The one `body` accessor of every lazy article. V8 keeps one accessor transition per key and map: an article
 * given another getter (another reader: the next snapshot, a spill) than the last one made with its keys would
 * become a dictionary (~830 bytes more; measured, 10k restored articles).
 */
const BODY: PropertyDescriptor = {
  get(this: Lazy): string {
    return this[BODIES].read(this, this[SLOT]);
  },
  set(this: Article, value: string): void {
    Object.defineProperty(this, 'body', { value, writable: true, enumerable: true, configurable: true });
  },
  enumerable: true,
  configurable: true,
};

/** Bodies read by slot. */
export class LazyBodies {
  /** The body in `slot` (an error is the reader's to handle: it supplies a text or throws). */
  readonly read: (article: Article, slot: number) => string;

  constructor(read: (article: Article, slot: number) => string) {
    this.read = read;
  }

  /** Defines `body` as slot `slot` on an object being built key by key (at the body's place in the key order). */
  define(target: object, slot: number): void {
    defineBody(target, BODY, slot, this);
  }

  /** `article` as a new object with the same keys in order (each value through `value`), its body read from slot `slot`. */
  attach(article: Article, slot: number, value?: (value: unknown) => unknown): Article {
    return copyKeys(article, BODY, slot, this, value);
  }
}

/** `article` with `fields` added or set (as Object.assign({}, article, fields)), a body out of the heap left there. */
export function copyArticle<T extends object>(article: Article, fields: T): Article & T {
  const lazy = article as Partial<Lazy>;
  if (lazy[SLOT] === undefined) return Object.assign({}, article, fields);
  return Object.assign(copyKeys(article, Object.getOwnPropertyDescriptor(article, 'body')!, lazy[SLOT], lazy[BODIES]!), fields);
}

/** Whether two articles' bodies are the same text; read from the same reader and slot, without reading them. */
export function sameBody(a: Article, b: Article): boolean {
  if (a === b) return true;
  const [x, y] = [a as Partial<Lazy>, b as Partial<Lazy>];
  if (x[SLOT] !== undefined && x[SLOT] === y[SLOT] && x[BODIES] === y[BODIES] && isLazy(a) && isLazy(b)) return true;
  return a.body === b.body;
}

/** Whether `article`'s body is read when asked (not set since). */
const isLazy = (article: Article): boolean => Object.getOwnPropertyDescriptor(article, 'body')?.get === BODY.get;

function copyKeys(article: Article, body: PropertyDescriptor, slot: number, bodies: LazyBodies, value = (value: unknown) => value): Article {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(article)) {
    if (key === 'body') defineBody(copy, body, slot, bodies);
    else copy[key] = value((article as unknown as Record<string, unknown>)[key]);
  }
  return copy as unknown as Article;
}

function defineBody(target: object, body: PropertyDescriptor, slot: number, bodies: LazyBodies): void {
  Object.defineProperty(target, 'body', body);
  Object.defineProperty(target, SLOT, { value: slot });
  Object.defineProperty(target, BODIES, { value: bodies });
}

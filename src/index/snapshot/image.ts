// An object graph as JSON plus raw typed arrays: how the text index (vocabulary maps, postings arrays) is
// written to a snapshot and restored without rebuilding it. It walks the objects' own fields, so a field
// added to the index's classes is saved without code here; a value it cannot encode (a function, an unknown
// class) throws, and the snapshot is skipped rather than wrong. Large uniform collections take compact forms:
// a string array or the keys of a Map<string, number> become one joined string, numbers a Float64Array.
import { isTypedArray, type TypedArray } from './format.ts';
import type { Steps } from './slices.ts';

/** A class whose instances may be in the graph: restored by name, with their prototype. */
export type Restorable = { name: string; prototype: object };

/** The encoded graph: JSON-safe, with typed arrays as indexes into the blob list. */
export type Node =
  | number
  | string
  | boolean
  | null
  | { u: 1 }
  | { x: string }
  | { t: number }
  | { as: number[]; n: number }
  | { an: number }
  | { a: Node[] }
  | { ms: number[]; n: number; mv: number }
  | { mn: number; mv: number }
  | { m: [Node, Node][] }
  | { c: string; f: Record<string, Node> }
  | { o: Record<string, Node> };

/** Joins strings: none of a joined list holds it (checked; lists that do are encoded one by one). */
const SEPARATOR = '\u0000';
/** Strings per joined piece, and map entries restored between yields: a few milliseconds of work each. */
const PIECE = 16_384;

export class ImageEncoder {
  readonly #classes: Map<string, Restorable>;
  readonly #blob: (array: TypedArray) => number;

  constructor(classes: readonly Restorable[], blob: (array: TypedArray) => number) {
    this.#classes = new Map(classes.map((type) => [type.name, type]));
    this.#blob = blob;
  }

  encode(value: unknown, path = 'value'): Node {
    if (value === undefined) return { u: 1 };
    if (value === null || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') {
      return typeof value === 'number' && !Number.isFinite(value) ? { x: String(value) } : value;
    }
    if (isTypedArray(value)) return { t: this.#blob(value) };
    if (Array.isArray(value)) return this.#array(value, path);
    if (value instanceof Map) return this.#map(value, path);
    if (typeof value !== 'object') throw new TypeError(`${path}: cannot save a ${typeof value}`);
    const fields = (object: object): Record<string, Node> =>
      Object.fromEntries(Object.entries(object).map(([key, field]) => [key, this.encode(field, `${path}.${key}`)]));
    const prototype = Object.getPrototypeOf(value) as object | null;
    if (prototype === Object.prototype || prototype === null) return { o: fields(value) };
    const name = (value as { constructor: { name: string } }).constructor.name;
    if (this.#classes.get(name)?.prototype !== prototype) throw new TypeError(`${path}: cannot save an instance of ${name}`);
    return { c: name, f: fields(value) };
  }

  #array(values: unknown[], path: string): Node {
    if (values.length > 0 && values.every((v) => typeof v === 'string') && !(values as string[]).some((v) => v.includes(SEPARATOR))) {
      return { as: this.#strings(values as string[]), n: values.length };
    }
    if (values.length > 0 && values.every((v) => typeof v === 'number')) return { an: this.#blob(Float64Array.from(values as number[])) };
    return { a: values.map((v, i) => this.encode(v, `${path}[${i}]`)) };
  }

  #map(map: Map<unknown, unknown>, path: string): Node {
    const keys = [...map.keys()];
    const values = [...map.values()];
    if (values.every((v) => typeof v === 'number')) {
      const mv = this.#blob(Float64Array.from(values as number[]));
      if (keys.every((k) => typeof k === 'string' && !k.includes(SEPARATOR))) return { ms: this.#strings(keys as string[]), n: keys.length, mv };
      if (keys.every((k) => typeof k === 'number')) return { mn: this.#blob(Float64Array.from(keys as number[])), mv };
    }
    return { m: keys.map((k, i) => [this.encode(k, `${path} key`), this.encode(values[i], `${path}.get(${String(k)})`)]) };
  }

  #strings(values: string[]): number[] {
    const pieces: number[] = [];
    for (let start = 0; start < values.length; start += PIECE) pieces.push(this.#blob(new Uint8Array(Buffer.from(values.slice(start, start + PIECE).join(SEPARATOR), 'utf8'))));
    return pieces;
  }
}

/** The graph `encode` was given, restored in steps (see slices.ts). */
export function* decodeImage(node: Node, blob: (i: number) => Steps<TypedArray>, classes: readonly Restorable[]): Steps<unknown> {
  const byName = new Map(classes.map((type) => [type.name, type]));
  function* strings(pieces: number[]): Steps<string[]> {
    const all: string[] = [];
    for (const piece of pieces) {
      const bytes = (yield* blob(piece)) as Uint8Array;
      for (const value of Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').split(SEPARATOR)) all.push(value);
      yield;
    }
    return all;
  }
  function* zipMap<K>(keys: ArrayLike<K>, values: Float64Array): Steps<Map<K, number>> {
    const map = new Map<K, number>();
    for (let i = 0; i < values.length; i++) {
      map.set(keys[i]!, values[i]!);
      if (i % PIECE === PIECE - 1) yield;
    }
    return map;
  }
  function* fields(target: object, encoded: Record<string, Node>): Steps<object> {
    for (const [key, field] of Object.entries(encoded)) (target as Record<string, unknown>)[key] = yield* decode(field);
    return target;
  }
  function* decode(node: Node): Steps<unknown> {
    if (node === null || typeof node !== 'object') return node;
    if ('u' in node) return undefined;
    if ('x' in node) return Number(node.x);
    if ('t' in node) return yield* blob(node.t);
    if ('as' in node) return yield* strings(node.as);
    if ('an' in node) return Array.from((yield* blob(node.an)) as Float64Array);
    if ('a' in node) {
      const values: unknown[] = [];
      for (const item of node.a) values.push(yield* decode(item));
      return values;
    }
    if ('ms' in node) return yield* zipMap(yield* strings(node.ms), (yield* blob(node.mv)) as Float64Array);
    if ('mn' in node) return yield* zipMap((yield* blob(node.mn)) as Float64Array, (yield* blob(node.mv)) as Float64Array);
    if ('m' in node) {
      const map = new Map<unknown, unknown>();
      for (const [k, v] of node.m) map.set(yield* decode(k), yield* decode(v));
      return map;
    }
    if ('o' in node) return yield* fields({}, node.o);
    const type = byName.get(node.c);
    if (!type) throw new TypeError(`snapshot holds an instance of ${node.c}, which this version does not restore`);
    return yield* fields(Object.create(type.prototype) as object, node.f);
  }
  return yield* decode(node);
}

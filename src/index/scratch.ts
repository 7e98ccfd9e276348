// Scratch memory for an index build: typed arrays on SharedArrayBuffers. V8 counts an ArrayBuffer's memory as
// external and, for every 64 MB of it allocated, runs a full GC; on a heap holding 100k articles each cost
// ~300 ms, ten times over a 100k build (--trace-gc), though the arrays were the build's own and still in use.
// A SharedArrayBuffer's memory does not count, and is freed by the next GC as any other. Only for arrays the
// build drops when done: what the index keeps is allocated as usual.

type TypedArrayOf<T> = { new (buffer: SharedArrayBuffer): T; readonly BYTES_PER_ELEMENT: number };

export function scratch<T>(type: TypedArrayOf<T>, length: number): T {
  return new type(new SharedArrayBuffer(type.BYTES_PER_ELEMENT * length));
}

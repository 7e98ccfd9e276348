// The object-graph codec the snapshot saves the text index with: every kind of field it meets comes back
// equal, and what it cannot save is refused by name instead of saved wrong.
import { describe, expect, it } from 'vitest';
import { GrowableU32 } from '../../src/index/postings.ts';
import type { TypedArray } from '../../src/index/snapshot/format.ts';
import { decodeImage, ImageEncoder } from '../../src/index/snapshot/image.ts';
import { runAtOnce } from '../../src/index/snapshot/slices.ts';

function roundTrip(value: unknown): unknown {
  const blobs: TypedArray[] = [];
  // Through JSON, as the snapshot stores the graph; typed arrays copied, as read back from a file.
  const node = JSON.parse(JSON.stringify(new ImageEncoder([GrowableU32], (array) => blobs.push(array) - 1).encode(value)));
  return runAtOnce(decodeImage(node, function* (i) {
    return blobs[i]!.slice();
  }, [GrowableU32]));
}

describe('snapshot image codec', () => {
  it('restores maps, arrays, typed arrays, class instances and odd numbers', () => {
    const growable = new GrowableU32(4);
    growable.push(7);
    const value = {
      words: new Map([['mây', 1], ['máy', 2], ['', 3]]),
      pairs: new Map([[2 ** 40, 5], [3, 6]]),
      mixed: new Map<string, unknown>([['a', { b: [1, 'c'] }]]),
      names: Array.from({ length: 40_000 }, (_, i) => `w${i}`),
      numbers: [1.5, -2, 0],
      postings: Uint32Array.of(1, 2, 3),
      growable,
      missing: undefined,
      odd: [Infinity, -Infinity, Number.NaN],
      empty: [],
    };
    const restored = roundTrip(value) as typeof value;
    expect(restored).toEqual(value);
    expect(restored.growable).toBeInstanceOf(GrowableU32);
    restored.growable.push(8);
    expect([...restored.growable.data.subarray(0, restored.growable.length)]).toEqual([7, 8]);
  });

  it('refuses a function or an unknown class, naming where it is', () => {
    class Unknown {}
    expect(() => new ImageEncoder([], () => 0).encode({ a: { f: () => 1 } })).toThrow('value.a.f: cannot save a function');
    expect(() => new ImageEncoder([], () => 0).encode({ list: [new Unknown()] })).toThrow('value.list[0]: cannot save an instance of Unknown');
  });
});

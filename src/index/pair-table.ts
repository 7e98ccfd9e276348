// Numbers keyed by pairs of numbers in typed arrays: adjacent-word pair terms (vocabulary.ts), story terms (stories.ts).
import { GOLDEN } from '../text/fold.ts';
import { scratch } from './scratch.ts';

/** What `get` answers for a pair never `set`. */
export const NO_PAIR = -1;

/**
 * Numbers keyed by two numbers (a term by its two words' classes), open addressing over typed arrays: an
 * index build looks a pair up for every two adjacent words, and a Map keyed by a number beyond 2³¹ hashes a
 * heap number. Values are int32, any but NO_PAIR; keys below 2³¹.
 */
export class PairTable {
  /** Per slot: first, second, value (NO_PAIR for an empty slot), side by side: one cache miss a probe. */
  private slots: Int32Array;
  private shift: number;
  private size = 0;

  /** 2^bits slots to start with (it doubles when half full). */
  constructor(bits = 16) {
    this.slots = new Int32Array(3 << bits).fill(NO_PAIR);
    this.shift = 32 - bits;
  }

  /** One in scratch memory (scratch.ts), growing there: for a build's own table. */
  static scratch(): PairTable {
    const table = new PairTable();
    table.slots = scratch(Int32Array, table.slots.length).fill(NO_PAIR);
    return table;
  }

  /** The value of the pair, or NO_PAIR. */
  get(first: number, second: number): number {
    return this.slots[this.find(first, second) + 2]!;
  }

  /** Files a pair `get` returned NO_PAIR for. */
  set(first: number, second: number, value: number): void {
    const at = this.find(first, second);
    this.slots[at] = first;
    this.slots[at + 1] = second;
    this.slots[at + 2] = value;
    if (6 * ++this.size > this.slots.length) this.grow();
  }

  /** Where the pair's slot starts, or the empty slot's where it would go. */
  private find(first: number, second: number): number {
    const slots = this.slots;
    const end = slots.length;
    let at = 3 * (Math.imul(Math.imul(first, GOLDEN) ^ second, GOLDEN) >>> this.shift);
    while (slots[at + 2] !== NO_PAIR && (slots[at] !== first || slots[at + 1] !== second)) {
      at += 3;
      if (at === end) at = 0;
    }
    return at;
  }

  /** Calls `visit` with every pair set and its value. */
  forEach(visit: (first: number, second: number, value: number) => void): void {
    const slots = this.slots;
    for (let at = 0; at < slots.length; at += 3) if (slots[at + 2] !== NO_PAIR) visit(slots[at]!, slots[at + 1]!, slots[at + 2]!);
  }

  private grow(): void {
    const old = this.slots;
    this.slots = (old.buffer instanceof SharedArrayBuffer ? scratch(Int32Array, 2 * old.length) : new Int32Array(2 * old.length)).fill(NO_PAIR);
    this.shift -= 1;
    for (let from = 0; from < old.length; from += 3) {
      if (old[from + 2] === NO_PAIR) continue;
      const to = this.find(old[from]!, old[from + 1]!);
      this.slots[to] = old[from]!;
      this.slots[to + 1] = old[from + 1]!;
      this.slots[to + 2] = old[from + 2]!;
    }
  }
}

// Numbers keyed by pairs of numbers in typed arrays: adjacent-word pair terms (vocabulary.ts), story terms (stories.ts).
import { GOLDEN } from '../text/fold.ts';

/** What `get` answers for a pair never `set`. */
export const NO_PAIR = -1;

/**
 * Numbers keyed by two numbers (a term by its two words' classes), open addressing over typed arrays: an
 * index build looks a pair up for every two adjacent words, and a Map keyed by a number beyond 2³¹ hashes a
 * heap number. Values are int32, any but NO_PAIR.
 */
export class PairTable {
  private firsts: Uint32Array;
  private seconds: Uint32Array;
  /** Value per slot, NO_PAIR for an empty slot. */
  private values: Int32Array;
  private shift: number;
  private size = 0;

  /** 2^bits slots to start with (it doubles when half full). */
  constructor(bits = 16) {
    this.firsts = new Uint32Array(1 << bits);
    this.seconds = new Uint32Array(1 << bits);
    this.values = new Int32Array(1 << bits).fill(NO_PAIR);
    this.shift = 32 - bits;
  }

  /** The value of the pair, or NO_PAIR. */
  get(first: number, second: number): number {
    const slot = this.find(first, second);
    return this.values[slot]!;
  }

  /** Files a pair `get` returned NO_PAIR for. */
  set(first: number, second: number, value: number): void {
    const slot = this.find(first, second);
    this.firsts[slot] = first;
    this.seconds[slot] = second;
    this.values[slot] = value;
    if (2 * ++this.size > this.values.length) this.grow();
  }

  /** The pair's slot, or the empty slot where it would go. */
  private find(first: number, second: number): number {
    const mask = this.values.length - 1;
    let slot = Math.imul(Math.imul(first, GOLDEN) ^ second, GOLDEN) >>> this.shift;
    while (this.values[slot] !== NO_PAIR && (this.firsts[slot] !== first || this.seconds[slot] !== second)) slot = (slot + 1) & mask;
    return slot;
  }

  /** Calls `visit` with every pair set and its value. */
  forEach(visit: (first: number, second: number, value: number) => void): void {
    for (let slot = 0; slot < this.values.length; slot++) if (this.values[slot] !== NO_PAIR) visit(this.firsts[slot]!, this.seconds[slot]!, this.values[slot]!);
  }

  private grow(): void {
    const { firsts, seconds, values } = this;
    this.firsts = new Uint32Array(values.length * 2);
    this.seconds = new Uint32Array(values.length * 2);
    this.values = new Int32Array(values.length * 2).fill(NO_PAIR);
    this.shift -= 1;
    for (let slot = 0; slot < values.length; slot++) {
      if (values[slot] === NO_PAIR) continue;
      const to = this.find(firsts[slot]!, seconds[slot]!);
      this.firsts[to] = firsts[slot]!;
      this.seconds[to] = seconds[slot]!;
      this.values[to] = values[slot]!;
    }
  }
}

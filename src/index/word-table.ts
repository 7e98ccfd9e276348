// The distinct words met while building an index, numbered as first met, each with its term in every word
// space once known (text-index.ts; stories.ts numbers words only). A word is found straight from a WordScan by
// hash and characters (open addressing over typed arrays), so a word met again — nearly every word of a
// corpus — costs no string, no Map probe and no stemmer call; the Vocabulary is asked once per word and space.
import { FNV_OFFSET, FNV_PRIME, HASH_MASK, type WordScan } from '../text/fold.ts';
import { GrowableU32 } from './postings.ts';
import { isAscii } from './vocabulary.ts';

/** Spaces a word can be filed in (vocabulary.ts's SPACE values are 0..SPACES - 1). */
const SPACES = 3;
const NONE = -1;
/** Fibonacci hashing spreads FNV's low bits over the whole slot range. */
const GOLDEN = 0x9e3779b1;

export class WordTable {
  /** Word id per slot, NONE for an empty slot. */
  private slots = new Int32Array(1 << 16).fill(NONE);
  private shift = 32 - 16;
  private readonly hashes = new GrowableU32(1 << 15);
  /** Word id's characters are chars[offsets[id] .. offsets[id + 1]). */
  private chars = new Uint16Array(1 << 18);
  private readonly offsets = new GrowableU32(1 << 15);
  /** Each word as `lowerTerms` gives it. */
  readonly words: string[] = [];
  /** 1 for a word of ASCII characters only, by word id. */
  ascii = new Uint8Array(1 << 15);
  /** The word's term in each space (id × SPACES + space), NONE until the Vocabulary is asked. */
  private terms = new Int32Array(SPACES << 15).fill(NONE);

  constructor() {
    this.offsets.push(0);
  }

  /** The id of word `k` of `scan`, numbering it if new. */
  intern(scan: WordScan, k: number): number {
    const hash = scan.hashes[k]!;
    const hashes = this.hashes.data;
    const mask = this.slots.length - 1;
    let slot = Math.imul(hash, GOLDEN) >>> this.shift;
    for (let id = this.slots[slot]!; id !== NONE; id = this.slots[slot]!) {
      if (hashes[id] === hash && this.holds(id, scan.chars, scan.starts[k]!, scan.ends[k]!)) return id;
      slot = (slot + 1) & mask;
    }
    return this.add(scan.word(k), hash, slot);
  }

  /** The id of `word` (a word as WordScan reads them), numbering it if new. */
  internWord(word: string): number {
    let hash = FNV_OFFSET;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), FNV_PRIME);
    hash &= HASH_MASK;
    const hashes = this.hashes.data;
    const mask = this.slots.length - 1;
    let slot = Math.imul(hash, GOLDEN) >>> this.shift;
    for (let id = this.slots[slot]!; id !== NONE; id = this.slots[slot]!) {
      if (hashes[id] === hash && this.words[id] === word) return id;
      slot = (slot + 1) & mask;
    }
    return this.add(word, hash, slot);
  }

  /** The term of word `id` in `space`, asking `lookup` (the Vocabulary) the first time only. */
  term(id: number, space: number, lookup: (word: string, space: number) => number): number {
    const at = id * SPACES + space;
    let term = this.terms[at]!;
    if (term === NONE) term = this.terms[at] = lookup(this.words[id]!, space);
    return term;
  }

  /** Whether word `id` is `chars[start .. end)`, character for character. */
  private holds(id: number, chars: Uint16Array, start: number, end: number): boolean {
    const offsets = this.offsets.data;
    const from = offsets[id]!;
    const length = end - start;
    if (offsets[id + 1]! - from !== length) return false;
    const known = this.chars;
    for (let i = 0; i < length; i++) if (known[from + i] !== chars[start + i]) return false;
    return true;
  }

  private add(word: string, hash: number, slot: number): number {
    const id = this.words.length;
    this.words.push(word);
    this.hashes.push(hash);
    const from = this.offsets.data[id]!;
    if (from + word.length > this.chars.length) {
      const chars = new Uint16Array(Math.max(from + word.length, 2 * this.chars.length));
      chars.set(this.chars);
      this.chars = chars;
    }
    for (let i = 0; i < word.length; i++) this.chars[from + i] = word.charCodeAt(i);
    this.offsets.push(from + word.length);
    if (id === this.ascii.length) this.growIds();
    this.ascii[id] = isAscii(word) ? 1 : 0;
    this.slots[slot] = id;
    if (2 * this.words.length > this.slots.length) this.rehash();
    return id;
  }

  private growIds(): void {
    const ascii = new Uint8Array(this.ascii.length * 2);
    ascii.set(this.ascii);
    this.ascii = ascii;
    const terms = new Int32Array(this.terms.length * 2).fill(NONE);
    terms.set(this.terms);
    this.terms = terms;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(NONE);
    this.shift -= 1;
    const mask = slots.length - 1;
    const hashes = this.hashes.data;
    for (let id = 0; id < this.words.length; id++) {
      let slot = Math.imul(hashes[id]!, GOLDEN) >>> this.shift;
      while (slots[slot] !== NONE) slot = (slot + 1) & mask;
      slots[slot] = id;
    }
    this.slots = slots;
  }
}

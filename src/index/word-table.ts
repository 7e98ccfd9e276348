// The distinct words met while building an index, numbered as first met, each with its term in every word
// space once known (text-index.ts; stories.ts numbers words only). A word is found straight from a LowerTermScan by
// hash and characters (open addressing over typed arrays), so a word met again — nearly every word of a
// corpus — costs no string, no Map probe and no stemmer call; the Vocabulary is asked once per word and space.
import { FNV_OFFSET, FNV_PRIME, GOLDEN, HASH_MASK, type LowerTermScan } from '../text/fold.ts';
import { GrowableU32 } from './postings.ts';
import { isAscii } from './vocabulary.ts';

/** Spaces a word can be filed in (vocabulary.ts's SPACE values are 0..SPACES - 1). */
const SPACES = 3;
const NONE = -1;

export class WordTable {
  /** Per slot: the word's hash, then its id (NONE for an empty slot), side by side for one cache miss a probe. */
  private slots: Int32Array;
  private shift: number;
  /** Word id's characters are chars[offsets[id] .. offsets[id + 1]). */
  private chars: Uint16Array;
  private readonly offsets: GrowableU32;
  /** Each word as `lowerTerms` gives it. */
  readonly words: string[] = [];
  /** 1 for a word of ASCII characters only, by word id. */
  ascii: Uint8Array;
  /** The word's term in each space (id × SPACES + space), NONE until the Vocabulary is asked. */
  private terms: Int32Array;

  /** Room for 2^(bits − 1) words before growing: a corpus's build starts large, a few articles' small. */
  constructor(bits = 16) {
    this.slots = new Int32Array(2 << bits).fill(NONE);
    this.shift = 32 - bits;
    this.chars = new Uint16Array(1 << (bits + 2));
    this.offsets = new GrowableU32(1 << (bits - 1));
    this.ascii = new Uint8Array(1 << (bits - 1));
    this.terms = new Int32Array(SPACES << (bits - 1)).fill(NONE);
    this.offsets.push(0);
  }

  /** The id of word `k` of `scan`, numbering it if new. */
  intern(scan: LowerTermScan, k: number): number {
    const hash = scan.hashes[k]!;
    const slots = this.slots;
    const mask = slots.length - 2;
    let at = (Math.imul(hash, GOLDEN) >>> this.shift) << 1;
    for (let id = slots[at + 1]!; id !== NONE; id = slots[at + 1]!) {
      if (slots[at] === hash && this.holds(id, scan.chars, scan.starts[k]!, scan.ends[k]!)) return id;
      at = (at + 2) & mask;
    }
    return this.add(scan.word(k), hash, at);
  }

  /** The id of `word` (a word as LowerTermScan reads them), numbering it if new. */
  internWord(word: string): number {
    let hash = FNV_OFFSET;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), FNV_PRIME);
    hash &= HASH_MASK;
    const slots = this.slots;
    const mask = slots.length - 2;
    let at = (Math.imul(hash, GOLDEN) >>> this.shift) << 1;
    for (let id = slots[at + 1]!; id !== NONE; id = slots[at + 1]!) {
      if (slots[at] === hash && this.words[id] === word) return id;
      at = (at + 2) & mask;
    }
    return this.add(word, hash, at);
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

  /** Numbers `word`, filing it at the empty slot `at`. */
  private add(word: string, hash: number, at: number): number {
    const id = this.words.length;
    this.words.push(word);
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
    this.slots[at] = hash;
    this.slots[at + 1] = id;
    if (4 * this.words.length > this.slots.length) this.rehash();
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
    const old = this.slots;
    const slots = new Int32Array(old.length * 2).fill(NONE);
    this.shift -= 1;
    const mask = slots.length - 2;
    for (let from = 0; from < old.length; from += 2) {
      if (old[from + 1] === NONE) continue;
      let at = (Math.imul(old[from]!, GOLDEN) >>> this.shift) << 1;
      while (slots[at + 1] !== NONE) at = (at + 2) & mask;
      slots[at] = old[from]!;
      slots[at + 1] = old[from + 1]!;
    }
    this.slots = slots;
  }
}

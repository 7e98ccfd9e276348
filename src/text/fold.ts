// Folding for matching: lowercase, diacritics stripped, đ → d, so "Điện toán" and "dien toan" meet.
//
// NFD + a regex over every body is the obvious way, and it costs ~25 µs per KB; a 64 K-entry table built once
// (from that same NFD rule) folds a character with one lookup, which is what indexing 100k articles needs.

/** The character a code unit folds to; SPACE marks separators in the term table, DROP a combining mark. */
const DROP = 0xffff;
const SPACE = 0x20;

let tables: { text: Uint16Array; terms: Uint16Array; lowerTerms: Uint16Array } | undefined;

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const MARK = /\p{M}/u;
const COMBINING = /[\u0300-\u036f]/g;

function buildTables(): { text: Uint16Array; terms: Uint16Array; lowerTerms: Uint16Array } {
  const text = new Uint16Array(0x10000);
  const terms = new Uint16Array(0x10000);
  const lowerTerms = new Uint16Array(0x10000);
  for (let code = 0; code < 0x10000; code++) {
    const ch = String.fromCharCode(code);
    if (code >= 0xd800 && code <= 0xdfff) {
      // Surrogate halves: astral characters pass through whole (emoji, rare CJK).
      text[code] = code;
      terms[code] = code;
      lowerTerms[code] = code;
    } else if (MARK.test(ch)) {
      text[code] = DROP;
      terms[code] = DROP;
      lowerTerms[code] = DROP;
    } else if (LETTER_OR_DIGIT.test(ch)) {
      const lower = ch.toLowerCase().length === 1 ? ch.toLowerCase().charCodeAt(0) : code;
      const folded = ch.toLowerCase().normalize('NFD').replace(COMBINING, '').replace('đ', 'd');
      const single = folded.length === 1 ? folded.charCodeAt(0) : lower;
      text[code] = single;
      terms[code] = single;
      lowerTerms[code] = lower;
    } else {
      text[code] = code;
      terms[code] = SPACE;
      lowerTerms[code] = SPACE;
    }
  }
  text[DROP] = DROP;
  terms[DROP] = DROP;
  lowerTerms[DROP] = DROP;
  return { text, terms, lowerTerms };
}

/** mapThrough's output for texts up to its length, reused: a typed array per call was most of folding a title. */
const shortOut = new Uint16Array(4096);

function mapThrough(input: string, table: Uint16Array): string {
  const out = input.length <= shortOut.length ? shortOut : new Uint16Array(input.length);
  let length = 0;
  for (let i = 0; i < input.length; i++) {
    const mapped = table[input.charCodeAt(i)]!;
    if (mapped !== DROP) out[length++] = mapped;
  }
  return Buffer.from(out.buffer, 0, length * 2).toString('utf16le');
}

function foldTables(): { text: Uint16Array; terms: Uint16Array; lowerTerms: Uint16Array } {
  tables ??= buildTables();
  return tables;
}

/** Lowercase, without diacritics (đ → d); punctuation and spacing kept as they are. */
export function fold(text: string): string {
  return mapThrough(text, foldTables().text);
}

/** Folded words of `text`: letters and digits only, in order ("Điện toán, đám mây!" → dien toan dam may). */
export function foldedTerms(text: string): string[] {
  return mapThrough(text, foldTables().terms).split(' ').filter((term) => term !== '');
}

/**
 * Lowercase words of `text` with their diacritics kept ("Điện toán, đám mây!" → điện toán đám mây): the
 * accent-exact counterpart of `foldedTerms`, for NFC text (a stray combining mark is dropped).
 */
export function lowerTerms(text: string): string[] {
  return mapThrough(text, foldTables().lowerTerms).split(' ').filter((term) => term !== '');
}

/**
 * The words of a text as `lowerTerms` reads them, as hashes and spans of their characters in reusable typed
 * arrays: an indexer finds a word it has met before (nearly every word of a corpus) without making a string.
 */
export class LowerTermScan {
  count = 0;
  hashes = new Int32Array(256);
  /** Word k is chars[starts[k] .. ends[k]): lowercase, marks kept (combining marks dropped). */
  starts = new Int32Array(256);
  ends = new Int32Array(256);
  chars = new Uint16Array(4096);

  /** Reads `text`'s words into this scan (replacing what it held). */
  scan(text: string): this {
    const table = foldTables().lowerTerms;
    const length = text.length;
    if (length > this.chars.length) this.chars = new Uint16Array(Math.max(length, 2 * this.chars.length));
    // A word takes a character and a separator: room for every word of the text, checked once.
    if ((length + 1) >> 1 > this.hashes.length) {
      const size = Math.max((length + 1) >> 1, 2 * this.hashes.length);
      this.hashes = new Int32Array(size);
      this.starts = new Int32Array(size);
      this.ends = new Int32Array(size);
    }
    const { chars, hashes, starts, ends } = this;
    let count = 0;
    let hash = FNV_OFFSET;
    let start = 0;
    let at = 0;
    for (let i = 0; i < length; i++) {
      const mapped = table[text.charCodeAt(i)]!;
      if (mapped === SPACE) {
        if (at > start) {
          hashes[count] = hash & HASH_MASK;
          starts[count] = start;
          ends[count++] = at;
          hash = FNV_OFFSET;
          start = at;
        }
      } else if (mapped !== DROP) {
        chars[at++] = mapped;
        hash = Math.imul(hash ^ mapped, FNV_PRIME);
      }
    }
    if (at > start) {
      hashes[count] = hash & HASH_MASK;
      starts[count] = start;
      ends[count++] = at;
    }
    this.count = count;
    return this;
  }

  /** Word `k`, as `lowerTerms` would give it. */
  word(k: number): string {
    return Buffer.from(this.chars.buffer, 2 * this.starts[k]!, 2 * (this.ends[k]! - this.starts[k]!)).toString('utf16le');
  }
}

/** FNV-1a over code units: the word hashes of LowerTermScan and of the topic matcher (src/corpus/topic-words.ts). */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;
/** Hashes stay small integers, which V8 keeps unboxed as Map keys. */
export const HASH_MASK = 0x3fffffff;
/** Fibonacci hashing's multiplier (2³² / φ): spreads a key's low bits over a table's slot range. */
export const GOLDEN = 0x9e3779b1;

/** The array twice as long, its contents kept: the scanners' growth step. */
export function grow(array: Int32Array): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}

/** A lookup key for names: folded, every run of non-letters collapsed to one space ("A.I." → "a i"). */
export function foldKey(text: string): string {
  return foldedTerms(text).join(' ');
}

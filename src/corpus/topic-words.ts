// The words of a text with the two keys topic keywords are matched on, read in one pass that allocates no
// string per word:
//   folded — case, diacritics and đ ignored ("nha trang" = "Nhà Trắng"): for text written without marks;
//   exact  — case ignored, Vietnamese marks kept ("Nha Trang" ≠ "Nhà Trắng", "học sau" ≠ "học sâu"); the tone
//            counts wherever it sits on the syllable, so the old and new spellings "hoà"/"hòa" are one word.
// Each word also records whether it carries marks and how it is capitalised, for the accent and case rules of
// src/corpus/taxonomy.ts.
import { runAtOnce } from '../index/snapshot/slices.ts';
import { FNV_OFFSET, FNV_PRIME, HASH_MASK, grow } from '../text/fold.ts';

/** Table values that are not characters: a word separator, and a combining mark (dropped from both keys). */
const SEPARATOR = 0x20;
const DROP = 0xffff;

/** Per-character facts (`info` table): the tone (0 none, 1–5), then flags. */
const TONE_MASK = 0b111;
const MARKED_CHAR = 1 << 3;
const UPPER_CHAR = 1 << 4;
const LETTER_CHAR = 1 << 5;
const LOWER_LETTER_CHAR = 1 << 6;

/** Per-word flags. */
export const WORD_MARKED = 1;
export const WORD_CAPITALISED = 2;
/** Every letter uppercase, at least two of them ("AI", "CSGT"). */
export const WORD_ALL_CAPS = 4;

/** The five Vietnamese tone marks (combining), numbered 1–5. */
const TONES = new Map([[0x300, 1], [0x301, 2], [0x303, 3], [0x309, 4], [0x323, 5]]);

interface Tables {
  folded: Uint16Array;
  shaped: Uint16Array;
  /** The folded character (low 16 bits) and the shaped one (high 16 bits): one lookup per character when scanning. */
  both: Uint32Array;
  info: Uint8Array;
}

let tables: Tables | undefined;

const LETTER = /\p{L}/u;
const DIGIT = /\p{N}/u;
const MARK = /\p{M}/u;
const COMBINING = /[\u0300-\u036f]/g;

/**
 * Built once from Unicode's own decompositions: one lookup per character afterwards. In steps of BUILD_STEP
 * characters (~40 ms in all): a bot restored from its snapshot builds them in the background (warm-parse.ts)
 * rather than at its first parse, in the middle of a reseed.
 */
function* buildTables(): Generator<void, Tables, void> {
  const folded = new Uint16Array(0x10000);
  const shaped = new Uint16Array(0x10000);
  const info = new Uint8Array(0x10000);
  for (let code = 0; code < 0x10000; code++) {
    if (code % BUILD_STEP === BUILD_STEP - 1) yield;
    const ch = String.fromCharCode(code);
    if (code >= 0xd800 && code <= 0xdfff) {
      // Surrogate halves: astral characters pass through whole (emoji, rare CJK).
      folded[code] = shaped[code] = code;
    } else if (MARK.test(ch)) {
      folded[code] = shaped[code] = DROP;
      info[code] = (TONES.get(code) ?? 0) | MARKED_CHAR;
    } else if (LETTER.test(ch) || DIGIT.test(ch)) {
      const lower = ch.toLowerCase();
      const single = lower.length === 1 ? lower : ch;
      const decomposed = single.normalize('NFD');
      let tone = 0;
      for (const part of decomposed) tone = TONES.get(part.codePointAt(0)!) ?? tone;
      const withoutTone = [...decomposed].filter((part) => !TONES.has(part.codePointAt(0)!)).join('').normalize('NFC');
      const plain = decomposed.replace(COMBINING, '').replace('đ', 'd');
      folded[code] = plain.length === 1 ? plain.charCodeAt(0) : single.charCodeAt(0);
      shaped[code] = withoutTone.length === 1 ? withoutTone.charCodeAt(0) : single.charCodeAt(0);
      const letter = LETTER.test(ch);
      info[code] = tone | (folded[code] !== single.charCodeAt(0) ? MARKED_CHAR : 0) | (ch !== lower ? UPPER_CHAR : 0) | (letter ? LETTER_CHAR : 0) | (letter && ch === lower && ch !== ch.toUpperCase() ? LOWER_LETTER_CHAR : 0);
    } else {
      folded[code] = shaped[code] = SEPARATOR;
    }
  }
  const both = new Uint32Array(0x10000);
  for (let code = 0; code < 0x10000; code++) both[code] = (folded[code]! | (shaped[code]! << 16)) >>> 0;
  return { folded, shaped, both, info };
}

const BUILD_STEP = 4096;

function wordTables(): Tables {
  tables ??= runAtOnce(buildTables());
  return tables;
}

/** Builds the tables in steps, if no parse has yet. */
export function* prepareWordTables(): Generator<void, void, void> {
  if (tables) return;
  const built = yield* buildTables();
  tables ??= built;
}

/**
 * Words of one or more texts (an article's title, lead, body) in reusable typed arrays. `segment[k]` says which
 * added text word k came from, so a phrase never spans two fields.
 */
export class WordScan {
  count = 0;
  folded = new Int32Array(512);
  exact = new Int32Array(512);
  flags = new Uint8Array(512);
  starts = new Int32Array(512);
  ends = new Int32Array(512);
  segment = new Uint8Array(512);
  /** The texts added since the last reset, by segment number. */
  readonly texts: string[] = [];
  /** Words carrying a diacritic: the share tells text written with marks from text written without. */
  marked = 0;

  reset(): this {
    this.count = 0;
    this.marked = 0;
    this.texts.length = 0;
    return this;
  }

  /** Appends the words of `text` (from `from` up to `end`) as the next segment. */
  add(text: string, end = text.length, from = 0): this {
    const { both, info } = wordTables();
    const segment = this.texts.push(text) - 1;
    let foldedHash = FNV_OFFSET;
    let exactHash = FNV_OFFSET;
    let start = -1;
    // The word's character facts OR-ed together (a syllable has one tone, so its bits are that tone), and its letters.
    let seen = 0;
    let letters = 0;
    let firstUpper = false;
    for (let i = from; i <= end; i++) {
      const code = i < end ? text.charCodeAt(i) : SEPARATOR;
      const chars = both[code]!;
      const plain = chars & 0xffff;
      if (plain === DROP) {
        // A combining mark (decomposed text): it marks the word and may carry its tone.
        if (start !== -1) seen |= info[code]!;
        continue;
      }
      if (plain !== SEPARATOR) {
        const facts = info[code]!;
        if (start === -1) {
          start = i;
          firstUpper = (facts & UPPER_CHAR) !== 0;
        }
        foldedHash = Math.imul(foldedHash ^ plain, FNV_PRIME);
        exactHash = Math.imul(exactHash ^ (chars >>> 16), FNV_PRIME);
        seen |= facts;
        letters += (facts >>> 5) & 1;
      } else if (start !== -1) {
        const marked = (seen & MARKED_CHAR) !== 0;
        const flags = (marked ? WORD_MARKED : 0) | (firstUpper ? WORD_CAPITALISED : 0) | (letters >= 2 && (seen & LOWER_LETTER_CHAR) === 0 ? WORD_ALL_CAPS : 0);
        this.push(foldedHash & HASH_MASK, Math.imul(exactHash ^ (TONE_BASE + (seen & TONE_MASK)), FNV_PRIME) & HASH_MASK, flags, start, i, segment);
        if (marked) this.marked += 1;
        foldedHash = exactHash = FNV_OFFSET;
        seen = letters = 0;
        start = -1;
        firstUpper = false;
      }
    }
    return this;
  }

  /** Word k folded, as a string (keywords only: text words are compared by `sameWord`). */
  foldedKey(k: number): string {
    return this.mapWord(k, wordTables().folded);
  }

  /** Word k with case folded and marks kept, the tone moved to a trailing digit ("hoà" → "hoa2"). */
  exactKey(k: number): string {
    const { info } = wordTables();
    const text = this.texts[this.segment[k]!]!;
    let tone = 0;
    for (let i = this.starts[k]!; i < this.ends[k]!; i++) tone |= info[text.charCodeAt(i)]! & TONE_MASK;
    return `${this.mapWord(k, wordTables().shaped)}${tone}`;
  }

  /**
   * Whether word k reads `key` (a `foldedKey` or, with `exact`, an `exactKey`): confirms a hash hit without
   * building the word's string.
   */
  sameWord(k: number, key: string, exact: boolean): boolean {
    const { folded, shaped, info } = wordTables();
    const table = exact ? shaped : folded;
    const text = this.texts[this.segment[k]!]!;
    let at = 0;
    let tone = 0;
    for (let i = this.starts[k]!, end = this.ends[k]!; i < end; i++) {
      const code = text.charCodeAt(i);
      tone |= info[code]! & TONE_MASK;
      const mapped = table[code]!;
      if (mapped === DROP) continue;
      if (key.charCodeAt(at++) !== mapped) return false;
    }
    // An exact key ends with the tone digit.
    return exact ? at === key.length - 1 && key.charCodeAt(at) === 0x30 + tone : at === key.length;
  }

  private mapWord(k: number, table: Uint16Array): string {
    const text = this.texts[this.segment[k]!]!;
    let out = '';
    for (let i = this.starts[k]!; i < this.ends[k]!; i++) {
      const mapped = table[text.charCodeAt(i)]!;
      if (mapped !== DROP) out += String.fromCharCode(mapped);
    }
    return out;
  }

  private push(folded: number, exact: number, flags: number, start: number, end: number, segment: number): void {
    if (this.count === this.folded.length) {
      this.folded = grow(this.folded);
      this.exact = grow(this.exact);
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
      const wider = new Uint8Array(this.flags.length * 2);
      wider.set(this.flags);
      this.flags = wider;
      const segments = new Uint8Array(this.segment.length * 2);
      segments.set(this.segment);
      this.segment = segments;
    }
    this.folded[this.count] = folded;
    this.exact[this.count] = exact;
    this.flags[this.count] = flags;
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.segment[this.count] = segment;
    this.count += 1;
  }
}

/** Mixed into the exact hash after the letters, so the tone is part of the key (0x100 + 0…5: no letter). */
const TONE_BASE = 0x100;


// Folding for matching: lowercase, diacritics stripped, đ → d, so "Điện toán" and "dien toan" meet.
//
// NFD + a regex over every body is the obvious way, and it costs ~25 µs per KB; a 64 K-entry table built once
// (from that same NFD rule) folds a character with one lookup, which is what indexing 100k articles needs.

/** The character a code unit folds to; SPACE marks separators in the term table, DROP a combining mark. */
const DROP = 0xffff;
const SPACE = 0x20;

let tables: { text: Uint16Array; terms: Uint16Array } | undefined;

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const MARK = /\p{M}/u;
const COMBINING = /[\u0300-\u036f]/g;

function buildTables(): { text: Uint16Array; terms: Uint16Array } {
  const text = new Uint16Array(0x10000);
  const terms = new Uint16Array(0x10000);
  for (let code = 0; code < 0x10000; code++) {
    const ch = String.fromCharCode(code);
    if (code >= 0xd800 && code <= 0xdfff) {
      // Surrogate halves: astral characters pass through whole (emoji, rare CJK).
      text[code] = code;
      terms[code] = code;
    } else if (MARK.test(ch)) {
      text[code] = DROP;
      terms[code] = DROP;
    } else if (LETTER_OR_DIGIT.test(ch)) {
      const folded = ch.toLowerCase().normalize('NFD').replace(COMBINING, '').replace('đ', 'd');
      const single = folded.length === 1 ? folded.charCodeAt(0) : ch.toLowerCase().length === 1 ? ch.toLowerCase().charCodeAt(0) : code;
      text[code] = single;
      terms[code] = single;
    } else {
      text[code] = code;
      terms[code] = SPACE;
    }
  }
  text[DROP] = DROP;
  terms[DROP] = DROP;
  return { text, terms };
}

function mapThrough(input: string, table: Uint16Array): string {
  const out = new Uint16Array(input.length);
  let length = 0;
  for (let i = 0; i < input.length; i++) {
    const mapped = table[input.charCodeAt(i)]!;
    if (mapped !== DROP) out[length++] = mapped;
  }
  return Buffer.from(out.buffer, 0, length * 2).toString('utf16le');
}

function foldTables(): { text: Uint16Array; terms: Uint16Array } {
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

/** A lookup key for names: folded, every run of non-letters collapsed to one space ("A.I." → "a i"). */
export function foldKey(text: string): string {
  return foldedTerms(text).join(' ');
}

// What a sentence is "about", as index terms for similarity: content words, and for Vietnamese the
// two-syllable words that carry most of its meaning ("điện toán", "đám mây").
import { UNSPACED_SCRIPT, words } from './segment.ts';
import { stopwordsFor } from './stopwords.ts';

/**
 * Lowercased words of `text` minus stopwords and single letters; with language "vi", also every pair of
 * adjacent syllables that is not itself a stopword ("có thể") nor made of two stopwords.
 */
export function terms(text: string, language: string): string[] {
  const stopwords = stopwordsFor(language);
  const tokens = lowerWords(text, language);
  const kept = tokens.filter((t) => isTermWord(t, stopwords));
  if (language !== 'vi') return kept;
  for (let i = 1; i < tokens.length; i++) if (isTermPair(tokens[i - 1]!, tokens[i]!, stopwords)) kept.push(`${tokens[i - 1]} ${tokens[i]}`);
  return kept;
}

/** The words `terms` reads, lowercased: its single-word terms are those passing `isTermWord`, in order, then (Vietnamese) its pairs. */
export function lowerWords(text: string, language: string): string[] {
  return words(text, language).map((w) => w.toLowerCase());
}

/** Whether a lowercased word is a term of a text whose stopwords are `stopwords`. */
export function isTermWord(word: string, stopwords: ReadonlySet<string>): boolean {
  return !stopwords.has(word) && (word.length > 1 || /\p{N}/u.test(word));
}

/** Whether two adjacent syllables of a Vietnamese text make a term. */
export function isTermPair(first: string, second: string, stopwords: ReadonlySet<string>): boolean {
  return !stopwords.has(`${first} ${second}`) && !(stopwords.has(first) && stopwords.has(second));
}

/** Per code unit: PARTS where `lowerTerms` and `lowerWords` may read differently, APOSTROPHE, WORD_CHAR. */
const PARTS = 1;
const APOSTROPHE = 2;
const WORD_CHAR = 4;
let charTable: Uint8Array | undefined;

function charKinds(): Uint8Array {
  if (charTable) return charTable;
  charTable = new Uint8Array(0x10000);
  for (let code = 0; code < 0x10000; code++) {
    const ch = String.fromCharCode(code);
    // Marks stay in words, surrogates and unspaced scripts are read by code point or dictionary, Σ lowercases
    // by context and some letters to two characters: `lowerTerms` does none of that.
    const parts = (code >= 0xd800 && code <= 0xdfff) || code === 0xffff || code === 0x3a3 || /\p{M}/u.test(ch) || UNSPACED_SCRIPT.test(ch) || ch.toLowerCase().length !== 1;
    charTable[code] = (parts ? PARTS : 0) | (/['’]/.test(ch) ? APOSTROPHE : 0) | (/[\p{L}\p{N}]/u.test(ch) ? WORD_CHAR : 0);
  }
  return charTable;
}

/**
 * Whether `lowerTerms(text)` (src/text/fold.ts) gives exactly `lowerWords(text, language)`: true for most
 * text, which can then be read by a LowerTermScan without a string per word. An apostrophe parts them only between
 * two letters or digits ("don't" is one word to `lowerWords`, two to `lowerTerms`; a quote is neither's).
 */
export function lowerTermsAreWords(text: string): boolean {
  const kinds = charKinds();
  for (let i = 0; i < text.length; i++) {
    const kind = kinds[text.charCodeAt(i)]!;
    if (kind & PARTS) return false;
    if (kind & APOSTROPHE && i > 0 && i + 1 < text.length && kinds[text.charCodeAt(i - 1)]! & WORD_CHAR && kinds[text.charCodeAt(i + 1)]! & WORD_CHAR) return false;
  }
  return true;
}

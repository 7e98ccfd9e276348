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

/** Code units after which `lowerTerms` and `lowerWords` may part (see lowerTermsAreWords): 1, else 0. */
let partingTable: Uint8Array | undefined;

function partingChars(): Uint8Array {
  if (partingTable) return partingTable;
  partingTable = new Uint8Array(0x10000);
  for (let code = 0; code < 0x10000; code++) {
    const ch = String.fromCharCode(code);
    // Apostrophes join words, marks stay in them, surrogates and unspaced scripts are read by code point or
    // dictionary, Σ lowercases by context and some letters to two characters: `lowerTerms` does neither.
    const parts = (code >= 0xd800 && code <= 0xdfff) || code === 0xffff || code === 0x3a3 || /['’\p{M}]/u.test(ch) || UNSPACED_SCRIPT.test(ch) || ch.toLowerCase().length !== 1;
    partingTable[code] = parts ? 1 : 0;
  }
  return partingTable;
}

/**
 * Whether `lowerTerms(text)` (src/text/fold.ts) gives exactly `lowerWords(text, language)`: true for most
 * text, which can then be read by a WordScan without a string per word.
 */
export function lowerTermsAreWords(text: string): boolean {
  const parting = partingChars();
  for (let i = 0; i < text.length; i++) if (parting[text.charCodeAt(i)] === 1) return false;
  return true;
}

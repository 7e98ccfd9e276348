// What a sentence is "about", as index terms for similarity: content words, and for Vietnamese the
// two-syllable words that carry most of its meaning ("điện toán", "đám mây").
import { words } from './segment.ts';
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

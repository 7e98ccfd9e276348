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
  const tokens = words(text, language).map((w) => w.toLowerCase());
  const kept = tokens.filter((t) => !stopwords.has(t) && (t.length > 1 || /\p{N}/u.test(t)));
  if (language !== 'vi') return kept;
  for (let i = 1; i < tokens.length; i++) {
    const first = tokens[i - 1]!;
    const second = tokens[i]!;
    const pair = `${first} ${second}`;
    if (!stopwords.has(pair) && !(stopwords.has(first) && stopwords.has(second))) kept.push(pair);
  }
  return kept;
}

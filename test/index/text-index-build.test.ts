import { describe, expect, it } from 'vitest';
import { TextIndex } from '../../src/index/text-index.ts';

/** `count` distinct made-up words ("zqa", "zqb", … then longer), none a stopword or an English stem of another. */
function distinctWords(count: number): string[] {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return Array.from({ length: count }, (_, n) => {
    let word = 'zq';
    for (let rest = n; ; rest = Math.floor(rest / 26) - 1) {
      word += letters[rest % 26];
      if (rest < 26) break;
    }
    return word;
  });
}

describe('TextIndex.build', () => {
  it('indexes every word of an article with thousands of distinct words, and counts repeats', () => {
    const words = distinctWords(5000);
    const long = { title: 'Glossary', excerpt: '', body: `${words.join(' ')} ${words[4321]} ${words[4321]}`, language: 'en' };
    const other = { title: 'Notes', excerpt: '', body: `${words[4321]} ${words[2048]} ${words.slice(0, 4000).join(' ')}`, language: 'en' };
    const index = TextIndex.build([other, long]);
    for (const n of [0, 2047, 2048, 2049, 4095, 4096, 4999]) {
      const docs = index.search(words[n]!, { limit: 5 }).map((hit) => hit.doc);
      expect(docs, words[n]).toContain(1);
    }
    // Said three times in the long article, once in the other (of similar length): the long one first.
    expect(index.search(words[4321]!, { limit: 2 }).map((hit) => hit.doc)).toEqual([1, 0]);
    // Only in the long article.
    expect(index.search(words[4500]!, { limit: 5 }).map((hit) => hit.doc)).toEqual([1]);
  });

  it('indexes Vietnamese with and without marks the same however long the article', () => {
    const syllables = distinctWords(3000);
    const marked = { title: 'Điện toán đám mây', excerpt: '', body: `${syllables.join(' ')} đám mây`, language: 'vi' };
    const index = TextIndex.build([marked]);
    expect(index.search('dam may', { limit: 1 }).map((hit) => hit.doc)).toEqual([0]);
    expect(index.search(syllables[2999]!, { limit: 1 }).map((hit) => hit.doc)).toEqual([0]);
  });
});

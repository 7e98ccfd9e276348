import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { lowerTerms } from '../../src/text/fold.ts';
import { lowerTermsAreWords, lowerWords, terms } from '../../src/text/terms.ts';
import { sharedCorpus, sharedPresent, seedsDir } from '../support/paths.ts';

describe('terms', () => {
  it('lists content words, then Vietnamese syllable pairs that are not stopwords', () => {
    expect(terms('Điện toán đám mây của Việt Nam', 'vi')).toEqual(['điện', 'toán', 'đám', 'mây', 'việt', 'nam', 'điện toán', 'toán đám', 'đám mây', 'mây của', 'của việt', 'việt nam']);
    expect(terms("The company's cloud revenue", 'en')).toEqual(["company's", 'cloud', 'revenue']);
  });
});

describe('lowerTermsAreWords (the story pass reads such text without a string per word)', () => {
  it('is false wherever lowerTerms and lowerWords part', () => {
    // Apostrophe inside a word, combining mark, context-dependent Σ, İ lowercasing to two characters, a
    // dictionary script, an astral letter.
    for (const text of ["don't stop", 'rock’n’roll', 'Vie\u0323t Nam', 'ΟΔΟΣ', 'İstanbul', 'ภาษาไทย', 'math 𝐀'])
      expect(lowerTermsAreWords(text), text).toBe(false);
  });

  it('is true for plain text, which both read alike, quotes and apostrophes beside a space included', () => {
    const text = "Điện toán đám mây: AI, 5G và 'Nhà Trắng' (2025) — Ωmega’ rival ' x";
    expect(lowerTermsAreWords(text)).toBe(true);
    expect(lowerTerms(text)).toEqual(lowerWords(text, 'vi'));
  });

  it.skipIf(!sharedPresent)('gives the words of lowerWords for every title and lead it accepts in the seeds and shared corpora', async () => {
    const { articles } = await loadCorpus([seedsDir, sharedCorpus]);
    let accepted = 0;
    for (const article of articles) {
      const text = `${article.title} ${(article.excerpt || article.body).slice(0, 300)}`;
      if (!lowerTermsAreWords(text)) continue;
      accepted += 1;
      expect(lowerTerms(text), article.source).toEqual(lowerWords(text, article.language));
    }
    // Most real text takes the fast path, or it would not be worth having.
    expect(accepted).toBeGreaterThan(articles.length / 2);
  });
});

// The benchmark's generated corpus is only worth its figures if it is the same on every run and looks like
// news text to the loader: a large Zipf vocabulary, bodies of hundreds of words, both languages and shapes.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorpusGenerator, generateCorpus, type GeneratedFile } from '../../bench/generate-corpus.ts';
import { random } from '../../bench/random.ts';
import { Vocabulary, VOCABULARY_SIZE } from '../../bench/vocabulary.ts';
import { loadCorpus } from '../../src/corpus/load.ts';

function files(seed: number, count: number): GeneratedFile[] {
  const generator = new CorpusGenerator(seed);
  return Array.from({ length: count }, () => generator.next());
}

const tokens = (text: string): string[] => text.toLowerCase().split(/[\s.,?!"]+/).filter((word) => /^\p{L}+$/u.test(word));

describe('generated bench corpus', () => {
  it('is the same for the same seed and different for another', () => {
    expect(files(42, 60)).toEqual(files(42, 60));
    expect(files(43, 60).map((file) => file.text)).not.toEqual(files(42, 60).map((file) => file.text));
  });

  it('draws from more than 100k distinct words, the head real words, ranked by a Zipf law', () => {
    const en = new Vocabulary('en', 1);
    const vi = new Vocabulary('vi', 2);
    expect(new Set(en.words).size + new Set(vi.words).size).toBe(VOCABULARY_SIZE.en + VOCABULARY_SIZE.vi);
    expect(VOCABULARY_SIZE.en + VOCABULARY_SIZE.vi).toBeGreaterThanOrEqual(100_000);
    expect(en.words.slice(0, 3)).toEqual(['the', 'of', 'and']);
    expect(vi.words.slice(0, 3)).toEqual(['của', 'và', 'là']);

    const counts = new Map<number, number>();
    const rand = random(5);
    for (let i = 0; i < 200_000; i++) {
      const rank = en.rank(rand);
      counts.set(rank, (counts.get(rank) ?? 0) + 1);
    }
    // Zipf with exponent 1: rank 1 about twice rank 2 and ten times rank 10.
    const ratio = (a: number, b: number): number => (counts.get(a) ?? 0) / (counts.get(b) ?? 1);
    expect(ratio(0, 1)).toBeGreaterThan(1.7);
    expect(ratio(0, 1)).toBeLessThan(2.3);
    expect(ratio(0, 9)).toBeGreaterThan(8);
    expect(ratio(0, 9)).toBeLessThan(12);
  });

  it('writes news-like files: both languages and shapes, bodies of hundreds of words, tens of thousands of distinct words in 1,000 files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'newsbot-gen-test-'));
    try {
      const made = await generateCorpus(dir, 1000);
      expect(made.files).toBe(1000);
      const load = await loadCorpus([dir]);
      expect(load.skipped).toEqual([]);
      expect(load.duplicates).toBe(0);
      expect(load.articles).toHaveLength(1000);
      const languages = load.articles.map((article) => article.language);
      expect(languages.filter((language) => language === 'vi').length).toBeGreaterThan(400);
      expect(languages.filter((language) => language === 'en').length).toBeGreaterThan(400);
      const shapes = load.articles.map((article) => article.source.slice(-3));
      for (const shape of ['.md', 'txt']) expect(shapes.filter((s) => s === shape).length).toBeGreaterThan(400);
      expect(load.articles.filter((article) => article.language === 'vi' && article.source.endsWith('.md')).length).toBeGreaterThan(0);
      expect(load.articles.filter((article) => article.language === 'en' && article.source.endsWith('.txt')).length).toBeGreaterThan(0);

      const bodyWords = load.articles.map((article) => article.body.split(/\s+/).length).sort((a, b) => a - b);
      expect(bodyWords[500]).toBeGreaterThan(200);
      expect(bodyWords[500]).toBeLessThan(600);
      const distinct = new Set(load.articles.flatMap((article) => tokens(`${article.title} ${article.body}`)));
      expect(distinct.size).toBeGreaterThan(30_000);
      expect(made.distinctWords).toBeGreaterThan(50_000);
      expect(load.articles.some((article) => /[ắằẳẵặấầẩẫậếềểễệốồổỗộớờởỡợứừửữự]/.test(article.body))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

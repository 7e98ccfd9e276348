// Articles for summary tests: hand-made ones, and the seeds through the corpus loader.
import type { Article } from '../../src/types.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { seedsDir } from '../support/paths.ts';


export function article(fields: Partial<Article> = {}): Article {
  return {
    id: 'a1', title: '', excerpt: '', body: '', url: null, publishedAt: null,
    provider: { name: null, domain: null }, topics: [], topicScores: {}, heat: 0, quality: null, language: 'en',
    type: 'article', image: null, source: 'test.txt', ...fields,
  };
}

/** A seed article as the corpus loader reads it. */
export async function seedArticle(fileName: string): Promise<Article> {
  const { articles } = await loadCorpus([seedsDir]);
  const found = articles.find((a) => a.source.endsWith(fileName));
  if (!found) throw new Error(`seed ${fileName} did not load`);
  return found;
}

/** Seed 000: front matter with an excerpt and no body. */
export const seed000 = () => seedArticle('000_988ac42cf7cb2b06.txt');
/** Seed 004: Vietnamese plain text. */
export const seed004 = () => seedArticle('004_062e452dc1363ed6.txt');

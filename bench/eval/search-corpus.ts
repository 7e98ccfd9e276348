// The search eval's corpus: ../shared/corpus/{en,vi} plus the repository's seeds, loaded together through the
// project's loader as a deployment would, each article named by its file path so judgments survive id changes.
import { existsSync } from 'node:fs';
import { basename, relative, resolve, sep } from 'node:path';
import type { Article } from '../../src/types.ts';
import { defaultTaxonomy, loadCorpus } from '../../src/corpus/load.ts';
import { CorpusIndex } from '../../src/index/corpus-index.ts';

const SHARED_CORPUS = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpus');
const SEEDS = resolve(import.meta.dirname, '..', '..', 'seeds');
const DIRS = [resolve(SHARED_CORPUS, 'en'), resolve(SHARED_CORPUS, 'vi'), SEEDS];

export interface EvalCorpus {
  articles: Article[];
  /** The bot's index over the same articles. */
  bot: CorpusIndex;
  /** Judgment key of an article: its path relative to ../shared/corpus ("vi/x.txt"), or "seeds/NAME". */
  keyOf(article: Article): string;
  /** Article by judgment key. */
  byKey: Map<string, Article>;
}

/** The eval corpus, or a reason it cannot be loaded (../shared absent). */
export async function loadEvalCorpus(): Promise<EvalCorpus | { missing: string }> {
  const missing = DIRS.find((dir) => !existsSync(dir));
  if (missing) return { missing: `${missing} is not present` };
  const taxonomy = await defaultTaxonomy();
  const { articles } = await loadCorpus(DIRS, { taxonomy });
  const keys = new Map(articles.map((article) => [article, judgmentKey(article.source)]));
  const keyOf = (article: Article): string => keys.get(article) ?? judgmentKey(article.source);
  return { articles, bot: CorpusIndex.build(articles, taxonomy), keyOf, byKey: new Map(articles.map((article) => [keyOf(article), article])) };
}

function judgmentKey(source: string): string {
  const path = resolve(source);
  const inShared = relative(SHARED_CORPUS, path);
  if (!inShared.startsWith('..')) return inShared.split(sep).join('/');
  return `seeds/${basename(path)}`;
}

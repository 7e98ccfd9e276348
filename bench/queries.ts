// Query sets for the latency benchmarks, drawn from the corpus being measured: real words of real articles,
// so their frequencies follow the corpus (common words often, rare ones sometimes), not a short fixed list.
import type { Article } from '../src/types.ts';
import { fold } from '../src/text/fold.ts';
import { random } from './random.ts';

const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/**
 * `count` queries of 1, 2 and 3 consecutive words (in turn) from a random article's title (3 in 10) or body,
 * accents stripped from every other one, and every fifth cut short as someone typing would leave it.
 */
export function searchQueries(articles: readonly Article[], seed: number, count: number): string[] {
  const rand = random(seed);
  const queries: string[] = [];
  while (queries.length < count) {
    const article = articles[Math.floor(rand() * articles.length)]!;
    const source = rand() < 0.3 || article.body === '' ? article.title : article.body;
    const words = source.split(/\s+/).map((word) => word.replace(EDGE_PUNCTUATION, '')).filter((word) => word !== '');
    const length = 1 + (queries.length % 3);
    if (words.length < length) continue;
    const start = Math.floor(rand() * (words.length - length + 1));
    const phrase = words.slice(start, start + length).join(' ');
    const query = queries.length % 2 ? fold(phrase) : phrase;
    queries.push(queries.length % 5 === 0 && query.length > 4 ? query.slice(0, query.length - 2) : query);
  }
  return queries;
}

/** `count` topic names from `names`, every other one lowercased (lookups ignore case). */
export function topicQueries(names: readonly string[], seed: number, count: number): string[] {
  const rand = random(seed);
  return Array.from({ length: count }, (_, i) => {
    const name = names[Math.floor(rand() * names.length)]!;
    return i % 2 ? name.toLowerCase() : name;
  });
}

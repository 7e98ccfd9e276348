// The same story from several providers: grouped so a briefing tells it once and cites every source.
import type { Article } from '../types.ts';
import { terms } from './terms.ts';
import { cosine, tfidfVectors } from './vectors.ts';

/** Cosine of title + lead TF-IDF vectors above which two articles tell the same story. */
export const DUPLICATE_SIMILARITY = 0.5;
/** How much of a body stands in for a missing excerpt. */
const LEAD_CHARS = 400;

/**
 * Groups of articles telling the same story (single linkage over title + excerpt similarity, or the same
 * URL), each group in input order, groups ordered by their first article. O(n²) pairs: n is a briefing's K.
 */
export function groupNearDuplicates(articles: readonly Article[], threshold = DUPLICATE_SIMILARITY): Article[][] {
  const vectors = tfidfVectors(articles.map((a) => terms(`${a.title} ${a.excerpt || a.body.slice(0, LEAD_CHARS)}`, a.language)));
  const parent = articles.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  for (let i = 0; i < articles.length; i++) {
    for (let j = i + 1; j < articles.length; j++) {
      const sameUrl = articles[i]!.url !== null && articles[i]!.url === articles[j]!.url;
      if (sameUrl || cosine(vectors[i]!, vectors[j]!) >= threshold) {
        const [a, b] = [root(i), root(j)];
        // The earlier article stays the root, so groups come out in input order.
        parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  }
  const groups = new Map<number, Article[]>();
  articles.forEach((article, i) => {
    const key = root(i);
    const group = groups.get(key);
    if (group) group.push(article);
    else groups.set(key, [article]);
  });
  return [...groups.values()];
}

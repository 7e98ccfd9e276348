// The stories among a briefing's articles, each told once citing every source. Articles from the index carry
// their story (src/index/stories.ts), so a briefing groups exactly as feeds and digests do; articles that
// carry none (built by hand) are grouped the same way among themselves.
import type { Article } from '../types.ts';
import { groupNearDuplicates } from '../index/stories.ts';

/** Groups in input order, each group in input order. */
export function storiesAmong(articles: readonly Article[]): Article[][] {
  if (!articles.every((article) => article.story)) return groupNearDuplicates(articles);
  const groups = new Map<string, Article[]>();
  for (const article of articles) {
    const group = groups.get(article.story!.id);
    if (group) group.push(article);
    else groups.set(article.story!.id, [article]);
  }
  return [...groups.values()];
}

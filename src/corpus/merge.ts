// Articles with one id (the same canonical URL, or identical text) become one: the first file's fields,
// the highest heat and quality, the union of topics (each at its highest score), and nulls filled from the others.
import type { Article } from '../types.ts';

export function mergeDuplicates(articles: Article[]): { articles: Article[]; duplicates: number } {
  const byId = new Map<string, Article>();
  let duplicates = 0;
  for (const article of articles) {
    const kept = byId.get(article.id);
    if (!kept) {
      byId.set(article.id, article);
      continue;
    }
    duplicates += 1;
    byId.set(article.id, mergeTwo(kept, article));
  }
  return { articles: [...byId.values()], duplicates };
}

function mergeTwo(kept: Article, other: Article): Article {
  return {
    ...kept,
    excerpt: kept.excerpt || other.excerpt,
    body: kept.body || other.body,
    publishedAt: kept.publishedAt ?? other.publishedAt,
    provider: { name: kept.provider.name ?? other.provider.name, domain: kept.provider.domain ?? other.provider.domain },
    topics: [...new Set([...kept.topics, ...other.topics])],
    topicScores: mergeScores(kept.topicScores, other.topicScores),
    heat: Math.max(kept.heat, other.heat),
    quality: kept.quality === null ? other.quality : other.quality === null ? kept.quality : Math.max(kept.quality, other.quality),
    image: kept.image ?? other.image,
  };
}

/** Each topic's highest confidence across the copies. */
function mergeScores(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const merged = { ...a };
  for (const [topic, score] of Object.entries(b)) merged[topic] = Math.max(merged[topic] ?? 0, score);
  return merged;
}

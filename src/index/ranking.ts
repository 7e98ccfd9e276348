// "Hot" order: heat desc, then quality desc (unknown last), then freshness (newest first, undated last),
// then id, so equal articles always come out in the same order.
import type { Article } from '../types.ts';

export function compareHot(a: Article, b: Article): number {
  return (
    b.heat - a.heat ||
    (b.quality ?? -Infinity) - (a.quality ?? -Infinity) || compareFreshness(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

function compareFreshness(a: Article, b: Article): number {
  if (a.publishedAt === b.publishedAt) return 0;
  if (a.publishedAt === null) return 1;
  if (b.publishedAt === null) return -1;
  return a.publishedAt < b.publishedAt ? 1 : -1;
}

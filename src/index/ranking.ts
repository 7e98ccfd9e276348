// "Hot" order: heat desc, then quality desc (unknown last), then freshness (newest first, undated last),
// then id, so equal articles always come out in the same order.
import type { Article } from '../types.ts';

export function compareHot(a: Article, b: Article): number {
  return b.heat - a.heat || (b.quality ?? -Infinity) - (a.quality ?? -Infinity) || compareFreshness(a.publishedAt, b.publishedAt) || compareIds(a.id, b.id);
}

/**
 * `articles` sorted in place into compareHot's order. The keys are read into arrays first, so the sort's
 * comparisons touch no article: at 100k the objects lie all over the heap, and reading each comparison's
 * fields from them made this sort 4× costlier per article at 300k than at 10k (docs/benchmarks.md, "Index build").
 */
export function sortHot(articles: Article[]): Article[] {
  const count = articles.length;
  const heat = new Float64Array(count);
  const quality = new Float64Array(count);
  const published = new Array<string | null>(count);
  const ids = new Array<string>(count);
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const article = articles[i]!;
    heat[i] = article.heat;
    quality[i] = article.quality ?? -Infinity;
    published[i] = article.publishedAt;
    ids[i] = article.id;
    order[i] = i;
  }
  order.sort((x, y) => heat[y]! - heat[x]! || quality[y]! - quality[x]! || compareFreshness(published[x]!, published[y]!) || compareIds(ids[x]!, ids[y]!));
  const input = articles.slice();
  for (let i = 0; i < count; i++) articles[i] = input[order[i]!]!;
  return articles;
}

function compareFreshness(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? 1 : -1;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

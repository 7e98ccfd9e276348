// Stories: the same event told by several articles (one press release on three sites, a wire story in two
// papers) grouped as one, so feeds post it once, digests and briefings list it once, and its heat counts how
// many independent sources carry it. Two articles are near-duplicates when the TF-IDF cosine of their title +
// lead is at least 0.5 (IDF over the whole corpus), or they share a URL, and — both being dated — they were
// published within a week of each other (a yearly "release wave" overview is a new event, not an update).
// Groups are single-linkage (union-find).
//
// Cost: comparing all pairs is 5·10⁹ cosines at 100k articles. Instead each article proposes pairs only
// through its rarest terms (in 2–64 articles of the corpus): near-duplicates share their rare words (names,
// figures), and a term that common is in too few articles to make many pairs. Terms are interned as numbers
// and each article's weights kept in typed arrays, so the whole pass allocates no map per article.
import type { Article, Story } from '../types.ts';
import { coveredHeat, originOf } from '../corpus/heat.ts';
import { terms } from '../text/terms.ts';
import { compareHot } from './ranking.ts';

/** Cosine of title + lead TF-IDF vectors from which two articles tell the same story. */
export const DUPLICATE_SIMILARITY = 0.5;
/** How much of a body stands in for a missing excerpt. */
const LEAD_CHARS = 400;
/** Two dated articles further apart than this are different events, however alike their words. */
const SAME_EVENT_MS = 7 * 24 * 3600_000;
/** Rarest terms through which an article looks for its near-duplicates. */
const BLOCKING_TERMS = 8;
/** A term in more articles than this proposes no pairs (it still counts in the cosine). */
const MAX_BLOCKING_FREQUENCY = 64;

/** Articles as sparse unit TF-IDF vectors: term numbers ascending, weights beside them. */
interface Vectors {
  terms: Uint32Array[];
  weights: Float64Array[];
  frequency: Uint32Array;
}

function leadVectors(articles: readonly Article[]): Vectors {
  const numbers = new Map<string, number>();
  const counts: number[] = [];
  const lists = articles.map((article) => {
    const tf = new Map<number, number>();
    for (const term of terms(`${article.title} ${article.excerpt || article.body.slice(0, LEAD_CHARS)}`, article.language)) {
      let n = numbers.get(term);
      if (n === undefined) {
        n = counts.length;
        numbers.set(term, n);
        counts.push(0);
      }
      tf.set(n, (tf.get(n) ?? 0) + 1);
    }
    for (const n of tf.keys()) counts[n]! += 1;
    return tf;
  });
  const frequency = Uint32Array.from(counts);
  const total = articles.length;
  const termArrays: Uint32Array[] = [];
  const weightArrays: Float64Array[] = [];
  for (const tf of lists) {
    const ids = Uint32Array.from(tf.keys()).sort();
    const weights = new Float64Array(ids.length);
    let norm = 0;
    ids.forEach((n, k) => {
      // Sublinear tf, smoothed idf: the weighting src/text/vectors.ts uses for sentences.
      const weight = (1 + Math.log(tf.get(n)!)) * Math.log(1 + total / frequency[n]!);
      weights[k] = weight;
      norm += weight * weight;
    });
    norm = Math.sqrt(norm);
    if (norm > 0) for (let k = 0; k < weights.length; k++) weights[k]! /= norm;
    termArrays.push(ids);
    weightArrays.push(weights);
  }
  return { terms: termArrays, weights: weightArrays, frequency };
}

function cosineAt(vectors: Vectors, a: number, b: number): number {
  const [ta, wa, tb, wb] = [vectors.terms[a]!, vectors.weights[a]!, vectors.terms[b]!, vectors.weights[b]!];
  let dot = 0;
  for (let i = 0, j = 0; i < ta.length && j < tb.length; ) {
    if (ta[i] === tb[j]) dot += wa[i++]! * wb[j++]!;
    else if (ta[i]! < tb[j]!) i++;
    else j++;
  }
  return dot;
}

function farApart(a: Article, b: Article): boolean {
  if (a.publishedAt === null || b.publishedAt === null) return false;
  return Math.abs(Date.parse(a.publishedAt) - Date.parse(b.publishedAt)) > SAME_EVENT_MS;
}

/**
 * Groups of articles telling the same story, each group in input order, groups ordered by their first
 * article. Deterministic for a given input order.
 */
export function groupNearDuplicates(articles: readonly Article[], threshold = DUPLICATE_SIMILARITY): Article[][] {
  const parent = articles.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const join = (i: number, j: number): void => {
    const [a, b] = [root(i), root(j)];
    // The earlier article stays the root, so groups come out in input order.
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  };
  const byUrl = new Map<string, number>();
  articles.forEach((article, i) => {
    if (article.url === null) return;
    const first = byUrl.get(article.url);
    if (first === undefined) byUrl.set(article.url, i);
    else join(first, i);
  });

  const vectors = leadVectors(articles);
  const buckets = new Map<number, number[]>();
  vectors.terms.forEach((ids, i) => {
    const rare = [...ids].filter((n) => vectors.frequency[n]! >= 2 && vectors.frequency[n]! <= MAX_BLOCKING_FREQUENCY);
    rare.sort((x, y) => vectors.frequency[x]! - vectors.frequency[y]! || x - y);
    for (const n of rare.slice(0, BLOCKING_TERMS)) {
      const bucket = buckets.get(n);
      if (bucket) bucket.push(i);
      else buckets.set(n, [i]);
    }
  });
  for (const bucket of buckets.values()) {
    for (let x = 0; x < bucket.length; x++) {
      for (let y = x + 1; y < bucket.length; y++) {
        const [i, j] = [bucket[x]!, bucket[y]!];
        if (root(i) === root(j) || farApart(articles[i]!, articles[j]!)) continue;
        if (cosineAt(vectors, i, j) >= threshold) join(i, j);
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

/**
 * The articles with their `story` set and their heat raised by its coverage (+10 per independent source
 * beyond the first, at most 100; src/corpus/heat.ts). Input heats are on the unified scale.
 */
export function withStories(articles: readonly Article[]): Article[] {
  const result: Article[] = [];
  for (const group of groupNearDuplicates(articles)) {
    const sources = new Set(group.map(originOf)).size;
    const members = group.map((article) => ({ ...article, heat: coveredHeat(article.heat, sources) })).sort(compareHot);
    const story: Story = {
      id: earliest(members).id,
      articles: members.map((a) => a.id),
      sources: [...new Set(members.map((a) => a.provider.name ?? a.provider.domain).filter((name): name is string => name !== null))],
    };
    for (const member of members) result.push({ ...member, story });
  }
  return result;
}

/** The first-published article (undated ones last), the lowest id among equals: a story's stable id. */
function earliest(articles: readonly Article[]): Article {
  return articles.reduce((best, a) => {
    const [x, y] = [a.publishedAt ?? '\uffff', best.publishedAt ?? '\uffff'];
    return x < y || (x === y && a.id < best.id) ? a : best;
  });
}

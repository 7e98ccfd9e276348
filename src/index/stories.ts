// Stories: the same event told by several articles (one press release on three sites, a wire story in two
// papers) grouped as one, so feeds post it once, digests and briefings list it once, and its heat counts how
// many independent sources carry it. Two articles are near-duplicates when the TF-IDF cosine of their title +
// lead is at least 0.5 (IDF over the whole corpus), or they share a URL, and — both being dated — they were
// published within a week of each other (a yearly "release wave" overview is a new event, not an update).
// Groups are single-linkage (union-find).
//
// Cost: comparing all pairs is 5·10⁹ cosines at 100k articles. Instead each article proposes pairs only
// through its rarest terms (in 2–32 articles of the corpus): near-duplicates share their rare words (names,
// figures), and a term that common is in too few articles to make many pairs. Terms are interned as numbers
// and each article's weights kept in typed arrays, so the whole pass allocates no map per article.
import type { Article, Story } from '../types.ts';
import { coveredHeat, originOf } from '../corpus/heat.ts';
import { copyArticle } from '../corpus/lazy-body.ts';
import { stopwordsFor } from '../text/stopwords.ts';
import { isTermPair, isTermWord, lowerTermsAreWords, lowerWords } from '../text/terms.ts';
import { grow, LowerTermScan } from '../text/fold.ts';
import { NO_PAIR, PairTable } from './pair-table.ts';
import { GrowableU32 } from './postings.ts';
import { scratch } from './scratch.ts';
import { WordTable } from './word-table.ts';
import { compareHot } from './ranking.ts';

/** Cosine of title + lead TF-IDF vectors from which two articles tell the same story. */
export const DUPLICATE_SIMILARITY = 0.5;
/** How much of a body stands in for a missing excerpt. */
const LEAD_CHARS = 300;
/** Two dated articles further apart than this are different events, however alike their words. */
const SAME_EVENT_MS = 7 * 24 * 3600_000;
/** Rarest terms through which an article looks for its near-duplicates. */
const BLOCKING_TERMS = 6;
/** A term in more articles than this proposes no pairs (it still counts in the cosine). */
const MAX_BLOCKING_FREQUENCY = 32;

/**
 * Articles as sparse unit TF-IDF vectors, all in flat arrays (one pair of typed arrays per article would be
 * hundreds of thousands of small buffers for the GC): article i's term numbers ascend in
 * terms[starts[i] .. starts[i + 1]), its weights beside them in `weights`.
 */
interface Vectors {
  terms: Uint32Array;
  weights: Float64Array;
  starts: Uint32Array;
  frequency: Uint32Array;
}

/**
 * Numbers the terms of texts as `terms` lists them (single words, then Vietnamese pairs), each numbered as
 * first met, without a string per word or pair where the text allows (lowerTermsAreWords): words through a
 * WordTable, pairs by their two words' numbers.
 */
class TermNumbers {
  count = 0;
  private readonly table = new WordTable();
  private readonly scan = new LowerTermScan();
  /** Word id (in `table`) → its term number, -1 until it is first a term. */
  private readonly wordTerms: number[] = [];
  /** (word, word) → the pair's term number, or NOT_TERM. */
  private readonly pairs = PairTable.scratch();
  /** Per stopword list: word id → IS_TERM or NOT_TERM once asked (isTermWord), 0 before. */
  private readonly verdicts = new Map<ReadonlySet<string>, Int8Array>();
  /** The word ids of the text being numbered. */
  private ids = new Int32Array(256);

  /** Appends the term numbers of `text` to `numbers`. */
  of(text: string, language: string, numbers: GrowableU32): void {
    const { table, scan } = this;
    const stopwords = stopwordsFor(language);
    let count = 0;
    if (lowerTermsAreWords(text)) {
      scan.scan(text);
      while (scan.count > this.ids.length) this.ids = grow(this.ids);
      for (let k = 0; k < scan.count; k++) this.ids[count++] = table.intern(scan, k);
    } else {
      for (const word of lowerWords(text, language)) {
        if (count === this.ids.length) this.ids = grow(this.ids);
        this.ids[count++] = table.internWord(word);
      }
    }
    const ids = this.ids;
    while (this.wordTerms.length < table.words.length) this.wordTerms.push(-1);
    const verdict = this.verdictsFor(stopwords);
    for (let i = 0; i < count; i++) {
      const id = ids[i]!;
      if (verdict[id] === 0) verdict[id] = isTermWord(table.words[id]!, stopwords) ? IS_TERM : NOT_TERM;
      if (verdict[id] === NOT_TERM) continue;
      let term = this.wordTerms[id]!;
      if (term === -1) term = this.wordTerms[id] = this.count++;
      numbers.push(term);
    }
    if (language !== 'vi') return;
    for (let i = 1; i < count; i++) {
      let term = this.pairs.get(ids[i - 1]!, ids[i]!);
      if (term === NO_PAIR) {
        term = isTermPair(table.words[ids[i - 1]!]!, table.words[ids[i]!]!, stopwords) ? this.count++ : NOT_TERM;
        this.pairs.set(ids[i - 1]!, ids[i]!, term);
      }
      if (term !== NOT_TERM) numbers.push(term);
    }
  }

  /** The verdicts for `stopwords`, with room for every word id. */
  private verdictsFor(stopwords: ReadonlySet<string>): Int8Array {
    let verdict = this.verdicts.get(stopwords);
    if (!verdict || verdict.length < this.table.words.length) {
      const grown = new Int8Array(Math.max(1024, 2 * this.table.words.length));
      if (verdict) grown.set(verdict);
      this.verdicts.set(stopwords, (verdict = grown));
    }
    return verdict;
  }
}

const NOT_TERM = -2;
const IS_TERM = 1;

function leadVectors(articles: readonly Article[]): Vectors {
  const numbering = new TermNumbers();
  const counts: number[] = [];
  // Every article's term numbers, each article's sorted in place, then run-length counted (no map per article).
  const all = GrowableU32.scratch(1 << 16);
  const listStarts = new Uint32Array(articles.length + 1);
  const distinct = new Uint32Array(articles.length);
  articles.forEach((article, i) => {
    numbering.of(`${article.title} ${(article.excerpt || article.body).slice(0, LEAD_CHARS)}`, article.language, all);
    while (counts.length < numbering.count) counts.push(0);
    listStarts[i + 1] = all.length;
    const sorted = all.data.subarray(listStarts[i]!, all.length).sort();
    for (let k = 0; k < sorted.length; k++) {
      if (k === 0 || sorted[k] !== sorted[k - 1]) {
        counts[sorted[k]!]! += 1;
        distinct[i]! += 1;
      }
    }
  });
  const frequency = Uint32Array.from(counts);
  const total = articles.length;
  const starts = new Uint32Array(articles.length + 1);
  for (let i = 0; i < articles.length; i++) starts[i + 1] = starts[i]! + distinct[i]!;
  const terms = scratch(Uint32Array, starts[articles.length]!);
  const weights = scratch(Float64Array, starts[articles.length]!);
  const sorted = all.data;
  for (let i = 0; i < articles.length; i++) {
    const [from, to] = [starts[i]!, starts[i + 1]!];
    let norm = 0;
    for (let k = listStarts[i]!, d = from - 1; k < listStarts[i + 1]!; k++) {
      if (k === listStarts[i] || sorted[k] !== sorted[k - 1]) terms[++d] = sorted[k]!;
      weights[d] = weights[d]! + 1;
    }
    for (let d = from; d < to; d++) {
      // Sublinear tf, smoothed idf: the weighting src/text/vectors.ts uses for sentences.
      const weight = (1 + Math.log(weights[d]!)) * Math.log(1 + total / frequency[terms[d]!]!);
      weights[d] = weight;
      norm += weight * weight;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (let d = from; d < to; d++) weights[d]! /= norm;
  }
  return { terms, weights, starts, frequency };
}

function cosineAt(vectors: Vectors, a: number, b: number): number {
  const { terms, weights, starts } = vectors;
  let dot = 0;
  for (let i = starts[a]!, j = starts[b]!, endA = starts[a + 1]!, endB = starts[b + 1]!; i < endA && j < endB; ) {
    if (terms[i] === terms[j]) dot += weights[i++]! * weights[j++]!;
    else if (terms[i]! < terms[j]!) i++;
    else j++;
  }
  return dot;
}

/**
 * Groups of articles telling the same story, each group in input order, groups ordered by their first
 * article. Deterministic for a given input order.
 */
export function groupNearDuplicates(articles: readonly Article[], threshold = DUPLICATE_SIMILARITY): Article[][] {
  return groupIndexes(articles, threshold).map((group) => group.map((i) => articles[i]!));
}

/**
 * Groups of positions as a union-find forest. A class, not closures: tsx compiles with keepNames, and calls to a
 * named closure, once per candidate pair here, cost more (see heatBoost in text-index.ts).
 */
class Forest {
  private readonly parent: Int32Array;

  constructor(size: number) {
    this.parent = Int32Array.from({ length: size }, (_, i) => i);
  }

  root(i: number): number {
    const parent = this.parent;
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  }

  /** Puts i and j in one group; the earlier position stays the root, so groups come out in input order. */
  join(i: number, j: number): void {
    const a = this.root(i);
    const b = this.root(j);
    if (a !== b) this.parent[Math.max(a, b)] = Math.min(a, b);
  }
}

/** groupNearDuplicates as positions in `articles`. */
function groupIndexes(articles: readonly Article[], threshold: number): number[][] {
  const forest = new Forest(articles.length);
  const byUrl = new Map<string, number>();
  articles.forEach((article, i) => {
    if (article.url === null) return;
    const first = byUrl.get(article.url);
    if (first === undefined) byUrl.set(article.url, i);
    else forest.join(first, i);
  });

  if (threshold <= 1) joinNearDuplicates(articles, threshold, forest);

  // A group's root is its first article: groups come out ordered by it, each in input order.
  const groups: number[][] = [];
  const groupOf = new Int32Array(articles.length).fill(-1);
  for (let i = 0; i < articles.length; i++) {
    const r = forest.root(i);
    if (groupOf[r] === -1) {
      groupOf[r] = groups.length;
      groups.push([i]);
    } else groups[groupOf[r]!]!.push(i);
  }
  return groups;
}

/** Joins articles whose title + lead vectors are at least `threshold` alike, proposed through rare terms. */
function joinNearDuplicates(articles: readonly Article[], threshold: number, forest: Forest): void {
  // Undated articles (NaN) are never too far apart: NaN > x is false.
  const times = articles.map((article) => (article.publishedAt === null ? Number.NaN : Date.parse(article.publishedAt)));
  const vectors = leadVectors(articles);
  const { frequency } = vectors;
  // Each article's blocking terms, as (term, article) proposals, then laid out term by term (a counting sort,
  // articles ascending in each): no map or array per term. Groups are connected components, so the order
  // buckets are read in changes nothing.
  const proposedTerms = new Uint32Array(BLOCKING_TERMS * articles.length);
  const proposedBy = new Uint32Array(BLOCKING_TERMS * articles.length);
  let proposals = 0;
  const histogram = new Uint32Array(MAX_BLOCKING_FREQUENCY + 1);
  for (let i = 0; i < articles.length; i++) {
    const [from, to] = [vectors.starts[i]!, vectors.starts[i + 1]!];
    let rare = 0;
    histogram.fill(0);
    for (let k = from; k < to; k++) {
      const f = frequency[vectors.terms[k]!]!;
      if (f < 2 || f > MAX_BLOCKING_FREQUENCY) continue;
      rare += 1;
      histogram[f]! += 1;
    }
    // The BLOCKING_TERMS rarest, ties to the lower term number: every term rarer than the cut, then the first
    // at it (an article's terms ascend), found by a histogram of frequencies rather than sorting them all.
    let cut = MAX_BLOCKING_FREQUENCY;
    let atCut = Infinity;
    if (rare > BLOCKING_TERMS) {
      let rarer = 0;
      cut = 2;
      while (rarer + histogram[cut]! < BLOCKING_TERMS) rarer += histogram[cut++]!;
      atCut = BLOCKING_TERMS - rarer;
    }
    for (let k = from; k < to; k++) {
      const n = vectors.terms[k]!;
      const f = frequency[n]!;
      if (f < 2 || f > cut || (f === cut && atCut-- <= 0)) continue;
      proposedTerms[proposals] = n;
      proposedBy[proposals++] = i;
    }
  }
  const bucketStarts = new Uint32Array(frequency.length + 1);
  for (let p = 0; p < proposals; p++) bucketStarts[proposedTerms[p]! + 1]! += 1;
  for (let n = 0; n < frequency.length; n++) bucketStarts[n + 1]! += bucketStarts[n]!;
  const next = bucketStarts.slice(0, frequency.length);
  const buckets = new Uint32Array(proposals);
  for (let p = 0; p < proposals; p++) buckets[next[proposedTerms[p]!]!++] = proposedBy[p]!;
  for (let n = 0; n < frequency.length; n++) {
    for (let x = bucketStarts[n]!, end = bucketStarts[n + 1]!; x < end; x++) {
      for (let y = x + 1; y < end; y++) {
        const [i, j] = [buckets[x]!, buckets[y]!];
        if (forest.root(i) === forest.root(j) || Math.abs(times[i]! - times[j]!) > SAME_EVENT_MS) continue;
        if (cosineAt(vectors, i, j) >= threshold) forest.join(i, j);
      }
    }
  }
}

/**
 * What joins articles into a story: a shared URL, or also alike words ('alike'). Words are weighed by IDF
 * over the articles given, which only a whole corpus makes meaningful: in a handful (a delta segment,
 * delta.ts) every word is rare and any two articles written alike would merge, so there only URLs join.
 */
export type StoryLinks = 'alike' | 'url';

/**
 * The articles as the index keeps them (new objects; the input is left alone): `heatRaw` the source's figure,
 * `heat` the unified heat given (`heats[i]` for `articles[i]`) raised by its story's coverage (+10 per
 * independent source beyond the first, at most 100; src/corpus/heat.ts), and `story`.
 */
export function withStories(articles: readonly Article[], heats: readonly number[], link: StoryLinks = 'alike'): Article[] {
  const result: Article[] = [];
  for (const group of groupIndexes(articles, link === 'alike' ? DUPLICATE_SIMILARITY : Infinity)) {
    // One article is one source (most groups: no origin worked out, a folder name for plain text).
    const sources = group.length === 1 ? 1 : new Set(group.map((i) => originOf(articles[i]!))).size;
    // Object.assign (copyArticle), not a spread: a spread adding keys leaves ~600-byte dictionary-mode objects (measured).
    const members = group
      .map((i) => copyArticle(articles[i]!, { heatRaw: articles[i]!.heatRaw ?? articles[i]!.heat, heat: coveredHeat(heats[i]!, sources), story: undefined as Story | undefined }))
      .sort(compareHot);
    const story: Story = {
      id: earliest(members).id,
      articles: members.map((a) => a.id),
      sources: [...new Set(members.map((a) => a.provider.name ?? a.provider.domain).filter((name): name is string => name !== null))],
    };
    for (const member of members) {
      member.story = story;
      result.push(member);
    }
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

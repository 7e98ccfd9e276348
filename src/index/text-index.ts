// Full-text search over title, excerpt and body: an inverted index of folded terms with packed postings.
//
// Why not MiniSearch (measured on the 1,772-file Vietnamese corpus, 6 MB): indexing bodies took 3.5 s and
// 22 MB of heap (3.7× the text), with syllable pairs 7.5 s and 175 MB, and a 4-syllable query with prefixes
// 68 ms; at 100k articles that is minutes and gigabytes. Here a posting is one uint32 (doc << 8 | weight) in a
// typed array per term, so 100k articles index in seconds within the heap budget (see bench/corpus.ts).
//
// Terms are folded words (diacritic- and case-insensitive); title and excerpt also index adjacent-word pairs
// ("dam may"), so a phrase in the headline or lead outranks the same words scattered through a body.
// A query matches documents containing every term (AND); the last term also matches as a prefix. Scoring is
// one pass over each term's postings into per-document typed arrays, and a bounded top-k: no per-hit objects.
import { foldedTerms } from '../text/fold.ts';

export interface IndexedText {
  title: string;
  excerpt: string;
  body: string;
}

const TITLE_WEIGHT = 8;
const EXCERPT_WEIGHT = 3;
const BODY_WEIGHT = 1;
const PAIR_WEIGHT = 4;
const MAX_WEIGHT = 255;
/** A prefix shorter than this matches whole terms only: "t" would expand to half the vocabulary. */
const MIN_PREFIX = 2;
/** A prefix expands to at most this many terms (the most frequent ones). */
const MAX_EXPANSIONS = 32;

/** Postings of one term while building: packed (doc << 8 | weight), doc ascending. */
class PostingBuilder {
  data = new Uint32Array(4);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}

export interface SearchHit {
  doc: number;
  score: number;
}

export class TextIndex {
  readonly size: number;
  private readonly postings: Map<string, Uint32Array>;
  /** Every term, sorted, for prefix expansion by binary search. */
  private readonly sortedTerms: string[];

  private constructor(size: number, postings: Map<string, Uint32Array>) {
    this.size = size;
    this.postings = postings;
    this.sortedTerms = [...postings.keys()].sort();
  }

  static build(docs: readonly IndexedText[]): TextIndex {
    if (docs.length >= 1 << 24) throw new RangeError('TextIndex holds at most 16,777,215 documents');
    const builders = new Map<string, PostingBuilder>();
    const weights = new Map<string, number>();
    docs.forEach((doc, index) => {
      weights.clear();
      addTerms(weights, doc.title, TITLE_WEIGHT, true);
      addTerms(weights, doc.excerpt, EXCERPT_WEIGHT, true);
      addTerms(weights, doc.body, BODY_WEIGHT, false);
      for (const [term, weight] of weights) {
        let builder = builders.get(term);
        if (!builder) builders.set(term, (builder = new PostingBuilder()));
        builder.push(((index << 8) | Math.min(MAX_WEIGHT, weight)) >>> 0);
      }
    });
    const postings = new Map<string, Uint32Array>();
    for (const [term, builder] of builders) postings.set(term, builder.data.slice(0, builder.length));
    return new TextIndex(docs.length, postings);
  }

  /**
   * The best `limit` documents containing every query term (the last as a prefix unless the query ends in a
   * space) and passing `accept`: by score, then by document number (callers number documents hottest first).
   */
  search(query: string, options: { limit: number; accept?: (doc: number) => boolean }): SearchHit[] {
    const terms = foldedTerms(query);
    if (terms.length === 0) return [];
    const prefixLast = !/\s$/.test(query);
    const groups = terms.map((term, i) => this.expand(term, prefixLast && i === terms.length - 1));
    if (groups.some((group) => group.length === 0)) return [];
    // Rarest group first: only its documents can survive, so only they are reset afterwards.
    groups.sort((a, b) => frequency(a) - frequency(b));
    const { scores, marks } = this.scratch();
    const touched: number[] = [];
    groups.forEach((group, g) => {
      for (const postings of group) {
        const idf = this.idf(postings);
        for (const posting of postings) {
          const doc = posting >>> 8;
          // marks[doc] = how many groups matched so far; a second completion of the same prefix adds nothing.
          if (marks[doc] !== g) continue;
          if (g === 0) touched.push(doc);
          marks[doc] = g + 1;
          scores[doc]! += idf * (posting & MAX_WEIGHT);
        }
      }
    });
    const full = groups.length;
    for (let i = 0; i + 1 < terms.length; i++) {
      const pair = this.postings.get(`${terms[i]} ${terms[i + 1]}`);
      if (!pair) continue;
      const idf = this.idf(pair);
      for (const posting of pair) if (marks[posting >>> 8] === full) scores[posting >>> 8]! += idf * (posting & MAX_WEIGHT);
    }
    const top = new TopHits(options.limit);
    for (const doc of touched) {
      if (marks[doc] === full && (!options.accept || options.accept(doc))) top.offer(doc, scores[doc]!);
      marks[doc] = 0;
      scores[doc] = 0;
    }
    return top.hits;
  }

  private scratchArrays: { scores: Float64Array; marks: Uint8Array } | undefined;

  /** Per-document accumulators, allocated once and left zeroed after every search. */
  private scratch(): { scores: Float64Array; marks: Uint8Array } {
    this.scratchArrays ??= { scores: new Float64Array(this.size), marks: new Uint8Array(this.size) };
    return this.scratchArrays;
  }

  private idf(postings: Uint32Array): number {
    return Math.log(1 + this.size / postings.length);
  }

  /** The postings a query term stands for: itself, or (as a prefix) up to MAX_EXPANSIONS completions. */
  private expand(term: string, asPrefix: boolean): Uint32Array[] {
    const exact = this.postings.get(term);
    if (!asPrefix || term.length < MIN_PREFIX) return exact ? [exact] : [];
    const expansions: Uint32Array[] = [];
    for (let i = lowerBound(this.sortedTerms, term); i < this.sortedTerms.length; i++) {
      const candidate = this.sortedTerms[i]!;
      if (!candidate.startsWith(term)) break;
      if (candidate.includes(' ')) continue;
      expansions.push(this.postings.get(candidate)!);
    }
    expansions.sort((a, b) => b.length - a.length);
    return expansions.slice(0, MAX_EXPANSIONS);
  }
}

/** The best `limit` hits seen, kept sorted: score desc, then doc asc. */
class TopHits {
  readonly hits: SearchHit[] = [];
  private readonly limit: number;
  constructor(limit: number) {
    this.limit = limit;
  }
  offer(doc: number, score: number): void {
    const hits = this.hits;
    if (hits.length === this.limit && !better(doc, score, hits[hits.length - 1]!)) return;
    let at = hits.length;
    while (at > 0 && better(doc, score, hits[at - 1]!)) at -= 1;
    hits.splice(at, 0, { doc, score });
    if (hits.length > this.limit) hits.pop();
  }
}

function better(doc: number, score: number, than: SearchHit): boolean {
  return score > than.score || (score === than.score && doc < than.doc);
}

function addTerms(weights: Map<string, number>, text: string, weight: number, pairs: boolean): void {
  const terms = foldedTerms(text);
  for (let i = 0; i < terms.length; i++) {
    const term = terms[i]!;
    weights.set(term, (weights.get(term) ?? 0) + weight);
    if (pairs && i + 1 < terms.length) {
      const pair = `${term} ${terms[i + 1]}`;
      weights.set(pair, (weights.get(pair) ?? 0) + PAIR_WEIGHT);
    }
  }
}

function frequency(group: Uint32Array[]): number {
  return group.reduce((sum, postings) => sum + postings.length, 0);
}

function lowerBound(sorted: string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

// Extractive selection: which few sentences of an article say the most. See docs/summaries.md for the algorithm
// and the weights' provenance (tuned against newsroom leads with `npm run eval`).
import { truncate } from '../text/truncate.ts';
import { terms } from '../text/terms.ts';
import { cosine, tfidfVectors, type TermVector } from '../text/vectors.ts';

export interface ExtractOptions {
  /** How many sentences to pick (fewer when the text has fewer). */
  count: number;
  /** Budget for the picked sentences joined by spaces. */
  maxChars: number;
  language: string;
  /** The headline: sentences close to it are preferred. */
  title?: string;
}

/** Weights of the sentence score; exported so the eval can report what it ran with. */
export const WEIGHTS = {
  centrality: 0.5,
  title: 3,
  position: 1,
  /** MMR trade-off: 1 ignores redundancy, 0 only avoids it. */
  relevance: 0.7,
  /** TextRank damping factor. */
  damping: 0.85,
} as const;

/** Sentences with fewer content terms than this are fragments (datelines, captions): heavily discounted. */
const MIN_TERMS = 4;
const TEXTRANK_ITERATIONS = 30;
/** Cosine at which a sentence merely repeats one already picked. */
const NEAR_COPY = 0.8;

/**
 * Picks up to `count` sentences and returns them in their original order. Deterministic: ties go to the
 * earlier sentence. Cost is O(n²) in the number of candidates, so callers cap n (see summarizeArticle).
 */
export function extractSentences(candidates: readonly string[], options: ExtractOptions): string[] {
  if (candidates.length <= 1) return fitBudget([...candidates], options.maxChars);
  const termLists = candidates.map((s) => terms(s, options.language));
  const titleTerms = options.title ? terms(options.title, options.language) : [];
  const vectors = tfidfVectors([...termLists, titleTerms]);
  const titleVector = vectors.pop()!;
  const similarity = similarityMatrix(vectors);
  const prior = candidates.map((_, i) => 1 / Math.sqrt(i + 1));
  const centrality = normaliseMax(textRank(similarity, prior));
  const relevance = candidates.map((_, i) => {
    const score =
      WEIGHTS.centrality * centrality[i]! +
      WEIGHTS.title * cosine(titleVector, vectors[i]!) +
      WEIGHTS.position * prior[i]!;
    return termLists[i]!.length < MIN_TERMS ? score * 0.25 : score;
  });
  const picked = pickByMmr(normaliseMax(relevance), similarity, options.count);
  return fitBudget(
    picked.sort((a, b) => a - b).map((i) => candidates[i]!),
    options.maxChars,
  );
}

function similarityMatrix(vectors: readonly TermVector[]): Float64Array[] {
  const n = vectors.length;
  const matrix = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = cosine(vectors[i]!, vectors[j]!);
      matrix[i]![j] = s;
      matrix[j]![i] = s;
    }
  }
  return matrix;
}

/**
 * Weighted PageRank over the similarity graph, teleporting by the position prior (news leads matter):
 * a sentence is central when sentences that are themselves central resemble it.
 */
function textRank(similarity: readonly Float64Array[], prior: readonly number[]): number[] {
  const n = similarity.length;
  const priorSum = prior.reduce((a, b) => a + b, 0);
  const teleport = prior.map((p) => p / priorSum);
  const outWeight = similarity.map((row) => row.reduce((a, b) => a + b, 0));
  let rank = [...teleport];
  for (let iteration = 0; iteration < TEXTRANK_ITERATIONS; iteration++) {
    const next = teleport.map((t) => (1 - WEIGHTS.damping) * t);
    let dangling = 0;
    for (let j = 0; j < n; j++) {
      if (outWeight[j]! === 0) {
        dangling += rank[j]!;
        continue;
      }
      const share = (WEIGHTS.damping * rank[j]!) / outWeight[j]!;
      const row = similarity[j]!;
      for (let i = 0; i < n; i++) next[i]! += share * row[i]!;
    }
    // Sentences similar to nothing hand their rank back through the teleport distribution.
    for (let i = 0; i < n; i++) next[i]! += WEIGHTS.damping * dangling * teleport[i]!;
    rank = next;
  }
  return rank;
}

function normaliseMax(values: readonly number[]): number[] {
  const max = Math.max(...values);
  return max > 0 ? values.map((v) => v / max) : values.map(() => 0);
}

/**
 * Maximal marginal relevance: each pick trades its score (scaled to 0–1) against its likeness to what is
 * already picked; a near-copy of a picked sentence is never picked.
 */
function pickByMmr(relevance: readonly number[], similarity: readonly Float64Array[], count: number): number[] {
  const picked: number[] = [];
  const available = new Set(relevance.keys());
  while (picked.length < count && available.size > 0) {
    let best = -1;
    let bestScore = -Infinity;
    for (const i of available) {
      const redundancy = picked.reduce((max, j) => Math.max(max, similarity[i]![j]!), 0);
      if (redundancy >= NEAR_COPY) continue;
      const score = WEIGHTS.relevance * relevance[i]! - (1 - WEIGHTS.relevance) * redundancy;
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    if (best < 0) break;
    picked.push(best);
    available.delete(best);
  }
  return picked;
}

/**
 * Keeps sentences, in order, while they fit `maxChars` joined by spaces; a first sentence too long on its
 * own is cut at a word boundary with an ellipsis, so there is always something to show.
 */
export function fitBudget(sentences: string[], maxChars: number): string[] {
  const kept: string[] = [];
  let length = 0;
  for (const sentence of sentences) {
    const added = (kept.length ? 1 : 0) + sentence.length;
    if (length + added <= maxChars) {
      kept.push(sentence);
      length += added;
    }
  }
  if (kept.length === 0 && sentences[0] !== undefined) kept.push(truncate(sentences[0], maxChars, { atWord: true }));
  return kept;
}

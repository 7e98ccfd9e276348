// Sparse TF-IDF vectors and cosine similarity over term lists.

/** Term → weight, L2-normalised (so a dot product is the cosine). */
export type TermVector = ReadonlyMap<string, number>;

/**
 * One unit vector per term list, with sublinear term frequency (1 + ln tf) and smoothed IDF computed over
 * the lists themselves: terms in every sentence of an article say little about any one of them.
 */
export function tfidfVectors(termLists: readonly string[][]): TermVector[] {
  const documentFrequency = new Map<string, number>();
  for (const list of termLists) {
    for (const term of new Set(list)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  const count = termLists.length;
  return termLists.map((list) => {
    const frequency = new Map<string, number>();
    for (const term of list) frequency.set(term, (frequency.get(term) ?? 0) + 1);
    const vector = new Map<string, number>();
    let norm = 0;
    for (const [term, tf] of frequency) {
      const weight = (1 + Math.log(tf)) * Math.log(1 + count / (documentFrequency.get(term) ?? 1));
      vector.set(term, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [term, weight] of vector) vector.set(term, weight / norm);
    return vector;
  });
}

/** Cosine of two unit vectors (0 when either is empty). */
export function cosine(a: TermVector, b: TermVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [term, weight] of small) {
    const other = large.get(term);
    if (other !== undefined) dot += weight * other;
  }
  return dot;
}

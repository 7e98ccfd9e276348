// Ranking metrics over graded judgments (0 = not relevant … 3 = exactly what the user wants). Documents
// without a judgment count as grade 0; the scorer reports how many there were so a gap in the pool shows.

/** Grade at or above which a document counts as relevant for P@k and MRR. */
export const RELEVANT_GRADE = 2;

export type Judgments = Readonly<Record<string, number>>;

const gain = (grade: number): number => 2 ** grade - 1;
const discount = (rank: number): number => Math.log2(rank + 2);

/** nDCG@k with gains 2^g − 1; the ideal ranking is every judged document, best first. 0 when none is relevant. */
export function ndcgAt(ranked: readonly string[], judgments: Judgments, k: number): number {
  const dcg = ranked.slice(0, k).reduce((sum, key, rank) => sum + gain(judgments[key] ?? 0) / discount(rank), 0);
  const ideal = Object.values(judgments)
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((sum, grade, rank) => sum + gain(grade) / discount(rank), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** Share of the first k positions holding a relevant document (an empty position counts as not relevant). */
export function precisionAt(ranked: readonly string[], judgments: Judgments, k: number): number {
  return ranked.slice(0, k).filter((key) => (judgments[key] ?? 0) >= RELEVANT_GRADE).length / k;
}

/** 1 / rank of the first relevant document within the first k, 0 when there is none. */
export function reciprocalRankAt(ranked: readonly string[], judgments: Judgments, k: number): number {
  const at = ranked.slice(0, k).findIndex((key) => (judgments[key] ?? 0) >= RELEVANT_GRADE);
  return at === -1 ? 0 : 1 / (at + 1);
}

/** How many of the first k were never judged. */
export function unjudgedAt(ranked: readonly string[], judgments: Judgments, k: number): number {
  return ranked.slice(0, k).filter((key) => !(key in judgments)).length;
}

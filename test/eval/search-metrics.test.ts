// The search eval's metrics on a hand-worked ranking: what the nDCG/P@5/MRR figures in eval/search/README.md mean.
import { describe, expect, it } from 'vitest';
import { ndcgAt, precisionAt, reciprocalRankAt, unjudgedAt } from '../../bench/eval/search-metrics.ts';

// Judged: a exactly right (3), b clearly relevant (2), d marginal (1), c not relevant (0); x was never judged.
const judgments = { a: 3, b: 2, c: 0, d: 1 };
const ranking = ['c', 'a', 'x', 'b', 'd'];

describe('search metrics', () => {
  it('nDCG@10 uses gains 2^g − 1, log2(rank + 1) discounts and the ideal order of every judged document', () => {
    // DCG  = 0 + 7/log2(3) + 0 + 3/log2(5) + 1/log2(6) = 4.41650 + 1.29203 + 0.38685 = 6.09538
    // IDCG = 7/log2(2) + 3/log2(3) + 1/log2(4) + 0     = 7 + 1.89279 + 0.5           = 9.39279
    expect(ndcgAt(ranking, judgments, 10)).toBeCloseTo(0.64895, 4);
    expect(ndcgAt(['a', 'b', 'd', 'c'], judgments, 10)).toBeCloseTo(1, 10);
  });

  it('nDCG@k stops at k but keeps the full ideal: only c in the first place scores 0', () => {
    expect(ndcgAt(ranking, judgments, 1)).toBe(0);
    // @2: 4.41650 / (7 + 1.89279)
    expect(ndcgAt(ranking, judgments, 2)).toBeCloseTo(0.49665, 4);
  });

  it('P@5 counts grade ≥ 2 among five places, empty places included', () => {
    expect(precisionAt(ranking, judgments, 5)).toBeCloseTo(2 / 5, 10);
    expect(precisionAt(['b'], judgments, 5)).toBeCloseTo(1 / 5, 10);
    expect(precisionAt(['d', 'c'], judgments, 5)).toBe(0);
  });

  it('MRR takes the first document of grade ≥ 2, a marginal one does not count', () => {
    expect(reciprocalRankAt(ranking, judgments, 10)).toBe(1 / 2);
    expect(reciprocalRankAt(['d', 'c', 'x', 'b'], judgments, 10)).toBe(1 / 4);
    expect(reciprocalRankAt(['d', 'c', 'x', 'b'], judgments, 3)).toBe(0);
  });

  it('unjudged documents score 0 and are counted', () => {
    expect(unjudgedAt(ranking, judgments, 10)).toBe(1);
    expect(ndcgAt(['x', 'a'], judgments, 10)).toBeCloseTo(ndcgAt(['c', 'a'], judgments, 10), 10);
  });

  it('a query with nothing relevant judged scores 0, not NaN', () => {
    expect(ndcgAt(['c'], { c: 0 }, 10)).toBe(0);
    expect(reciprocalRankAt([], {}, 10)).toBe(0);
  });
});

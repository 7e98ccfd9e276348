import { describe, expect, it } from 'vitest';
import { rouge } from '../../bench/rouge.ts';

describe('rouge (worked by hand)', () => {
  it('scores "the cat sat on the mat" against "the cat is on the mat"', () => {
    // unigrams: the×2, cat, on, mat match → 5 of 6 each way; bigrams: "the cat", "on the", "the mat" → 3 of 5;
    // LCS: the cat on the mat → 5 of 6.
    const scores = rouge('the cat sat on the mat', 'the cat is on the mat');
    expect(scores.rouge1).toBeCloseTo(5 / 6, 10);
    expect(scores.rouge2).toBeCloseTo(3 / 5, 10);
    expect(scores.rougeL).toBeCloseTo(5 / 6, 10);
  });

  it('lowercases, strips punctuation and counts Vietnamese syllables', () => {
    // candidate giá vàng tăng mạnh (4), reference giá vàng tăng (3): R1 P=3/4 R=1; R2 P=2/3 R=1; LCS 3.
    const scores = rouge('Giá vàng TĂNG, mạnh!', 'giá vàng tăng');
    expect(scores.rouge1).toBeCloseTo((2 * 0.75) / 1.75, 10);
    expect(scores.rouge2).toBeCloseTo((2 * (2 / 3)) / (5 / 3), 10);
    expect(scores.rougeL).toBeCloseTo((2 * 0.75) / 1.75, 10);
  });

  it('clips repeated n-grams to their count in the reference', () => {
    // "the" ×3 matches once: P=1/3, R=1/2 → F1 = 0.4.
    expect(rouge('the the the', 'the cat').rouge1).toBeCloseTo(0.4, 10);
  });

  it('is zero, not NaN, for empty text', () => {
    expect(rouge('', 'a b')).toEqual({ rouge1: 0, rouge2: 0, rougeL: 0 });
    expect(rouge('a b', '')).toEqual({ rouge1: 0, rouge2: 0, rougeL: 0 });
  });
});

// ROUGE-1, ROUGE-2 and ROUGE-L F1 (Lin, 2004) over lowercased word tokens with punctuation stripped —
// syllables for Vietnamese. Single reference, no stemming, no stopword removal.
import { words } from '../src/text/segment.ts';

export interface RougeScores {
  rouge1: number;
  rouge2: number;
  rougeL: number;
}

export function rougeTokens(text: string): string[] {
  return words(text.normalize('NFC')).map((w) => w.toLowerCase());
}

/** F1 of every ROUGE variant for one candidate against one reference. */
export function rouge(candidate: string, reference: string): RougeScores {
  const c = rougeTokens(candidate);
  const r = rougeTokens(reference);
  return { rouge1: rougeN(c, r, 1), rouge2: rougeN(c, r, 2), rougeL: rougeL(c, r) };
}

/** Clipped n-gram overlap: an n-gram counts at most as often as it appears in the reference. */
export function rougeN(candidate: readonly string[], reference: readonly string[], n: number): number {
  const referenceCounts = ngramCounts(reference, n);
  const candidateCounts = ngramCounts(candidate, n);
  let overlap = 0;
  for (const [gram, count] of candidateCounts) overlap += Math.min(count, referenceCounts.get(gram) ?? 0);
  return f1(overlap, Math.max(0, candidate.length - n + 1), Math.max(0, reference.length - n + 1));
}

/** Longest common subsequence of the two token sequences, as F1. */
export function rougeL(candidate: readonly string[], reference: readonly string[]): number {
  let previous = new Uint32Array(reference.length + 1);
  let current = new Uint32Array(reference.length + 1);
  for (const token of candidate) {
    for (let j = 1; j <= reference.length; j++) {
      current[j] = token === reference[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
    }
    [previous, current] = [current, previous];
  }
  return f1(previous[reference.length]!, candidate.length, reference.length);
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = tokens.slice(i, i + n).join('\u0000');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

function f1(overlap: number, candidateTotal: number, referenceTotal: number): number {
  if (overlap === 0 || candidateTotal === 0 || referenceTotal === 0) return 0;
  const precision = overlap / candidateTotal;
  const recall = overlap / referenceTotal;
  return (2 * precision * recall) / (precision + recall);
}

// "Did you mean" for names people type: only names a typo away (edit distance on folded text, scaled to the
// length), or ones the input starts, so "Quantumfoo" suggests nothing rather than an unrelated topic.
import { foldKey } from './fold.ts';

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), stopping early past `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * Candidates close to `input`, closest first: within one edit per four characters (at least one), or starting
 * with the input (three characters or more). Compared folded: case, accents and punctuation do not count.
 */
export function closeMatches(input: string, candidates: readonly string[], limit = 3): string[] {
  const key = foldKey(input);
  if (key === '') return [];
  const allowed = Math.max(1, Math.floor(key.length / 4));
  const scored: { name: string; distance: number }[] = [];
  for (const name of new Set(candidates)) {
    const folded = foldKey(name);
    const distance = key.length >= 3 && folded.startsWith(key) ? 0.5 : editDistance(key, folded, allowed);
    if (distance <= allowed) scored.push({ name, distance });
  }
  return scored.sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name)).slice(0, limit).map((s) => s.name);
}

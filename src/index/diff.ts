// What changes between two corpora, by article id: the reseed result and `newsbot corpus diff` both use it.
// An article is updated when its file says something else: a rename alone is no change, and neither is a
// heat or story that moved only because other articles came or went (they are relative to the corpus).
import type { Article } from '../types.ts';
import { runAtOnce, type Steps } from './snapshot/slices.ts';

export interface CorpusDiff {
  added: string[];
  updated: string[];
  removed: string[];
}

export function diffArticles(before: readonly Article[], after: readonly Article[]): CorpusDiff {
  return runAtOnce(diffSteps(before, after));
}

/** diffArticles in steps (slices.ts): a reload's swap diffs 100k articles without holding the event loop. */
export function* diffSteps(before: readonly Article[], after: readonly Article[]): Steps<CorpusDiff> {
  const old = new Map(before.map((article) => [article.id, article]));
  const added: string[] = [];
  const updated: string[] = [];
  for (let i = 0; i < after.length; i++) {
    const article = after[i]!;
    const previous = old.get(article.id);
    if (!previous) added.push(article.id);
    else if (content(previous) !== content(article)) updated.push(article.id);
    old.delete(article.id);
    if (i % STEP === STEP - 1) yield;
  }
  return { added: added.sort(), updated: updated.sort(), removed: [...old.keys()].sort() };
}

/**
 * The same diff from the articles' hashes by id (compose.ts's articleHash: everything diffArticles compares,
 * the heat as the source gave it), with no article read: a rebuild diffs 100k articles without their bodies.
 */
export function diffHashes(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): CorpusDiff {
  const added: string[] = [];
  const updated: string[] = [];
  for (const [id, hash] of after) {
    const previous = before.get(id);
    if (previous === undefined) added.push(id);
    else if (previous !== hash) updated.push(id);
  }
  const removed = [...before.keys()].filter((id) => !after.has(id));
  return { added: added.sort(), updated: updated.sort(), removed: removed.sort() };
}

/** Articles compared between yields (each comparison serializes two articles, bodies included). */
const STEP = 256;

/** Whether `after` says something other than `before` (the rule above). */
export function contentChanged(before: Article, after: Article): boolean {
  return content(before) !== content(after);
}

function content(article: Article): string {
  const { source: _source, story: _story, heat, heatRaw, ...rest } = article;
  return JSON.stringify({ ...rest, heat: heatRaw ?? heat });
}

// What a corpus is made of its sources' articles: how CorpusHolder builds an index from them (in its own
// thread, or in the snapshot rebuild worker), and how a source's articles are fingerprinted.
import { createHash } from 'node:crypto';
import type { Article } from '../types.ts';
import { mergeDuplicates } from '../corpus/merge.ts';
import type { Taxonomy } from '../corpus/taxonomy.ts';
import { CorpusIndex } from './corpus-index.ts';

/** Same articles ⇔ same fingerprint, in every process (paths excluded: hosts may mount folders elsewhere). */
export function fingerprintOf(articles: readonly Article[]): string {
  const sha = createHash('sha256');
  for (const article of [...articles].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const { source: _path, ...content } = article;
    sha.update(JSON.stringify(content));
  }
  return sha.digest('hex').slice(0, 24);
}

/** Each source's articles, sources in order (folders before feeds): on a shared id the first source's fields win, as for files. */
export function composeIndex(sources: readonly Article[][], taxonomy: Taxonomy | undefined): CorpusIndex {
  const all = sources.flat();
  return CorpusIndex.build(sources.length > 1 ? mergeDuplicates(all).articles : all, taxonomy);
}

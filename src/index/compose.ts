// What a corpus is made of its sources' articles: how CorpusHolder builds an index from them (in its own
// thread, or in the snapshot rebuild worker), how one article's versions from several sources become one,
// and how a source's articles are fingerprinted.
import { createHash } from 'node:crypto';
import type { Article } from '../types.ts';
import { mergeDuplicates } from '../corpus/merge.ts';
import type { Taxonomy } from '../corpus/taxonomy.ts';
import { CorpusIndex } from './corpus-index.ts';

/** An article's content (its path excluded: hosts may mount folders elsewhere) as 96 bits of hex. */
export function articleHash(article: Article): string {
  const { source: _path, ...content } = article;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, HEX);
}

const HEX = 24;
const MODULUS = 1n << BigInt(HEX * 4);

/**
 * Same articles ⇔ same fingerprint, in every process: the sum of the articles' hashes, so that a change of a
 * few articles moves it without hashing the others again (withHashes).
 */
export function fingerprintOf(articles: readonly Article[]): string {
  return fingerprintOfHashes(articles.map(articleHash));
}

export function fingerprintOfHashes(hashes: Iterable<string>): string {
  return withHashes('0', [], hashes);
}

/** `fingerprint` with the articles hashed `removed` taken out and those hashed `added` put in. */
export function withHashes(fingerprint: string, removed: Iterable<string>, added: Iterable<string>): string {
  let sum = BigInt(`0x${fingerprint}`);
  for (const hash of removed) sum -= BigInt(`0x${hash}`);
  for (const hash of added) sum += BigInt(`0x${hash}`);
  return (((sum % MODULUS) + MODULUS) % MODULUS).toString(16).padStart(HEX, '0');
}

/** One article from its versions in several sources, sources in order: the first one's fields win, as for files. */
export function composeArticle(versions: readonly Article[]): Article {
  return versions.length === 1 ? versions[0]! : mergeDuplicates([...versions]).articles[0]!;
}

/** Each source's articles, sources in order (folders before feeds): on a shared id the first source's fields win, as for files. */
export function composeIndex(sources: readonly (readonly Article[])[], taxonomy: Taxonomy | undefined): CorpusIndex {
  const all = sources.flat();
  return CorpusIndex.build(sources.length > 1 ? mergeDuplicates(all).articles : all, taxonomy);
}

/** A source's changes since its articles were last saved: what a merge folds into them. */
export interface PendingChanges {
  /** By id: the version now (an id here may also be in `removed`: updated). */
  added: Map<string, Article>;
  removed: Set<string>;
}

/** `base` with `pending` applied (ids removed first, then the versions added). */
export function withPending(base: readonly Article[], pending: PendingChanges): Article[] {
  if (pending.added.size === 0 && pending.removed.size === 0) return [...base];
  return [...base.filter((article) => !pending.removed.has(article.id) && !pending.added.has(article.id)), ...pending.added.values()];
}

/** A source's articles' hashes by id, and their fingerprint. */
export function hashesOf(articles: readonly Article[]): { hashes: Map<string, string>; fingerprint: string } {
  const hashes = new Map(articles.map((article) => [article.id, articleHash(article)]));
  return { hashes, fingerprint: fingerprintOfHashes(hashes.values()) };
}

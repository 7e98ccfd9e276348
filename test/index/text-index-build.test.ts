import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadCorpus } from '../../src/corpus/load.ts';
import { addCount, bm25Valuer, packCounts } from '../../src/index/bm25.ts';
import { PostingLog, type Postings } from '../../src/index/postings.ts';
import { TextIndex, type IndexedText } from '../../src/index/text-index.ts';
import { isAscii, SPACE, Vocabulary } from '../../src/index/vocabulary.ts';
import { lowerTerms } from '../../src/text/fold.ts';
import { sharedCorpus, sharedPresent } from '../corpus/helpers.ts';

/** `count` distinct made-up words ("zqa", "zqb", … then longer), none a stopword or an English stem of another. */
function distinctWords(count: number): string[] {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return Array.from({ length: count }, (_, n) => {
    let word = 'zq';
    for (let rest = n; ; rest = Math.floor(rest / 26) - 1) {
      word += letters[rest % 26];
      if (rest < 26) break;
    }
    return word;
  });
}

/**
 * The postings built the obvious way, which the build's scans, word tables and tallies must give exactly: every
 * word a string (lowerTerms), its term asked of the Vocabulary at each occurrence, each document's counts in a Map.
 */
function referencePostings(docs: readonly IndexedText[]): Postings {
  const vocabulary = new Vocabulary();
  const log = new PostingLog();
  const lengths = { title: new Uint32Array(docs.length), excerpt: new Uint32Array(docs.length), body: new Uint32Array(docs.length) };
  docs.forEach((doc, d) => {
    const fields = [doc.title, doc.excerpt, doc.body].map(lowerTerms);
    lengths.title[d] = fields[0]!.length;
    lengths.excerpt[d] = fields[1]!.length;
    lengths.body[d] = fields[2]!.length;
    const space = doc.language !== 'vi' ? SPACE.stem : fields.flat().every(isAscii) ? SPACE.bare : SPACE.plain;
    const counts = new Map<number, [number, number, number]>();
    const add = (term: number, field: number): void => {
      const held = counts.get(term) ?? [0, 0, 0];
      held[field]! += 1;
      counts.set(term, held);
    };
    fields.forEach((words, field) => {
      let previous: number | undefined;
      for (const word of words) {
        const term = vocabulary.word(word, space);
        add(term, field);
        if (space === SPACE.plain || (space === SPACE.stem && !isAscii(word))) add(vocabulary.foldedOf(term), field);
        if (field === 2) continue;
        if (previous !== undefined) add(vocabulary.pair(previous, vocabulary.classOf(term)), field);
        previous = vocabulary.classOf(term);
      }
    });
    for (const [term, [title, excerpt, body]] of counts) log.add(term, d, packCounts(title, excerpt, body));
  });
  return log.finish(vocabulary.termCount, bm25Valuer(lengths, docs.length));
}

describe('TextIndex.build', () => {
  it.skipIf(!sharedPresent)('lays out the shared corpora exactly as a word-by-word build does', async () => {
    const { articles } = await loadCorpus([join(sharedCorpus, 'en'), join(sharedCorpus, 'vi')]);
    // Twice over: more than a million postings, so the posting log fills more than one chunk.
    const docs = [...articles, ...articles];
    // Private, read for the comparison: what search reads.
    const built = TextIndex.build(docs)['lists'];
    const expected = referencePostings(docs);
    expect(expected.postings.length).toBeGreaterThan(2 ** 20);
    for (const key of ['offsets', 'postings', 'maxValue', 'blockMax', 'highOffsets', 'highCut'] as const) {
      expect(Buffer.from(built[key].buffer, built[key].byteOffset, built[key].byteLength).equals(Buffer.from(expected[key].buffer, expected[key].byteOffset, expected[key].byteLength)), key).toBe(true);
    }
  });

  it('indexes every word of an article with thousands of distinct words, and counts repeats', () => {
    const words = distinctWords(5000);
    const long = { title: 'Glossary', excerpt: '', body: `${words.join(' ')} ${words[4321]} ${words[4321]}`, language: 'en' };
    const other = { title: 'Notes', excerpt: '', body: `${words[4321]} ${words[2048]} ${words.slice(0, 4000).join(' ')}`, language: 'en' };
    const index = TextIndex.build([other, long]);
    for (const n of [0, 2047, 2048, 2049, 4095, 4096, 4999]) {
      const docs = index.search(words[n]!, { limit: 5 }).map((hit) => hit.doc);
      expect(docs, words[n]).toContain(1);
    }
    // Said three times in the long article, once in the other (of similar length): the long one first.
    expect(index.search(words[4321]!, { limit: 2 }).map((hit) => hit.doc)).toEqual([1, 0]);
    // Only in the long article.
    expect(index.search(words[4500]!, { limit: 5 }).map((hit) => hit.doc)).toEqual([1]);
  });

  it('indexes Vietnamese with and without marks the same however long the article', () => {
    const syllables = distinctWords(3000);
    const marked = { title: 'Điện toán đám mây', excerpt: '', body: `${syllables.join(' ')} đám mây`, language: 'vi' };
    const index = TextIndex.build([marked]);
    expect(index.search('dam may', { limit: 1 }).map((hit) => hit.doc)).toEqual([0]);
    expect(index.search(syllables[2999]!, { limit: 1 }).map((hit) => hit.doc)).toEqual([0]);
  });
});

describe('addCount', () => {
  it('adds up field counts as packCounts packs their totals, each capped (title 255, excerpt 255, body 65,535)', () => {
    const adds: [number, number][] = [[0, 200], [2, 60_000], [1, 3], [0, 100], [2, 9_000], [1, 1], [2, 1]];
    const totals = [0, 0, 0];
    let packed = 0;
    for (const [field, by] of adds) {
      packed = addCount(packed, field, by);
      totals[field]! += by;
      expect(packed).toBe(packCounts(totals[0]!, totals[1]!, totals[2]!));
    }
    expect(packed).toBe(packCounts(255, 4, 65_535));
  });
});

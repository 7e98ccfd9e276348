import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { loadCorpus } from '../../src/corpus/load.ts';
import { addCount, bm25Valuer, packCounts } from '../../src/index/bm25.ts';
import { BLOCK_BITS, DENSE_MIN, DENSE_SHARE, HIGH_MIN, HIGH_SHARE, PostingLog, VALUE_BITS, VALUE_MASK, type Postings } from '../../src/index/postings.ts';
import { TextIndex, type IndexedText } from '../../src/index/text-index.ts';
import { isAscii, SPACE, Vocabulary } from '../../src/index/vocabulary.ts';
import { lowerTerms } from '../../src/text/fold.ts';
import { sharedCorpus, sharedPresent } from '../corpus/helpers.ts';
import { until } from '../support/until.ts';

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

/** One document's (term, packed counts): what a posting log is fed. */
type Entry = { term: number; doc: number; counts: number };

/**
 * Postings laid out the obvious way, which PostingLog.finish must give exactly: an array per term, documents
 * ascending; each list's maximum; each 64-posting block's maximum over the whole array; high lists after the
 * lists, for lists of `highMin` or more (the postings above the lowest cut with at most 10 % above it).
 */
function obviousLayout(termCount: number, entries: readonly Entry[], value: (doc: number, counts: number) => number, documents: number, highMin = HIGH_MIN): Postings {
  const byTerm = Array.from({ length: termCount }, (): number[] => []);
  for (const { term, doc, counts } of entries) byTerm[term]!.push(((doc << VALUE_BITS) | value(doc, counts)) >>> 0);
  const valueOf = (posting: number): number => posting & VALUE_MASK;
  const high = byTerm.map((list) => {
    if (list.length < highMin) return { cut: 0, list: [] };
    const values = list.map(valueOf).sort((a, b) => b - a);
    // The lowest cut leaving at most 10 % above it: below the value at place `most` (0-based, highest first).
    const most = Math.floor(HIGH_SHARE * list.length);
    const cut = values[most]!;
    const above = list.filter((posting) => valueOf(posting) > cut);
    return above.length > 0 ? { cut, list: above } : { cut: 0, list: [] };
  });
  const postings = Uint32Array.from([...byTerm.flat(), ...high.flatMap((h) => h.list)]);
  const offsets = new Uint32Array(termCount + 1);
  const highOffsets = new Uint32Array(termCount + 1);
  byTerm.forEach((list, t) => (offsets[t + 1] = offsets[t]! + list.length));
  highOffsets[0] = offsets[termCount]!;
  high.forEach((h, t) => (highOffsets[t + 1] = highOffsets[t]! + h.list.length));
  const blockMax = new Uint8Array((postings.length >>> BLOCK_BITS) + 1);
  postings.forEach((posting, i) => (blockMax[i >>> BLOCK_BITS] = Math.max(blockMax[i >>> BLOCK_BITS]!, valueOf(posting))));
  // Each block's last document: the document of its last posting.
  const blockLast = Uint32Array.from(blockMax, (_, j) => postings[Math.min(postings.length, (j + 1) << BLOCK_BITS) - 1]! >>> VALUE_BITS);
  // A bitmap per list held by DENSE_SHARE of the documents (and DENSE_MIN), in term order: a word per 32 documents.
  const denseWords = Math.ceil(documents / 32);
  const denseTerms = byTerm.flatMap((list, t) => (list.length >= DENSE_MIN && list.length >= DENSE_SHARE * documents ? [t] : []));
  const dense = new Uint32Array(denseTerms.length * denseWords);
  denseTerms.forEach((t, i) => byTerm[t]!.forEach((posting) => (dense[i * denseWords + Math.floor((posting >>> VALUE_BITS) / 32)]! |= 1 << (posting >>> VALUE_BITS) % 32)));
  return {
    offsets,
    postings,
    maxValue: Uint8Array.from(byTerm, (list) => list.reduce((max, posting) => Math.max(max, valueOf(posting)), 0)),
    blockMax,
    blockLast,
    highOffsets,
    highCut: Uint8Array.from(high, (h) => h.cut),
    dense,
    denseAt: Int32Array.from(byTerm, (_, t) => denseTerms.indexOf(t)),
    denseWords,
  };
}

function expectSameLayout(built: Postings, expected: Postings): void {
  expect(built.denseWords).toBe(expected.denseWords);
  for (const key of ['offsets', 'postings', 'maxValue', 'blockMax', 'blockLast', 'highOffsets', 'highCut', 'dense', 'denseAt'] as const) {
    expect(Buffer.from(built[key].buffer, built[key].byteOffset, built[key].byteLength).equals(Buffer.from(expected[key].buffer, expected[key].byteOffset, expected[key].byteLength)), key).toBe(true);
  }
}

/**
 * The postings built the obvious way, which the build's scans, word tables, tallies and posting log must give
 * exactly: every word a string (lowerTerms), its term asked of the Vocabulary at each occurrence, each
 * document's counts in a Map, each term's list an array.
 */
function referencePostings(docs: readonly IndexedText[]): { lists: Postings; termGroups: Uint8Array } {
  const vocabulary = new Vocabulary();
  const entries: Entry[] = [];
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
    for (const [term, [title, excerpt, body]] of counts) entries.push({ term, doc: d, counts: packCounts(title, excerpt, body) });
  });
  // Per term, a bit per language group of the documents holding it: Vietnamese 1, the rest 2.
  const termGroups = new Uint8Array(vocabulary.termCount);
  for (const { term, doc } of entries) termGroups[term]! |= docs[doc]!.language === 'vi' ? 1 : 2;
  return { lists: obviousLayout(vocabulary.termCount, entries, bm25Valuer(lengths, docs.length), docs.length), termGroups };
}

describe('TextIndex.build', () => {
  it.skipIf(!sharedPresent)('lays out the shared corpora exactly as a word-by-word build does', async () => {
    const { articles } = await loadCorpus([join(sharedCorpus, 'en'), join(sharedCorpus, 'vi')]);
    // Twice over: more than a million postings, so the posting log fills more than one chunk.
    const docs = [...articles, ...articles];
    // Private, read for the comparison: what search reads.
    const index = TextIndex.build(docs);
    const expected = referencePostings(docs);
    expect(expected.lists.postings.length).toBeGreaterThan(2 ** 20);
    expectSameLayout(index['lists'], expected.lists);
    expect(index.termGroups).toEqual(expected.termGroups);
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

const procFds = existsSync('/proc/self/fd');

/** This process's open posting-log files (removed files: their links end in "(deleted)"). */
function openPostingFiles(): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).includes('newsbot-postings-');
    } catch {
      return false; // closed between the listing and the read
    }
  }).length;
}

describe('PostingLog.finish', () => {
  it('lays out lists by term, documents ascending, with their maxima, high lists, bitmaps and document bits, across log chunks', async () => {
    // Random postings: a few terms in most documents (high lists), a long tail of rare ones, documents holding none.
    let seed = 12;
    const rand = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const termCount = 3000;
    const entries: Entry[] = [];
    for (let doc = 0; doc < 900; doc++) {
      if (doc % 97 === 5) continue;
      const terms = new Set<number>();
      for (let k = 0; k < 60; k++) terms.add(Math.floor(termCount * rand() ** 3));
      // Counts in every field, most of them small (a log keeps those in its entries) and some not (escaped).
      for (const term of terms) entries.push({ term, doc, counts: packCounts(Math.floor(rand() * 2.2), Math.floor(rand() * 2.2), 1 + Math.floor(rand() ** 4 * 90)) });
    }
    const value = (doc: number, counts: number): number => 1 + ((doc * 7 + (counts & 0xff) * 40 + ((counts >>> 8) & 0xff) * 13 + (counts >>> 16)) % VALUE_MASK);
    const highMin = 200;
    const expected = obviousLayout(termCount, entries, value, 900, highMin);
    // Per term, the OR of its documents' bits.
    const docBits = Uint8Array.from({ length: 900 }, (_, doc) => 1 << (doc % 3));
    const expectedBits = Array.from({ length: termCount }, () => 0);
    for (const { term, doc } of entries) expectedBits[term]! |= docBits[doc]!;
    // Some counts a log entry cannot hold: they take its escape path.
    expect(entries.filter(({ counts }) => (counts & 0xff) > 1 || ((counts >>> 8) & 0xff) > 1 || counts >>> 16 > 63).length).toBeGreaterThan(100);
    // Chunks of 64 entries: documents span chunks. Entries one by one, and a document at a time as a build
    // adds them; chunks in memory, and spilled to a temporary file as they fill.
    for (const [chunk, byDocument, spill] of [[64, false, false], [1 << 20, false, false], [64, true, false], [64, true, true], [64, false, true]] as const) {
      const log = new PostingLog(chunk, spill);
      if (byDocument) {
        for (let doc = 0; doc < 900; doc++) {
          const held = entries.filter((entry) => entry.doc === doc);
          log.addDocument(Uint32Array.from(held, (entry) => entry.term), Uint32Array.from(held, (entry) => entry.counts), held.length);
        }
      } else for (const { term, doc, counts } of entries) log.add(term, doc, counts);
      // A spilled log's file is open until the log is laid out (where /proc tells).
      if (procFds) expect(openPostingFiles()).toBe(spill ? 1 : 0);
      const built = log.finish(termCount, value, highMin, docBits);
      if (procFds) await until(() => openPostingFiles() === 0, { what: 'the posting log file closed' });
      expectSameLayout(built, expected);
      expect(built.denseAt.some((at) => at !== -1)).toBe(true);
      expect([...built.termBits]).toEqual(expectedBits);
    }
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

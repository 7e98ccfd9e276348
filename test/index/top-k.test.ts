// Exact top k: the pruned search (required groups, MaxScore, block-max skipping, seeded threshold) returns the
// same documents with the same scores as scoring every match, on randomized postings built like the index's.
import { describe, expect, it } from 'vitest';
import { BLOCK_BITS, HIGH_SHARE, PostingLog, VALUE_BITS, VALUE_MASK, type Postings } from '../../src/index/postings.ts';
import { topK, type Cursor, type ScoreGroup, type TopKOptions } from '../../src/index/top-k.ts';

function random(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

/**
 * `docs` documents and `terms` terms; term t is held by a share of documents falling from 60 % (long lists of
 * hundreds of blocks) to a few documents, with values 1..255 skewed low (a few high values per list, as title
 * matches are), so blocks differ and most can be skipped.
 */
function corpus(docs: number, terms: number, rand: () => number, highMin?: number): Postings {
  const log = new PostingLog();
  for (let doc = 0; doc < docs; doc++) {
    for (let term = 0; term < terms; term++) {
      if (rand() < 0.6 / (1 + term * term * 0.5)) log.add(term, doc, 1 + Math.floor(rand() ** 6 * 255));
    }
  }
  return log.finish(terms, (_doc, value) => value, highMin);
}

/** A term's list as a cursor, with its bitmap if it has one and `bitmaps`. */
function cursor(lists: Postings, term: number, weight: number, bitmaps = true): Cursor {
  const maxValue = lists.maxValue[term]!;
  const whole: Cursor = { start: lists.offsets[term]!, end: lists.offsets[term + 1]!, weight, bound: weight * maxValue };
  if (bitmaps && lists.denseAt[term] !== -1) whole.bits = lists.denseAt[term]! * lists.denseWords;
  return whole;
}

/** A term's cursors as text-index.ts makes them: with a high list, it (the top bound) and the list bounded by the cut. */
function cursors(lists: Postings, term: number, weight: number, bitmaps: boolean): Cursor[] {
  const whole = cursor(lists, term, weight, bitmaps);
  if (lists.highOffsets[term] === lists.highOffsets[term + 1]) return [whole];
  const high = { start: lists.highOffsets[term]!, end: lists.highOffsets[term + 1]!, weight, bound: whole.bound, high: true };
  return [high, { ...whole, bound: weight * lists.highCut[term]!, layered: high }];
}

/** A query like text-index.ts plans them: word groups of 1–3 lists, maybe a completion group instead of the last word, pairs with no bonus. */
function query(lists: Postings, terms: number, rand: () => number, bitmaps = true): ScoreGroup[] {
  const held = Array.from({ length: terms }, (_, t) => t).filter((t) => lists.offsets[t + 1]! > lists.offsets[t]!);
  const pick = (): number => held[Math.floor(rand() ** 1.5 * held.length)]!;
  const group = (size: number, bonus: number): ScoreGroup => {
    const terms = [...new Set(Array.from({ length: size }, pick))].flatMap((term) => cursors(lists, term, 0.1 + rand(), bitmaps));
    return { cursors: terms, bonus, bound: Math.max(...terms.map((c) => c.bound)) };
  };
  const words = 1 + Math.floor(rand() * 3);
  const unit = 1000;
  const groups = Array.from({ length: words }, () => group(1 + Math.floor(rand() * 3), 2 * unit));
  if (rand() < 0.5) groups.push({ ...group(1 + Math.floor(rand() * 8), unit), instead: groups.at(-1)! });
  for (let i = 1; i < words; i++) if (rand() < 0.5) groups.push(group(1, 0));
  return groups;
}

function options(docs: number, limit: number, extra: Partial<TopKOptions> = {}): TopKOptions {
  return { limit, floor: 1000, boost: (doc) => 1 + 0.1 * (1 - doc / docs), boostBound: 1.1, ...extra };
}

describe('top k', () => {
  const docs = 6000;
  const terms = 40;
  const lists = corpus(docs, terms, random(11));

  it('builds lists long enough to span many blocks', () => {
    expect(lists.offsets[1]! - lists.offsets[0]!).toBeGreaterThan(3000);
    expect(lists.blockMax.length).toBeGreaterThan(100);
  });

  // Lists of 256 postings or more with high lists: the long lists' documents outside them bounded by the cut.
  const layered = corpus(docs, terms, random(11), 256);

  it('keeps, for each long list, its postings above the cut in document order (about HIGH_SHARE of it)', () => {
    let withHigh = 0;
    for (let t = 0; t < terms; t++) {
      const list = [...layered.postings.subarray(layered.offsets[t]!, layered.offsets[t + 1]!)];
      const high = [...layered.postings.subarray(layered.highOffsets[t]!, layered.highOffsets[t + 1]!)];
      if (list.length < 256) expect(high).toEqual([]);
      if (high.length === 0) continue;
      withHigh += 1;
      expect(high).toEqual(list.filter((posting) => (posting & VALUE_MASK) > layered.highCut[t]!));
      expect(high.length).toBeLessThanOrEqual(HIGH_SHARE * list.length);
      // The cut is the lowest that keeps it so: one value lower would hold too many.
      expect(list.filter((posting) => (posting & VALUE_MASK) >= layered.highCut[t]!).length).toBeGreaterThan(HIGH_SHARE * list.length);
      expect(high.map((posting) => posting >>> VALUE_BITS)).toEqual(high.map((posting) => posting >>> VALUE_BITS).sort((a, b) => a - b));
    }
    expect(withHigh).toBeGreaterThan(3);
  });

  it('gives the lists held by a sixteenth of the documents (and 256 or more) a bitmap of them', () => {
    expect(layered.denseWords).toBe(Math.ceil(docs / 32));
    let mapped = 0;
    for (let t = 0; t < terms; t++) {
      const held = [...layered.postings.subarray(layered.offsets[t]!, layered.offsets[t + 1]!)].map((posting) => posting >>> VALUE_BITS);
      expect(layered.denseAt[t] !== -1, `term ${t}`).toBe(held.length >= Math.max(256, docs / 16));
      if (layered.denseAt[t] === -1) continue;
      mapped += 1;
      const base = layered.denseAt[t]! * layered.denseWords;
      expect(Array.from({ length: docs }, (_, d) => d).filter((d) => (layered.dense[base + (d >>> 5)]! & (1 << (d & 31))) !== 0)).toEqual(held);
    }
    expect(mapped).toBeGreaterThan(2);
  });

  // Required groups get bitmaps of their documents when cheap (memberReads: the default, never, always), from
  // their lists' bitmaps or without them.
  it.each([
    ['plain lists', lists, undefined, true],
    ['lists with high lists', layered, undefined, true],
    ['plain lists, no group bitmaps', lists, 0, true],
    ['lists with high lists, no group bitmaps', layered, 0, true],
    ['lists with high lists, every group bitmap', layered, Infinity, true],
    ['lists with high lists, every group bitmap, no list bitmaps', layered, Infinity, false],
  ])('equals exhaustive scoring on randomized queries, limits 1 to 50, with and without a filter (%s)', (_name, lists, memberReads, bitmaps) => {
    const rand = random(5);
    for (let q = 0; q < 300; q++) {
      const groups = query(lists, terms, rand, bitmaps);
      const limit = [1, 2, 5, 10, 25, 50][q % 6]!;
      const modulus = 2 + (q % 5);
      const extra: Partial<TopKOptions> = q % 3 === 0 ? { accept: (doc) => doc % modulus !== 0, memberReads } : { memberReads };
      if (q % 7 === 0) extra.floor = 0;
      const pruned = topK(lists, groups, options(docs, limit, extra));
      const exhaustive = topK(lists, groups, options(docs, limit, { ...extra, exhaustive: true }));
      expect(pruned, `query ${q}`).toEqual(exhaustive);
      expect(pruned.length).toBeGreaterThan(0);
    }
  });

  it('breaks ties by the lower document, as exhaustive scoring does', () => {
    // Every document of the list has the same value and no boost: the first `limit` documents win.
    const log = new PostingLog();
    for (let doc = 0; doc < 1000; doc++) log.add(0, doc, 7);
    const flat = log.finish(1, (_doc, value) => value);
    const groups = [{ cursors: [cursor(flat, 0, 1)], bonus: 2000, bound: 7 }];
    const hits = topK(flat, groups, options(1000, 10, { boost: () => 1, boostBound: 1 }));
    expect(hits.map((hit) => hit.doc)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(hits).toEqual(topK(flat, groups, options(1000, 10, { boost: () => 1, boostBound: 1, exhaustive: true })));
  });

  it('reads a small part of a long list whose best values are few (block-max skipping)', () => {
    // One term in every document, value 1 except 20 documents at 200: the top 10 are among those 20.
    const log = new PostingLog();
    const high = new Set(Array.from({ length: 20 }, (_, i) => 137 + i * 2999));
    for (let doc = 0; doc < 60_000; doc++) log.add(0, doc, high.has(doc) ? 200 : 1);
    const long = log.finish(1, (_doc, value) => value);
    let reads = 0;
    const counted = new Proxy(long.postings, {
      get: (target, key) => {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads += 1;
        return Reflect.get(target, key);
      },
    });
    const groups = [{ cursors: [cursor(long, 0, 1)], bonus: 2000, bound: 200 }];
    const hits = topK({ postings: counted, blockMax: long.blockMax, blockLast: long.blockLast, dense: long.dense }, groups, options(60_000, 10));
    expect(hits.map((hit) => hit.doc)).toEqual([...high].slice(0, 10));
    expect(hits).toEqual(topK(long, groups, options(60_000, 10, { exhaustive: true })));
    // 60,000 postings in 938 blocks; the 20 blocks holding a 200 are read, and little else.
    expect(reads).toBeLessThan(60_000 / 10);
    expect(60_000 >> BLOCK_BITS).toBeGreaterThan(900);
  });

  it('returns nothing for no groups or a limit of 0', () => {
    expect(topK(lists, [], options(docs, 10))).toEqual([]);
    expect(topK(lists, query(lists, terms, random(3)), options(docs, 0))).toEqual([]);
  });
});

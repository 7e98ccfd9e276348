// Postings built in one linear pass: every document's (term, field counts) pairs are appended to typed
// arrays (chunks of 1M entries, never copied) while documents stream in (no per-term objects or maps), then
// one counting sort by term lays them out as a single Uint32Array, term by term, documents ascending. Build
// cost per document stays constant as the corpus grows (no per-term builders to grow or rehash, little
// garbage), and the finished index is a few large typed arrays instead of hundreds of thousands of small ones.
import { scratch } from './scratch.ts';

/** A Uint32Array that doubles when full. */
export class GrowableU32 {
  data: Uint32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Uint32Array(capacity);
  }
  /** One in scratch memory (scratch.ts), growing there: for a build's own arrays. */
  static scratch(capacity: number): GrowableU32 {
    const array = new GrowableU32(0);
    array.data = scratch(Uint32Array, capacity);
    return array;
  }
  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = value;
  }
  /** Makes room for index `at` (length unchanged): for arrays indexed by id. */
  ensure(at: number): void {
    if (at >= this.data.length) this.grow(at + 1);
  }
  private grow(needed: number): void {
    const length = Math.max(needed, this.data.length * 2);
    const grown = this.data.buffer instanceof SharedArrayBuffer ? scratch(Uint32Array, length) : new Uint32Array(length);
    grown.set(this.data);
    this.data = grown;
  }
}

/** The finished postings: term t's entries are postings[offsets[t] .. offsets[t + 1]), each doc << 8 | value. */
export interface Postings {
  offsets: Uint32Array;
  postings: Uint32Array;
  /** The highest value in each term's list: its score upper bound, for top-k pruning. */
  maxValue: Uint8Array;
  /**
   * The highest value in each block of 2^BLOCK_BITS postings of the whole array (block j: postings[j << BLOCK_BITS
   * ..]), for top-k to skip blocks that cannot make the cut. Blocks are cut across lists, not per list: a list's
   * first and last blocks may count a neighbour's values, which keeps them upper bounds and saves a per-term table.
   */
  blockMax: Uint8Array;
  /**
   * The document of each block's last posting (block j: postings[((j + 1) << BLOCK_BITS) - 1]; the array's last
   * for the last block). A seek gallops over these, 16 blocks to a cache line, instead of the postings (a line
   * each): a query's lists are seldom in the cache, and galloping through them was most of a seed's cost.
   */
  blockLast: Uint32Array;
  /**
   * Per term, its high list: postings[highOffsets[t] .. highOffsets[t + 1]) (after every term's list; empty
   * for most). A list of HIGH_MIN postings or more keeps a copy of its postings valued above highCut[t] (about
   * HIGH_SHARE of them, documents ascending), so top-k can read the few documents that hold the term strongly
   * and bound the rest of the list by the cut ("impact layers"; docs/corpus.md, "Exact top k").
   */
  highOffsets: Uint32Array;
  highCut: Uint8Array;
}

/** Postings per block of blockMax: 64 (a skipped block saves 64 postings; the table is 1/256 of the postings). */
export const BLOCK_BITS = 6;

/** The bits a posting keeps for its value (1..255: how strongly the document holds the term). */
export const VALUE_BITS = 8;
export const VALUE_MASK = (1 << VALUE_BITS) - 1;
export const MAX_DOCS = 2 ** (32 - VALUE_BITS) - 1;

/**
 * Lists this long get a high list holding at most HIGH_SHARE of them: the postings above the lowest cut that
 * keeps it so. Tuned on the 300 bench queries at 100k real articles (2048 and 10 % beat 1024–4096 and 5–20 %:
 * docs/benchmarks.md); memory: +8 % of the postings (4.6M more than 56.7M at 100k real articles).
 */
export const HIGH_MIN = 2048;
export const HIGH_SHARE = 0.1;

/** Log entries per chunk (2^CHUNK_BITS): the log grows by chunks, never copying what it holds. */
const CHUNK_BITS = 20;
const CHUNK = 1 << CHUNK_BITS;

export class PostingLog {
  /** Entry i is terms[i / chunk][i % chunk], with its packed counts beside it in `counts`. */
  private readonly terms: Uint32Array[] = [];
  private readonly counts: Uint32Array[] = [];
  private length = 0;
  /** Where each document's entries start: document d's run to starts[d + 1], the last one's to `length`. */
  private readonly starts = new GrowableU32();
  /** Entries per chunk: CHUNK, or fewer for a small build (a delta segment, where 8 MB zeroed per change would cost more than the rest). */
  private readonly chunk: number;

  constructor(chunk = CHUNK) {
    this.chunk = chunk;
  }

  /**
   * Records the next document (numbered from 0 in the order added): it holds the first `count` of `terms`,
   * with `counts` beside them (packed field counts, which `finish` turns into values).
   */
  addDocument(terms: Uint32Array, counts: Uint32Array, count: number): void {
    this.starts.push(this.length);
    for (let i = 0; i < count; ) {
      const take = Math.min(count - i, this.room());
      const at = this.length % this.chunk;
      // A loop, not set(subarray): no objects per document, and no slower path for shared memory.
      const termChunk = this.terms.at(-1)!;
      const countChunk = this.counts.at(-1)!;
      for (let k = 0; k < take; k++) {
        termChunk[at + k] = terms[i + k]!;
        countChunk[at + k] = counts[i + k]!;
      }
      this.length += take;
      i += take;
    }
  }

  /** Records that `doc` holds `term`, with `counts`: documents in ascending order, those skipped holding nothing. */
  add(term: number, doc: number, counts: number): void {
    while (this.starts.length <= doc) this.starts.push(this.length);
    this.room();
    this.terms.at(-1)![this.length % this.chunk] = term;
    this.counts.at(-1)![this.length % this.chunk] = counts;
    this.length += 1;
  }

  /** Room left in the last chunk, starting a new one when it is full. */
  private room(): number {
    if (this.length % this.chunk === 0) {
      this.terms.push(scratch(Uint32Array, this.chunk));
      this.counts.push(scratch(Uint32Array, this.chunk));
    }
    return this.chunk - (this.length % this.chunk);
  }

  /**
   * Lays the log out by term (a stable counting sort: documents stay ascending), valuing each entry; lists of
   * `highMin` postings or more get a high list (see Postings.highOffsets).
   */
  finish(termCount: number, value: (doc: number, counts: number) => number, highMin = HIGH_MIN): Postings {
    const offsets = new Uint32Array(termCount + 1);
    this.terms.forEach((chunk, c) => {
      for (let i = 0, end = Math.min(this.chunk, this.length - c * this.chunk); i < end; i++) offsets[chunk[i]! + 1]! += 1;
    });
    for (let t = 0; t < termCount; t++) offsets[t + 1]! += offsets[t]!;
    const next = offsets.slice(0, termCount);
    // Scratch: the index keeps a copy with the high lists after it, one allocation of its final size.
    const postings = scratch(Uint32Array, this.length);
    const starts = this.starts.data;
    const lastDoc = this.starts.length - 1;
    let doc = 0;
    this.terms.forEach((terms, c) => {
      const counts = this.counts[c]!;
      const base = c * this.chunk;
      for (let i = 0, end = Math.min(this.chunk, this.length - base); i < end; i++) {
        while (doc < lastDoc && base + i >= starts[doc + 1]!) doc++;
        const term = terms[i]!;
        const v = value(doc, counts[i]!);
        postings[next[term]!++] = ((doc << VALUE_BITS) | v) >>> 0;
      }
    });
    return withHighLists(offsets, postings, highMin);
  }
}

/**
 * The postings `lists` (term by term), each long list's high list (see Postings.highOffsets) after them, and
 * their maxima. The cut is the lowest value with at most HIGH_SHARE of the list above it; a list whose top
 * value alone holds more gets none.
 */
function withHighLists(offsets: Uint32Array, lists: Uint32Array, highMin: number): Postings {
  const termCount = offsets.length - 1;
  const highCut = new Uint8Array(termCount);
  const highSize = new Uint32Array(termCount);
  const histogram = new Uint32Array(VALUE_MASK + 1);
  let total = 0;
  for (let t = 0; t < termCount; t++) {
    const length = offsets[t + 1]! - offsets[t]!;
    if (length < highMin) continue;
    histogram.fill(0);
    for (let i = offsets[t]!; i < offsets[t + 1]!; i++) histogram[lists[i]! & VALUE_MASK]! += 1;
    const most = Math.floor(HIGH_SHARE * length);
    let above = 0;
    let cut = VALUE_MASK;
    while (cut > 0 && above + histogram[cut]! <= most) above += histogram[cut--]!;
    if (above === 0) continue;
    highCut[t] = cut;
    highSize[t] = above;
    total += above;
  }
  const postings = new Uint32Array(lists.length + total);
  postings.set(lists);
  const highOffsets = new Uint32Array(termCount + 1);
  let at = (highOffsets[0] = lists.length);
  for (let t = 0; t < termCount; t++) {
    if (highSize[t]! > 0) {
      const cut = highCut[t]!;
      for (let i = offsets[t]!; i < offsets[t + 1]!; i++) if ((lists[i]! & VALUE_MASK) > cut) postings[at++] = lists[i]!;
    }
    highOffsets[t + 1] = at;
  }
  return { offsets, postings, ...maxima(offsets, postings), highOffsets, highCut };
}

/**
 * Each list's highest value, each block's (see Postings.blockMax) and each block's last document, read in order: finding them while the
 * postings are scattered into place would cost a cache miss more per posting.
 */
function maxima(offsets: Uint32Array, postings: Uint32Array): Pick<Postings, 'maxValue' | 'blockMax' | 'blockLast'> {
  const maxValue = new Uint8Array(offsets.length - 1);
  const blockMax = new Uint8Array((postings.length >>> BLOCK_BITS) + 1);
  const blockLast = new Uint32Array(blockMax.length);
  for (let j = 0; j < blockLast.length; j++) blockLast[j] = postings[Math.min(postings.length, (j + 1) << BLOCK_BITS) - 1]! >>> VALUE_BITS;
  for (let t = 0; t < maxValue.length; t++) {
    let max = 0;
    for (let i = offsets[t]!, end = offsets[t + 1]!; i < end; i++) {
      const value = postings[i]! & VALUE_MASK;
      if (value > max) max = value;
      if (value > blockMax[i >>> BLOCK_BITS]!) blockMax[i >>> BLOCK_BITS] = value;
    }
    maxValue[t] = max;
  }
  // The high lists, after every term's list: their blocks' maxima.
  for (let i = offsets[offsets.length - 1]!; i < postings.length; i++) {
    const value = postings[i]! & VALUE_MASK;
    if (value > blockMax[i >>> BLOCK_BITS]!) blockMax[i >>> BLOCK_BITS] = value;
  }
  return { maxValue, blockMax, blockLast };
}

/**
 * Per term, the OR of `docBits` over the documents holding it (language groups, say): one pass over the
 * postings in order, instead of a write per posting into an array as large as the vocabulary while building.
 */
export function termBits(lists: Pick<Postings, 'offsets' | 'postings'>, docBits: Uint8Array): Uint8Array {
  const { offsets, postings } = lists;
  const bits = new Uint8Array(offsets.length - 1);
  for (let t = 0; t < bits.length; t++) {
    let or = 0;
    for (let i = offsets[t]!, end = offsets[t + 1]!; i < end; i++) or |= docBits[postings[i]! >>> VALUE_BITS]!;
    bits[t] = or;
  }
  return bits;
}

/** Whether terms a and b have the same list: the same documents with the same values. */
export function sameList(lists: Pick<Postings, 'offsets' | 'postings'>, a: number, b: number): boolean {
  const { offsets, postings } = lists;
  const length = offsets[a + 1]! - offsets[a]!;
  if (length !== offsets[b + 1]! - offsets[b]!) return false;
  const bytes = (term: number): Buffer => Buffer.from(postings.buffer, postings.byteOffset + 4 * offsets[term]!, 4 * length);
  return bytes(a).equals(bytes(b));
}

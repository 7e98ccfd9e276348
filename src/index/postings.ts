// Postings built in one linear pass: every (term, document, field counts) triple is appended to flat typed
// arrays while documents stream in (no per-term objects or maps), then one counting sort by term lays them
// out as a single Uint32Array, term by term, documents ascending. Build cost per document stays constant as
// the corpus grows (no per-term builders to grow or rehash, little garbage), and the finished index is a few
// large typed arrays instead of hundreds of thousands of small ones.

/** A Uint32Array that doubles when full. */
export class GrowableU32 {
  data: Uint32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Uint32Array(capacity);
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
    const grown = new Uint32Array(Math.max(needed, this.data.length * 2));
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
}

/** Postings per block of blockMax: 64 (a skipped block saves 64 postings; the table is 1/256 of the postings). */
export const BLOCK_BITS = 6;

/** The bits a posting keeps for its value (1..255: how strongly the document holds the term). */
export const VALUE_BITS = 8;
export const VALUE_MASK = (1 << VALUE_BITS) - 1;
export const MAX_DOCS = 2 ** (32 - VALUE_BITS) - 1;

export class PostingLog {
  private readonly terms = new GrowableU32(1 << 16);
  private readonly docs = new GrowableU32(1 << 16);
  private readonly counts = new GrowableU32(1 << 16);

  /** Records that `doc` holds `term`, with `counts` (packed field counts) that `finish` turns into a value. */
  add(term: number, doc: number, counts: number): void {
    this.terms.push(term);
    this.docs.push(doc);
    this.counts.push(counts);
  }

  /** Lays the log out by term (a stable counting sort: documents stay ascending), valuing each entry. */
  finish(termCount: number, value: (doc: number, counts: number) => number): Postings {
    const offsets = new Uint32Array(termCount + 1);
    const { data: terms, length } = this.terms;
    for (let i = 0; i < length; i++) offsets[terms[i]! + 1]! += 1;
    for (let t = 0; t < termCount; t++) offsets[t + 1]! += offsets[t]!;
    const next = offsets.slice(0, termCount);
    const postings = new Uint32Array(length);
    const maxValue = new Uint8Array(termCount);
    const blockMax = new Uint8Array((length >>> BLOCK_BITS) + 1);
    const docs = this.docs.data;
    const counts = this.counts.data;
    for (let i = 0; i < length; i++) {
      const term = terms[i]!;
      const doc = docs[i]!;
      const v = value(doc, counts[i]!);
      const at = next[term]!++;
      postings[at] = ((doc << VALUE_BITS) | v) >>> 0;
      if (v > maxValue[term]!) maxValue[term] = v;
      if (v > blockMax[at >>> BLOCK_BITS]!) blockMax[at >>> BLOCK_BITS] = v;
    }
    return { offsets, postings, maxValue, blockMax };
  }
}

// Postings built in one linear pass: every document's (term, field counts) pairs are appended to a log of
// typed arrays (chunks of 1M entries, never copied; spilled to disk as they fill) while documents stream in
// (no per-term objects or maps), then one counting sort by term lays them out as a single Uint32Array, term
// by term, documents ascending. Build cost per document stays constant as the corpus grows (no per-term
// builders to grow or rehash, little garbage), and the finished index is a few large typed arrays instead of
// hundreds of thousands of small ones.
import { readInto, writeAll } from '../storage/append-file.ts';
import { TempFile } from '../storage/temp-file.ts';
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
  /**
   * Bitmaps of the dense lists (DENSE_SHARE of the documents or more, and DENSE_MIN postings): term t's is the
   * denseWords words from dense[denseAt[t] * denseWords], bit d set when document d holds t; denseAt[t] is -1
   * for the other lists. Top-k ORs a query word's into one bitmap of the documents it must hold, instead of
   * seeking its lists for every candidate (top-k.ts, "Leaping").
   */
  dense: Uint32Array;
  denseAt: Int32Array;
  denseWords: number;
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

/**
 * Lists held by this share of the documents or more, and by DENSE_MIN or more, get a bitmap (Postings.dense):
 * at 1/16 a bitmap takes at most half its list's bytes.
 */
export const DENSE_SHARE = 1 / 16;
export const DENSE_MIN = 256;

/** Log entries per chunk (2^CHUNK_BITS): the log grows by chunks, never copying what it holds. */
const CHUNK_BITS = 20;
const CHUNK = 1 << CHUNK_BITS;

/**
 * A log entry is one uint32: term << 8 | a code for its counts. The code holds the counts most entries have
 * (title 0–1, excerpt 0–1, body 0–63: packCounts' fields, bm25.ts); ESCAPE says the entry's term and counts
 * are the next pair in the log's escapes (other counts, or a term from TERM_LIMIT up). Half the bytes of a
 * term and its counts side by side: the log has an entry per posting of the index, and was the largest thing
 * a build held.
 */
const ESCAPE = 0xff;
const TERM_LIMIT = 1 << 24;

/** `counts` (packed) as an entry code, or ESCAPE when they do not fit one. */
function countsCode(counts: number): number {
  const title = counts & 0xff;
  const excerpt = (counts >>> 8) & 0xff;
  const body = counts >>> 16;
  return title <= 1 && excerpt <= 1 && body <= 63 ? body | (excerpt << 6) | (title << 7) : ESCAPE;
}

/** The packed counts an entry code holds (not ESCAPE). */
function codeCounts(code: number): number {
  return ((code & 63) << 16) | (((code >>> 6) & 1) << 8) | (code >>> 7);
}

export class PostingLog {
  /** The chunks filled, in order (see LogChunks); entry i is in chunk i / chunk, at i % chunk. */
  private readonly chunks: LogChunks;
  /** The chunk being filled. */
  private current: Uint32Array = new Uint32Array(0);
  /** The escaped entries' (term, packed counts), in log order. */
  private readonly escapes = GrowableU32.scratch(1024);
  private length = 0;
  /** Where each document's entries start: document d's run to starts[d + 1], the last one's to `length`. */
  private readonly starts = new GrowableU32();
  /** Entries per chunk: CHUNK, or fewer for a small build (a delta segment, where 4 MB zeroed per change would cost more than the rest). */
  private readonly chunk: number;

  /** `spill`: full chunks go to a temporary file (see LogChunks). */
  constructor(chunk = CHUNK, spill = false) {
    this.chunk = chunk;
    this.chunks = new LogChunks(chunk, spill);
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
      const chunk = this.current;
      for (let k = 0; k < take; k++) chunk[at + k] = this.entry(terms[i + k]!, counts[i + k]!);
      this.length += take;
      i += take;
    }
  }

  /** Records that `doc` holds `term`, with `counts`: documents in ascending order, those skipped holding nothing. */
  add(term: number, doc: number, counts: number): void {
    while (this.starts.length <= doc) this.starts.push(this.length);
    this.room();
    this.current[this.length % this.chunk] = this.entry(term, counts);
    this.length += 1;
  }

  /** The entry for (term, counts), escaping them when they do not fit it. */
  private entry(term: number, counts: number): number {
    const code = term < TERM_LIMIT ? countsCode(counts) : ESCAPE;
    if (code === ESCAPE) {
      this.escapes.push(term);
      this.escapes.push(counts);
    }
    return ((term << 8) | code) >>> 0;
  }

  /** Room left in the chunk being filled, starting the next one when it is full. */
  private room(): number {
    if (this.length % this.chunk === 0) this.current = this.chunks.next(this.length === 0 ? undefined : this.current);
    return this.chunk - (this.length % this.chunk);
  }

  /**
   * Lays the log out by term (a stable counting sort: documents stay ascending), valuing each entry; lists of
   * `highMin` postings or more get a high list (see Postings.highOffsets). Each term's entries are counted
   * first, so one read of the log puts every entry in place, in the index's own array (allocated once, with
   * room for the longest high lists possible: HIGH_SHARE of each long list; the index keeps a view of what they
   * take); then one read of each list in turn takes its maxima, its bits and its high list.
   *
   * `docBits` (a byte per document: its language group, say; its length is the document count): `termBits` is,
   * per term, the OR over the documents holding it. Lists held by DENSE_SHARE of the documents get a bitmap.
   */
  finish(termCount: number, value: (doc: number, counts: number) => number, highMin = HIGH_MIN, docBits = new Uint8Array(this.starts.length)): Postings & { termBits: Uint8Array } {
    // Each term's entries, counted in a pass of its own: counted as logged, the increments cost the text pass
    // more than this pass costs (their array pushed the word tables out of the cache).
    const offsets = new Uint32Array(termCount + 1);
    const escapes = this.escapes.data;
    let escaped = 0;
    this.chunks.forEach(this.current, (chunk, c) => {
      for (let i = 0, end = Math.min(this.chunk, this.length - c * this.chunk); i < end; i++) {
        const entry = chunk[i]!;
        offsets[((entry & 0xff) === ESCAPE ? escapes[2 * escaped++]! : entry >>> 8) + 1]! += 1;
      }
    });
    for (let t = 0; t < termCount; t++) offsets[t + 1]! += offsets[t]!;
    const main = this.length;
    let highRoom = 0;
    for (let t = 0; t < termCount; t++) if (offsets[t + 1]! - offsets[t]! >= highMin) highRoom += Math.floor(HIGH_SHARE * (offsets[t + 1]! - offsets[t]!));
    const postings = new Uint32Array(main + highRoom);
    this.scatter(offsets.slice(0, termCount), value, postings);
    this.chunks.close();
    const lists = {
      offsets,
      postings,
      maxValue: new Uint8Array(termCount),
      blockMax: new Uint8Array(((main + highRoom) >>> BLOCK_BITS) + 1),
      highOffsets: new Uint32Array(termCount + 1),
      highCut: new Uint8Array(termCount),
    };
    const termBits = new Uint8Array(termCount);
    let high = (lists.highOffsets[0] = main);
    for (let t = 0; t < termCount; t++) {
      termBits[t] = listMaxima(lists, t, docBits);
      lists.highOffsets[t + 1] = high = highList(lists, t, highMin, high);
    }
    // The high lists' blocks (the first may be the last list's too).
    const { blockMax } = lists;
    for (let i = main; i < high; i++) {
      const v = postings[i]! & VALUE_MASK;
      if (v > blockMax[i >>> BLOCK_BITS]!) blockMax[i >>> BLOCK_BITS] = v;
    }
    const final = postings.subarray(0, high);
    // Each block's last document (see Postings.blockLast).
    const blockLast = new Uint32Array((high >>> BLOCK_BITS) + 1);
    for (let j = 0; j < blockLast.length; j++) blockLast[j] = final[Math.min(high, (j + 1) << BLOCK_BITS) - 1]! >>> VALUE_BITS;
    const { maxValue, highOffsets, highCut } = lists;
    return { offsets, postings: final, maxValue, blockMax: blockMax.slice(0, blockLast.length), blockLast, highOffsets, highCut, ...denseBitmaps(offsets, final, docBits.length), termBits };
  }

  /** Puts each entry, valued (doc << 8 | value), at next[term] (advancing it): log order, so documents ascend. */
  private scatter(next: Uint32Array, value: (doc: number, counts: number) => number, postings: Uint32Array): void {
    const starts = this.starts.data;
    const lastDoc = this.starts.length - 1;
    let doc = 0;
    let docEnd = lastDoc > 0 ? starts[1]! : this.length;
    const escapes = this.escapes.data;
    let escaped = 0;
    this.chunks.forEach(this.current, (entries, c) => {
      const base = c * this.chunk;
      for (let i = 0, end = Math.min(this.chunk, this.length - base); i < end; i++) {
        while (base + i >= docEnd) docEnd = ++doc < lastDoc ? starts[doc + 1]! : this.length;
        const entry = entries[i]!;
        const code = entry & 0xff;
        let term = entry >>> 8;
        let counts: number;
        if (code === ESCAPE) {
          term = escapes[escaped++]!;
          counts = escapes[escaped++]!;
        } else counts = codeCounts(code);
        postings[next[term]!++] = ((doc << VALUE_BITS) | value(doc, counts)) >>> 0;
      }
    });
  }
}

/**
 * A posting log's full chunks, in order. Spilled, they go to a temporary file (storage/temp-file.ts) as they
 * fill and are read back one at a time: the log is the largest thing a build holds, as large as the index's
 * own postings, and a rebuild's peak memory is that of the build (the file is opened at the first full chunk:
 * a small build stays in memory). Without a file (none can be made, or a write failed), chunks stay in memory.
 */
class LogChunks {
  readonly #size: number;
  #spill: boolean;
  #file: TempFile | undefined;
  /** Chunks in the file: the first `written`. */
  #written = 0;
  /** The chunks after those, in memory (the one being filled is the log's). */
  readonly #held: Uint32Array[] = [];

  constructor(size: number, spill: boolean) {
    this.#size = size;
    this.#spill = spill;
  }

  /** Takes the chunk just filled (none at first); returns the array to fill next. */
  next(filled: Uint32Array | undefined): Uint32Array {
    if (filled && this.#spill) {
      try {
        this.#file ??= this.#open();
        writeAll(this.#file.fd, bytesOf(filled));
        this.#written += 1;
        return filled;
      } catch {
        // No room on the disk, say: this chunk and the rest stay in memory (those written are still read back).
        this.#spill = false;
      }
    }
    if (filled) this.#held.push(filled);
    return scratch(Uint32Array, this.#size);
  }

  /** Each chunk in order, with its number; `current` (the one being filled) last. */
  forEach(current: Uint32Array, visit: (chunk: Uint32Array, c: number) => void): void {
    if (this.#written > 0) {
      const read = scratch(Uint32Array, this.#size);
      for (let c = 0; c < this.#written; c++) {
        readInto(this.#file!.fd, bytesOf(read), c * read.byteLength);
        visit(read, c);
      }
    }
    this.#held.forEach((chunk, k) => visit(chunk, this.#written + k));
    visit(current, this.#written + this.#held.length);
  }

  /** Gives the file's disk space back (the log is read for the last time). */
  close(): void {
    this.#file?.close();
  }

  #open(): TempFile {
    const file = TempFile.open('newsbot-postings');
    if (!file) throw new Error('no temporary folder off tmpfs');
    file.closeWith(this);
    return file;
  }
}

const bytesOf = (array: Uint32Array): Uint8Array => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

/**
 * Term t's maximum and its blocks' maxima (see Postings.blockMax) into `lists`; returns the OR of `docBits`
 * over its documents.
 */
function listMaxima(lists: Pick<Postings, 'offsets' | 'postings' | 'maxValue' | 'blockMax'>, t: number, docBits: Uint8Array): number {
  const { offsets, postings, maxValue, blockMax } = lists;
  let max = 0;
  let bits = 0;
  for (let i = offsets[t]!, end = offsets[t + 1]!; i < end; i++) {
    const posting = postings[i]!;
    const v = posting & VALUE_MASK;
    if (v > max) max = v;
    if (v > blockMax[i >>> BLOCK_BITS]!) blockMax[i >>> BLOCK_BITS] = v;
    bits |= docBits[posting >>> VALUE_BITS]!;
  }
  maxValue[t] = max;
  return bits;
}

/** The bitmaps of the lists held by DENSE_SHARE of the `documents` or more (see Postings.dense). */
function denseBitmaps(offsets: Uint32Array, postings: Uint32Array, documents: number): Pick<Postings, 'dense' | 'denseAt' | 'denseWords'> {
  const termCount = offsets.length - 1;
  const least = Math.max(DENSE_MIN, Math.ceil(DENSE_SHARE * documents));
  const denseAt = new Int32Array(termCount).fill(-1);
  let count = 0;
  for (let t = 0; t < termCount; t++) if (offsets[t + 1]! - offsets[t]! >= least) denseAt[t] = count++;
  const denseWords = (documents + 31) >>> 5;
  const dense = new Uint32Array(count * denseWords);
  for (let t = 0; t < termCount; t++) {
    if (denseAt[t] === -1) continue;
    const base = denseAt[t]! * denseWords;
    for (let i = offsets[t]!, end = offsets[t + 1]!; i < end; i++) {
      const doc = postings[i]! >>> VALUE_BITS;
      dense[base + (doc >>> 5)]! |= 1 << (doc & 31);
    }
  }
  return { dense, denseAt, denseWords };
}

/**
 * Term t's high list when it has `highMin` postings or more: the postings above the lowest cut with at most
 * HIGH_SHARE of the list above it (none if the top value alone holds more), copied to postings[high ..].
 * Returns where the next high list starts.
 */
function highList(lists: Pick<Postings, 'offsets' | 'postings' | 'highCut'>, t: number, highMin: number, high: number): number {
  const { offsets, postings, highCut } = lists;
  const from = offsets[t]!;
  const to = offsets[t + 1]!;
  if (to - from < highMin) return high;
  const histogram = HISTOGRAM.fill(0);
  for (let i = from; i < to; i++) histogram[postings[i]! & VALUE_MASK]! += 1;
  const most = Math.floor(HIGH_SHARE * (to - from));
  let above = 0;
  let cut = VALUE_MASK;
  while (cut > 0 && above + histogram[cut]! <= most) above += histogram[cut--]!;
  if (above === 0) return high;
  highCut[t] = cut;
  for (let i = from; i < to; i++) if ((postings[i]! & VALUE_MASK) > cut) postings[high++] = postings[i]!;
  return high;
}

const HISTOGRAM = new Uint32Array(VALUE_MASK + 1);

/** Whether terms a and b have the same list: the same documents with the same values. */
export function sameList(lists: Pick<Postings, 'offsets' | 'postings'>, a: number, b: number): boolean {
  const { offsets, postings } = lists;
  const length = offsets[a + 1]! - offsets[a]!;
  if (length !== offsets[b + 1]! - offsets[b]!) return false;
  const bytes = (term: number): Buffer => Buffer.from(postings.buffer, postings.byteOffset + 4 * offsets[term]!, 4 * length);
  return bytes(a).equals(bytes(b));
}

// Exact top-k over postings lists, MaxScore-style (Turtle & Flood 1995): groups are ordered by their score
// upper bound; once k results are held, the groups whose bounds together cannot lift a document above the
// k-th score become "non-essential": only documents in the other lists are visited, and the non-essential
// lists are probed (galloping search) only while the document could still make the cut. The result is the
// same as scoring every document (test/index/top-k.test.ts checks it against exhaustive scoring).
import { VALUE_BITS, VALUE_MASK } from './postings.ts';

/** One postings list in a query: its range in the shared array and what one unit of posting value is worth. */
export interface Cursor {
  /** The list is postings[start, end); `pos` is where the scan has got to. */
  start: number;
  pos: number;
  end: number;
  /** The list's highest-valued postings (doc order), in the `best` array: scored even when a scan stops early. */
  bestStart: number;
  bestEnd: number;
  weight: number;
  /** The list's highest score at any document (weight × its highest posting value). */
  bound: number;
}

/** A query word (or pair): it scores its best list at a document, plus `bonus` when it matches at all. */
export interface ScoreGroup {
  cursors: Cursor[];
  bonus: number;
  /** This group's bonus counts only when `instead` (a word) did not match: its completions never add to it. */
  instead?: ScoreGroup;
  /** Upper bound of the group's list scores at any document (before the document's boost). */
  bound: number;
}

export interface SearchHit {
  doc: number;
  score: number;
}

export interface TopKOptions {
  limit: number;
  /** A document is a result only with a score above this. */
  floor: number;
  /** A document's factor on its list scores (heat), between 1 and `boostBound`; bonuses are not boosted. */
  boost: (doc: number) => number;
  boostBound: number;
  accept?: (doc: number) => boolean;
  /**
   * Scan steps (postings read, lists probed) before a broad query stops; the documents the scan did not reach
   * are then scored only if they hold some list's highest-valued postings. Infinity: always exact.
   */
  budget: number;
  /** Score every candidate, no pruning and no budget: the reference the pruned search must equal. */
  exhaustive?: boolean;
}

const NONE = 0xffffffff;

/** The best `limit` documents by score (ties: lower document first). */
export function topK(postings: Uint32Array, best: Uint32Array, input: readonly ScoreGroup[], options: TopKOptions): SearchHit[] {
  const { floor, boost, boostBound, accept } = options;
  const most = (group: ScoreGroup): number => group.bonus + group.bound * boostBound;
  const groups = [...input].sort((a, b) => most(a) - most(b));
  const n = groups.length;
  const cumulative = new Float64Array(n);
  for (let g = 0, sum = 0; g < n; g++) cumulative[g] = sum += most(groups[g]!);
  const cursors = groups.flatMap((group, g) => group.cursors.map((cursor) => ({ cursor, group: g })));
  const scan = new CursorHeap(postings, cursors.map((entry) => entry.cursor));
  const groupOf = Int32Array.from(cursors, (entry) => entry.group);
  const groupBest = new Float64Array(n);
  const touched = new Int32Array(n);
  const insteadOf = Int32Array.from(groups, (group) => (group.instead ? groups.indexOf(group.instead) : -1));
  const top = new TopHeap(options.limit);
  let threshold = floor;
  let essential = -1;
  const moveEssential = (): void => {
    let next = Math.max(0, essential);
    while (next < n && cumulative[next]! <= threshold) next += 1;
    if (next === essential) return;
    essential = next;
    scan.reset((i) => groupOf[i]! >= essential);
  };
  moveEssential();
  const budget = options.exhaustive ? Infinity : options.budget;
  let steps = 0;
  let doc = NONE;
  while ((doc = scan.peekDoc()) !== NONE) {
    if (steps > budget) break;
    // Every essential list at `doc`: each group keeps its best list's score.
    let touchedCount = 0;
    while (scan.peekDoc() === doc) {
      const i = scan.peekIndex();
      const cursor = cursors[i]!.cursor;
      const g = groupOf[i]!;
      const value = cursor.weight * (postings[cursor.pos]! & VALUE_MASK);
      if (groupBest[g] === 0) touched[touchedCount++] = g;
      if (value > groupBest[g]!) groupBest[g] = value;
      scan.advanceTop();
      steps += 1;
    }
    if (!accept || accept(doc)) {
      let bonuses = 0;
      let values = 0;
      for (let t = 0; t < touchedCount; t++) {
        const g = touched[t]!;
        bonuses += groups[g]!.bonus;
        values += groupBest[g]!;
      }
      const factor = boost(doc);
      // Non-essential groups, most valuable first, while the document could still make the cut.
      for (let g = essential - 1; g >= 0 && bonuses + factor * values + cumulative[g]! > threshold; g--) {
        const group = groups[g]!;
        let bestValue = 0;
        for (const cursor of group.cursors) {
          seek(postings, cursor, doc);
          steps += 1;
          if (cursor.pos < cursor.end) {
            const posting = postings[cursor.pos]!;
            if (posting >>> VALUE_BITS === doc) {
              const value = cursor.weight * (posting & VALUE_MASK);
              if (value > bestValue) bestValue = value;
            }
          }
        }
        if (bestValue > 0) {
          groupBest[g] = bestValue;
          touched[touchedCount++] = g;
          bonuses += group.bonus;
          values += bestValue;
        }
      }
      // A completion's bonus does not add to its word's (bounds above counted it: they stay upper bounds).
      for (let t = 0; t < touchedCount; t++) {
        const other = insteadOf[touched[t]!]!;
        if (other !== -1 && groupBest[other]! > 0) bonuses -= groups[touched[t]!]!.bonus;
      }
      const score = bonuses + factor * values;
      if (score > threshold && top.offer(doc, score) && top.full && !options.exhaustive) {
        threshold = Math.max(floor, top.worstScore);
        moveEssential();
      }
    }
    for (let t = 0; t < touchedCount; t++) groupBest[touched[t]!] = 0;
  }
  if (doc !== NONE) scoreBestAfter(doc, postings, best, groups, top, options);
  return top.sorted();
}

/** The essential lists ordered by their current document: the next document to score is at the root. */
class CursorHeap {
  private readonly postings: Uint32Array;
  private readonly cursors: Cursor[];
  private readonly heap: Int32Array;
  private readonly docs: Float64Array;
  private size = 0;

  constructor(postings: Uint32Array, cursors: Cursor[]) {
    this.postings = postings;
    this.cursors = cursors;
    this.heap = new Int32Array(cursors.length);
    this.docs = new Float64Array(cursors.length);
  }

  /** Rebuilds the heap from the cursors `keep` selects (each moved on past documents already scanned). */
  reset(keep: (index: number) => boolean): void {
    this.size = 0;
    for (let i = 0; i < this.cursors.length; i++) {
      if (!keep(i)) continue;
      this.docs[i] = this.currentDoc(i);
      this.heap[this.size++] = i;
    }
    for (let at = (this.size >> 1) - 1; at >= 0; at--) this.siftDown(at);
  }

  peekDoc(): number {
    return this.size === 0 ? NONE : this.docs[this.heap[0]!]!;
  }

  peekIndex(): number {
    return this.heap[0]!;
  }

  /** Moves the root's list to its next posting. */
  advanceTop(): void {
    const i = this.heap[0]!;
    this.cursors[i]!.pos += 1;
    this.docs[i] = this.currentDoc(i);
    this.siftDown(0);
  }

  private currentDoc(i: number): number {
    const cursor = this.cursors[i]!;
    return cursor.pos < cursor.end ? this.postings[cursor.pos]! >>> VALUE_BITS : NONE;
  }

  private siftDown(from: number): void {
    const { heap, docs, size } = this;
    const item = heap[from]!;
    const doc = docs[item]!;
    let at = from;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && docs[heap[right]!]! < docs[heap[left]!]! ? right : left;
      if (docs[heap[child]!]! >= doc) break;
      heap[at] = heap[child]!;
      at = child;
    }
    heap[at] = item;
  }
}

/**
 * After a scan stopped at `after` (not scored yet): it and the later documents holding some list's highest-valued postings (title
 * matches, mostly), scored exactly by binary search in every list, so a cold headline still competes.
 */
function scoreBestAfter(after: number, postings: Uint32Array, best: Uint32Array, groups: ScoreGroup[], heap: TopHeap, options: TopKOptions): void {
  const candidates = new Set<number>();
  for (const group of groups) {
    for (const cursor of group.cursors) {
      for (let i = cursor.bestStart; i < cursor.bestEnd; i++) {
        const doc = best[i]! >>> VALUE_BITS;
        if (doc >= after) candidates.add(doc);
      }
    }
  }
  // Groups most valuable first; remaining[g]: the most groups g.. can add, to stop on a hopeless candidate.
  const ordered = [...groups].sort((a, b) => b.bonus + b.bound - (a.bonus + a.bound));
  const remaining = new Float64Array(ordered.length + 1);
  for (let g = ordered.length - 1; g >= 0; g--) remaining[g] = remaining[g + 1]! + ordered[g]!.bonus + ordered[g]!.bound * options.boostBound;
  for (const doc of [...candidates].sort((a, b) => a - b)) {
    if (options.accept && !options.accept(doc)) continue;
    const threshold = heap.full ? Math.max(options.floor, heap.worstScore) : options.floor;
    const factor = options.boost(doc);
    let bonuses = 0;
    let values = 0;
    const matched = new Set<ScoreGroup>();
    let g = 0;
    for (; g < ordered.length && bonuses + factor * values + remaining[g]! > threshold; g++) {
      const group = ordered[g]!;
      let top = 0;
      for (const cursor of group.cursors) {
        const at = lowerBound(postings, cursor.start, cursor.end, doc);
        if (at < cursor.end && postings[at]! >>> VALUE_BITS === doc) top = Math.max(top, cursor.weight * (postings[at]! & VALUE_MASK));
      }
      if (top > 0) {
        bonuses += group.bonus;
        values += top;
        matched.add(group);
      }
    }
    for (const group of matched) if (group.instead && matched.has(group.instead)) bonuses -= group.bonus;
    const score = bonuses + factor * values;
    if (g === ordered.length && score > threshold) heap.offer(doc, score);
  }
}

function lowerBound(postings: Uint32Array, low: number, high: number, doc: number): number {
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (postings[mid]! >>> VALUE_BITS < doc) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Moves `cursor` to its first posting for a document ≥ `doc`: galloping, then binary search. */
function seek(postings: Uint32Array, cursor: Cursor, doc: number): void {
  let low = cursor.pos;
  const end = cursor.end;
  if (low >= end || postings[low]! >>> VALUE_BITS >= doc) return;
  let step = 1;
  let high = low + 1;
  while (high < end && postings[high]! >>> VALUE_BITS < doc) {
    low = high;
    step *= 2;
    high = low + step;
  }
  if (high > end) high = end;
  // postings[low] < doc; the answer is in (low, high].
  low += 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (postings[mid]! >>> VALUE_BITS < doc) low = mid + 1;
    else high = mid;
  }
  cursor.pos = low;
}

/** A bounded min-heap of hits, the worst (lowest score, then highest document) at the root. */
class TopHeap {
  private readonly docs: Int32Array;
  private readonly scores: Float64Array;
  private size = 0;
  private readonly limit: number;
  constructor(limit: number) {
    this.limit = limit;
    const capacity = Math.max(0, limit);
    this.docs = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
  }

  get full(): boolean {
    return this.size >= this.limit;
  }

  get worstScore(): number {
    return this.scores[0]!;
  }

  /** Keeps the hit if it is among the best `limit`; says whether it did. */
  offer(doc: number, score: number): boolean {
    if (this.limit <= 0) return false;
    if (this.size < this.limit) {
      let at = this.size++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!this.worse(doc, score, this.docs[parent]!, this.scores[parent]!)) break;
        this.docs[at] = this.docs[parent]!;
        this.scores[at] = this.scores[parent]!;
        at = parent;
      }
      this.docs[at] = doc;
      this.scores[at] = score;
      return true;
    }
    if (!this.worse(this.docs[0]!, this.scores[0]!, doc, score)) return false;
    this.siftDown(doc, score);
    return true;
  }

  /** Hits best first. */
  sorted(): SearchHit[] {
    const hits: SearchHit[] = [];
    for (let i = 0; i < this.size; i++) hits.push({ doc: this.docs[i]!, score: this.scores[i]! });
    return hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
  }

  private worse(docA: number, scoreA: number, docB: number, scoreB: number): boolean {
    return scoreA < scoreB || (scoreA === scoreB && docA > docB);
  }

  /** Replaces the root with (doc, score) and restores the heap. */
  private siftDown(doc: number, score: number): void {
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= this.size) break;
      const right = left + 1;
      const child = right < this.size && this.worse(this.docs[right]!, this.scores[right]!, this.docs[left]!, this.scores[left]!) ? right : left;
      if (!this.worse(this.docs[child]!, this.scores[child]!, doc, score)) break;
      this.docs[at] = this.docs[child]!;
      this.scores[at] = this.scores[child]!;
      at = child;
    }
    this.docs[at] = doc;
    this.scores[at] = score;
  }
}

// Exact top-k over postings lists: the same result as scoring every matching document (`exhaustive`, kept as
// the reference; test/index/top-k.test.ts checks the two agree), found while reading a small part of the lists.
//
// A document's score is Σ over the query's groups it matches of (the group's bonus + boost(doc) × the group's
// best list value there; a completion group only where its word does not: ScoreGroup.instead); boost is
// non-increasing in the document number. A result must beat the k-th score
// held (the threshold; ties go to the lower document). What prunes (docs/corpus.md, "Exact top k"):
// - Seeds: each group's k best postings are scored first, so the threshold starts near its final value.
// - Driving lists: the scan visits, in document order, only documents of the lists chosen for the current
//   threshold — the fewest postings such that a document in none of them cannot beat it. Taking all of a group
//   is the required group of conjunctive search (with the unit bonuses of text-index.ts, as soon as k documents
//   hold every word: a two-word query reads its rarer word's list); MaxScore's essential set (Turtle & Flood
//   1995) is one of the choices; a rare list with a high score can be taken alone.
// - Leaping: a required group not all of whose lists drive (a high list may) is searched for a candidate that
//   passes its first bound (driving values, range maxima), and the scan moves on to the next document it
//   holds, as an intersection does. A required group whose documents are cheap to gather gets a bitmap of them
//   instead (its lists' own bitmaps ORed: Postings.dense keeps one for each common word's list), and every
//   driving list passes over the documents a required group lacks in a tight loop: leaping to the next of a
//   word in every tenth document moved the scan a few documents for a search in each of its lists, and a
//   three-word query of common words made thousands of them.
// - Block-max (Ding & Suel 2011): postings.ts keeps the highest value of every 64 postings, so a run of
//   documents whose block maxima (at the run's first document's boost) cannot beat the threshold is skipped
//   unread: a one-word query over a 50,000-document list reads the few blocks holding values good enough.
//   A driving list also passes over postings that cannot beat it (losing) or that fail a candidate's first
//   bound while no other driving list holds their documents (solo losing).
// Every candidate's other lists are then searched (galloping), groups with a bonus first, and the candidate is
// dropped as soon as what it has plus what its unsearched lists could add cannot beat the threshold.
import { BLOCK_BITS, VALUE_BITS, VALUE_MASK, type Postings } from './postings.ts';
import { keepAlive } from './keep-alive.ts';

/** One postings list in a query: its range in the shared array and what one unit of posting value is worth. */
export interface Cursor {
  /** The list is postings[start, end). */
  start: number;
  end: number;
  weight: number;
  /**
   * The list's highest score at a document that none of its group's lists with a higher bound holds: its
   * highest posting value × weight, or less for a list whose high list (`high`) is in the group.
   */
  bound: number;
  /**
   * A high list (postings.ts): a part of a list of the same group with the same weight and a lower bound, which
   * holds its postings with the same values. It drives (few documents) but is never probed: the whole list
   * gives a document the same value.
   */
  high?: boolean;
  /** The high list of this list, in the same group: its postings valued above `bound` are all there too. */
  layered?: Cursor;
  /** Where the list's bitmap starts in `dense` (Postings.dense), when it has one. */
  bits?: number;
}

/** A query word (or pair): it scores its best list at a document, plus `bonus` when it matches at all. */
export interface ScoreGroup {
  cursors: Cursor[];
  bonus: number;
  /**
   * This group counts (bonus and list score) only where `instead` (a word) did not match: a word's completions
   * never add to it, so once documents holding the word fill the top k its completions are not read at all.
   */
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
  /** A document's factor on its list scores (heat): non-increasing in the document, at most `boostBound`. */
  boost: (doc: number) => number;
  boostBound: number;
  accept?: (doc: number) => boolean;
  /** Score every candidate, no pruning: the reference the pruned search must equal. */
  exhaustive?: boolean;
  /** How many times the driving postings a required group's lists may hold to get a bitmap (MEMBER_READS). */
  memberReads?: number;
}

/** Past the last document (documents fit in 24 bits). */
const NONE = 0x7fffffff;
/**
 * Bounds are compared with this much slack: a bound summed in another order than the score it bounds may
 * round a few ulps below it, and pruning on it would then drop a document that ties the threshold.
 */
const SLACK = 1 + 1e-9;

export type ListArrays = Pick<Postings, 'postings' | 'blockMax' | 'blockLast' | 'dense'>;

/** The best `limit` documents by score (ties: lower document first). */
export function topK(lists: ListArrays, groups: readonly ScoreGroup[], options: TopKOptions): SearchHit[] {
  if (options.limit <= 0 || groups.length === 0) return [];
  return options.exhaustive ? scoreEvery(lists.postings, groups, options) : new PrunedSearch(lists, groups, options).run();
}

/**
 * A list with at most this share of the driving lists' postings drives too (see plan). Every driving list is
 * sought at each leap: at 0.25 a three-word intersection of the generated corpus drove 11 lists; 0.05 and 0.1
 * gained the same on both bench corpora (interleaved runs, 300 queries: sums −2–3 %, p99 −4–10 %).
 */
const SPARSE_SHARE = 0.05;
/** A seek reads this many postings in turn before galloping. */
const NEAR_POSTINGS = 4;
/** A range is cut short where a probed list would need more blocks than this to bound it (at 100k, the bench queries: 16 took ~5 % less CPU than 8, 32–64 the same as 16 within noise, 4 ~10 % more). */
const RANGE_BLOCKS = 16;
/** Choices a plan weighs at most (a query has a few groups of a few lists: a few hundred, usually). */
const PLAN_LEAVES = 4096;
/**
 * A required group gets a bitmap of its documents when making it reads at most this many times the driving
 * postings left (a posting or word read into it costs a few ns, a driving posting the scan visits ~100). At
 * 100k, the bench queries against the leap alone, interleaved: 8 took the p99 −30 % (generated) and −1–15 %
 * (real text), the median +4–7 %; 16–256 the same tail, the real-text median +5–12 %; 4 a generated p99 −27 %.
 */
const MEMBER_READS = 8;
/** Candidates scored before the first new plan; each plan doubles it (a plan weighs up to PLAN_LEAVES choices). */
const REPLAN_AFTER = 32;

/** The pruned search's state, in typed arrays: cursors are numbered group by group, most valuable first. */
class PrunedSearch {
  private readonly postings: Uint32Array;
  private readonly blockMax: Uint8Array;
  private readonly blockLast: Uint32Array;
  private readonly dense: Uint32Array;
  private readonly options: TopKOptions;
  private readonly top: TopHeap;
  // Kept in fields, not passed: a double passed to or returned by a call V8 does not inline is boxed (a new
  // heap number), and those were most of a query's allocations.
  /** What a result must beat: the k-th score held, or the floor. It only rises. */
  private threshold = Number.NEGATIVE_INFINITY;
  /** The boost of the document being scored, or of the current range's first. */
  private factor = Number.NaN;
  // Per group.
  private readonly bonus: Float64Array;
  /** Group g's cursors are firstCursor[g] .. firstCursor[g + 1]. */
  private readonly firstCursor: Int32Array;
  /** Group g's cursors from probeFrom[g] on are probed; those before it drive (see plan). */
  private readonly probeFrom: Int32Array;
  /** The group's best list score at the document being scored, 0 when it does not match (yet). */
  private readonly best: Float64Array;
  private readonly touched: Int32Array;
  /** The word group whose match voids a completion group (see ScoreGroup.instead), or -1. */
  private readonly instead: Int32Array;
  /** The (completion, word) pairs of `instead`, flat. */
  private readonly pairs: Int32Array;
  /** 1 for a completion group whose word the current plan finds required: it cannot add to a result. */
  private readonly silent: Uint8Array;
  /**
   * Whether a completion group is not silent: bounds then take back what it and its word both count
   * (pairExcess). A silent one's term is 0, so with every completion silent the bounds are plain sums.
   */
  private completing = false;
  // Per cursor.
  private readonly start: Int32Array;
  private readonly pos: Int32Array;
  private readonly end: Int32Array;
  private readonly weight: Float64Array;
  private readonly bound: Float64Array;
  private readonly groupOf: Int32Array;
  /** 1 for a high list (Cursor.high): never probed, its whole list is. */
  private readonly high: Uint8Array;
  /** Where the list's bitmap starts in `dense` (Cursor.bits), or -1. */
  private readonly bitsAt: Int32Array;
  /** A layered list's high list (Cursor.layered), or -1. */
  private readonly highList: Int32Array;
  /**
   * What a probed list can give a document of any range: its bound, unless its high list does not drive (a
   * document in the high list gets the high value from this list then). A document in a driving high list has
   * that value already, one in none gets at most the bound: range maxima are capped at this.
   */
  private readonly cap: Float64Array;
  /** The document at pos (NONE past the end), kept up to date for driving cursors. */
  private readonly doc: Int32Array;
  /**
   * Per driving cursor, the highest posting value that still cannot make a document of the current range beat
   * the threshold, whatever its other lists hold (see passLosers); 0 for none.
   */
  private readonly losing: Int32Array;
  /**
   * Per driving cursor, the highest posting value that cannot make a document of the current range that no
   * other driving list holds pass its first bound (quickBeats); at least `losing`.
   */
  private readonly soloLosing: Int32Array;
  // The plan's rows (see CheapestPlan) and its search.
  private readonly planCost: Float64Array;
  private readonly planRest: Float64Array;
  private readonly cheapest: CheapestPlan;
  // The plan for the current threshold: the cursors that list candidates and the groups probed at each.
  private readonly drive: Int32Array;
  private driveCount = 0;
  private readonly probe: Int32Array;
  private probeCount = 0;
  /** A required group not wholly driving (see plan), or -1: the scan leaps over documents it lacks. */
  private leap = -1;
  /**
   * The required groups not wholly driving that have a bitmap (see plan): a document lacking one is passed over.
   * (plan lists every required group here first.)
   */
  private readonly filter: Int32Array;
  private filterCount = 0;
  /**
   * Group g's documents (any of its lists) as a bitmap: memberWords words from members[memberAt[g]], bit d set
   * when g holds document d; memberAt[g] is -1 until made (a required group cheap enough to gather: see plan).
   */
  private members: Uint32Array | undefined;
  private readonly memberAt: Int32Array;
  /** Words per bitmap: one bit per document up to the highest any list holds (0 until a plan needs bitmaps). */
  private memberWords = 0;
  /** Every probed list, the most valuable first. */
  private readonly probeCursors: Int32Array;
  private probeCursorCount = 0;
  // The current range of documents (see openRange): each probed list's and group's highest score in it (0: no
  // posting in it; always 0 for a group none of whose lists is probed).
  private readonly rangeBound: Float64Array;
  private readonly groupRange: Float64Array;
  /** The probed lists the document being scored needs searched in. */
  private readonly pending: Int32Array;
  // The document being scored: its groups' highest range bound among lists not probed yet, and bound terms.
  private readonly openMax: Float64Array;
  private readonly term: Float64Array;

  constructor(lists: ListArrays, groups: readonly ScoreGroup[], options: TopKOptions) {
    this.postings = lists.postings;
    this.blockMax = lists.blockMax;
    this.blockLast = lists.blockLast;
    this.dense = lists.dense;
    this.options = options;
    this.top = new TopHeap(options.limit);
    const n = groups.length;
    const m = groups.reduce((sum, group) => sum + group.cursors.length, 0);
    this.bonus = Float64Array.from(groups, (group) => group.bonus);
    this.instead = Int32Array.from(groups, (group) => (group.instead ? groups.indexOf(group.instead) : -1));
    this.pairs = Int32Array.from([...this.instead].flatMap((word, g) => (word === -1 ? [] : [g, word])));
    this.firstCursor = new Int32Array(n + 1);
    this.probeFrom = new Int32Array(n);
    this.best = new Float64Array(n);
    this.touched = new Int32Array(n);
    this.silent = new Uint8Array(n);
    this.start = new Int32Array(m);
    this.pos = new Int32Array(m);
    this.end = new Int32Array(m);
    this.weight = new Float64Array(m);
    this.bound = new Float64Array(m);
    this.groupOf = new Int32Array(m);
    this.high = new Uint8Array(m);
    this.bitsAt = new Int32Array(m);
    this.highList = new Int32Array(m).fill(-1);
    this.cap = new Float64Array(m);
    this.doc = new Int32Array(m);
    this.losing = new Int32Array(m);
    this.soloLosing = new Int32Array(m);
    let c = 0;
    groups.forEach((group, g) => {
      this.firstCursor[g] = c;
      const sorted = [...group.cursors].sort((a, b) => b.bound - a.bound);
      for (const cursor of sorted) {
        if (cursor.layered) this.highList[c] = this.firstCursor[g]! + sorted.indexOf(cursor.layered);
        this.start[c] = cursor.start;
        this.pos[c] = cursor.start;
        this.end[c] = cursor.end;
        this.weight[c] = cursor.weight;
        this.bound[c] = cursor.bound;
        this.high[c] = cursor.high ? 1 : 0;
        this.bitsAt[c] = cursor.bits ?? -1;
        this.groupOf[c++] = g;
      }
    });
    this.firstCursor[n] = m;
    this.drive = new Int32Array(m);
    this.probe = new Int32Array(n);
    this.filter = new Int32Array(n);
    this.memberAt = new Int32Array(n).fill(-1);
    this.probeCursors = new Int32Array(m);
    this.pending = new Int32Array(m);
    this.openMax = new Float64Array(n);
    this.term = new Float64Array(n);
    this.rangeBound = new Float64Array(m);
    this.groupRange = new Float64Array(n);
    this.planCost = new Float64Array(m + n);
    this.planRest = new Float64Array(m + n);
    this.cheapest = new CheapestPlan(this.firstCursor, this.planCost, this.planRest, this.pairs);
  }

  run(): SearchHit[] {
    const { postings, pos, doc, groupOf, weight, drive, best, touched, bonus, top, options } = this;
    const { openMax, term, probeCursors, pending, rangeBound } = this;
    const { floor, boost, accept } = options;
    const seeds = this.scoreSeeds();
    let nextSeed = 0;
    this.threshold = top.full ? Math.max(floor, top.worstScore) : floor;
    this.plan(0);
    let planned = this.threshold;
    let sincePlan = 0;
    let replanAfter = REPLAN_AFTER;
    /** The current range's last document (-1: none open). */
    let until = -1;
    for (;;) {
      // The next document (d), the driving list at it (first), and the next document of the others (second).
      let d = NONE;
      let second = NONE;
      let first = -1;
      for (let k = 0; k < this.driveCount; k++) {
        const x = doc[drive[k]!]!;
        if (x < d) {
          second = d;
          d = x;
          first = drive[k]!;
        } else if (x < second) second = x;
      }
      if (d === NONE) break;
      if (this.threshold > planned && sincePlan >= replanAfter) {
        this.plan(d);
        planned = this.threshold;
        sincePlan = 0;
        replanAfter *= 2;
        until = -1;
        continue;
      }
      if (d > until) {
        this.factor = boost(d);
        until = this.openRange(d);
        if (this.rangeLoses(until)) {
          for (let k = 0; k < this.driveCount; k++) this.skipPast(drive[k]!, until);
          continue;
        }
        this.passLosers(until);
        continue;
      }
      if (second > d && this.passSoloLosers(first, Math.min(until, second - 1))) continue;
      this.factor = boost(d);
      sincePlan += 1;
      // The driving lists at d.
      let touchedCount = 0;
      for (let k = 0; k < this.driveCount; k++) {
        const c = drive[k]!;
        if (doc[c] !== d) continue;
        const g = groupOf[c]!;
        const value = weight[c]! * (postings[pos[c]!]! & VALUE_MASK);
        if (best[g] === 0) touched[touchedCount++] = g;
        if (value > best[g]!) best[g] = value;
        pos[c]! += 1;
        this.passLosing(c, until);
        this.passMissing(c);
      }
      // A first bound from the driving lists' values and the groups' range maxima (no search): most candidates
      // of short driving lists (high lists) stop here. Then a document a required group lacks cannot make it: a
      // group with a bitmap is read there; for the leap group (none of its driving lists was at d), on to the
      // next document it holds.
      let candidate = this.quickBeats() && this.holdsRequired(d);
      if (candidate && this.leap !== -1 && best[this.leap] === 0) {
        const next = this.leapFrom(d);
        // The required group holds no later document: none can beat the threshold (it only rises).
        if (next === NONE) break;
        if (next !== d) {
          for (let k = 0; k < this.driveCount; k++) this.seek(drive[k]!, next);
          candidate = false;
        }
      }
      while (nextSeed < seeds.length && seeds[nextSeed]! < d) nextSeed += 1;
      if (candidate && seeds[nextSeed] !== d && (!accept || accept(d))) {
        // The probed lists, most valuable first, while d could still make the cut: each probe makes its
        // group's part of the bound exact for that list.
        // Probed lists whose cursor is at d or past it need no search: what they give d is known. The others
        // are searched in the plan's order while d could still make the cut; a group's open part is the highest
        // range bound among its lists not searched yet.
        let pendingCount = 0;
        for (let g = 0; g < openMax.length; g++) openMax[g] = 0;
        for (let k = 0; k < this.probeCursorCount; k++) {
          const c = probeCursors[k]!;
          if (rangeBound[c] === 0 || doc[c]! > d) continue;
          const g = groupOf[c]!;
          if (doc[c] === d) {
            const value = weight[c]! * (postings[pos[c]!]! & VALUE_MASK);
            if (best[g] === 0) touched[touchedCount++] = g;
            if (value > best[g]!) best[g] = value;
          } else {
            pending[pendingCount++] = c;
            if (rangeBound[c]! > openMax[g]!) openMax[g] = rangeBound[c]!;
          }
        }
        const paired = this.completing;
        let bound = this.termsBound(openMax);
        let k = 0;
        for (; k < pendingCount && bound * SLACK > this.threshold; k++) {
          const c = pending[k]!;
          const g = groupOf[c]!;
          if (paired) bound += this.pairExcess();
          bound -= term[g]!;
          // A completion's value is void where its word matched: no need to search its lists.
          if (rangeBound[c]! > best[g]! && (this.instead[g] === -1 || best[this.instead[g]!] === 0)) {
            this.seek(c, d);
            if (doc[c] === d) {
              const value = weight[c]! * (postings[pos[c]!]! & VALUE_MASK);
              if (best[g] === 0) touched[touchedCount++] = g;
              if (value > best[g]!) best[g] = value;
            }
          }
          let open = 0;
          for (let later = k + 1; later < pendingCount; later++) if (groupOf[pending[later]!] === g && rangeBound[pending[later]!]! > open) open = rangeBound[pending[later]!]!;
          term[g] = this.termOf(g, open);
          bound += term[g]!;
          if (paired) bound -= this.pairExcess();
        }
        if (k === pendingCount && bound * SLACK > this.threshold) {
          const score = finalScore(best, bonus, this.instead, this.factor);
          // Equal to the threshold, d may still beat a seed with a higher number.
          if (score > floor && score >= this.threshold && top.offer(d, score) && top.full) this.threshold = Math.max(this.threshold, top.worstScore);
        }
      }
      for (let t = 0; t < touchedCount; t++) best[touched[t]!] = 0;
    }
    return top.sorted();
  }

  /**
   * Raises the threshold before the scan: each group's `limit` most valuable postings (found in its `limit`
   * blocks with the highest maxima; not a completion group's) give their documents, scored in full. In document
   * order the threshold would rise slowly (the best documents are anywhere), and a plan made with a low
   * threshold reads whole lists. Returns the documents scored (ascending): the scan passes over them. Cursors
   * are back at their lists' start.
   */
  private scoreSeeds(): Int32Array {
    const { postings, blockMax, start, pos, end, weight, bound, firstCursor, bonus, best, top, options } = this;
    const n = bonus.length;
    const limit = options.limit;
    const docs: number[] = [];
    const priority = new Float64Array(limit);
    const at = new Int32Array(limit);
    const topValue = new Float64Array(limit);
    const topDoc = new Int32Array(limit);
    for (let g = 0; g < n; g++) {
      // A completion's best documents lack its word more often than not (half the bonus): seeding them cost the
      // typed queries more than the threshold they gave (the bench queries at 100k, interleaved: sums −3–6 %,
      // p50 −6–10 %).
      if (this.instead[g] !== -1) continue;
      // The `limit` blocks of g's lists with the highest maxima (kept sorted, best first), as posting ranges.
      let kept = 0;
      for (let c = firstCursor[g]!; c < firstCursor[g + 1]!; c++) {
        // A layered list's best postings are in its high list.
        if (this.highList[c] !== -1) continue;
        for (let block = start[c]! >>> BLOCK_BITS; block <= (end[c]! - 1) >>> BLOCK_BITS; block++) {
          kept = keepBest(priority, at, kept, weight[c]! * blockMax[block]!, (block << 8) | (c - firstCursor[g]!));
        }
      }
      // Their postings, the `limit` most valuable kept (sorted, best first).
      let found = 0;
      for (let i = 0; i < kept; i++) {
        const c = firstCursor[g]! + (at[i]! & 0xff);
        const block = at[i]! >>> 8;
        for (let p = Math.max(start[c]!, block << BLOCK_BITS); p < Math.min(end[c]!, (block + 1) << BLOCK_BITS); p++) {
          found = keepBest(topValue, topDoc, found, weight[c]! * (postings[p]! & VALUE_MASK), postings[p]! >>> VALUE_BITS);
        }
      }
      for (let i = 0; i < found; i++) docs.push(topDoc[i]!);
    }
    const seeds = Int32Array.from(new Set(docs)).sort();
    seeding: for (const d of seeds) {
      if (options.accept && !options.accept(d)) continue;
      const factor = options.boost(d);
      // What d's groups read so far give plus the most the others can: once k seeds are held, a seed lacking a
      // word is dropped before its word's completions (16 lists) are read.
      let most = 0;
      for (let g = 0; g < n; g++) most += bonus[g]! + factor * bound[firstCursor[g]!]!;
      for (let g = 0; g < n; g++) {
        best[g] = 0;
        if (top.full && most * SLACK <= top.worstScore) continue seeding;
        most -= bonus[g]! + factor * bound[firstCursor[g]!]!;
        // A completion whose word d holds adds nothing (finalScore): its lists are not read.
        const word = this.instead[g]!;
        if (word !== -1 && word < g && best[word]! > 0) continue;
        for (let c = firstCursor[g]!; c < firstCursor[g + 1]!; c++) {
          // A high list's values are its whole list's; a list whose highest value (its high list's bound, for
          // a layered one) is no more than the group's best so far cannot change it.
          if (this.high[c] === 1 || best[g]! >= bound[this.highList[c] === -1 ? c : this.highList[c]!]!) continue;
          this.seek(c, d);
          if (pos[c]! < end[c]! && postings[pos[c]!]! >>> VALUE_BITS === d) best[g] = Math.max(best[g]!, weight[c]! * (postings[pos[c]!]! & VALUE_MASK));
        }
        if (best[g]! > 0) most += bonus[g]! + factor * best[g]!;
      }
      const score = finalScore(best, bonus, this.instead, factor);
      if (score > options.floor) top.offer(d, score);
    }
    best.fill(0);
    for (let c = 0; c < start.length; c++) {
      pos[c] = start[c]!;
      this.doc[c] = start[c]! < end[c]! ? postings[start[c]!]! >>> VALUE_BITS : NONE;
    }
    return seeds;
  }

  /**
   * Chooses the driving lists for documents from `from` on: the cheapest set (fewest postings left) such that
   * a document in none of them cannot beat the threshold. Taking a group's lists most valuable first, each
   * group can leave its bound at its next list's (a rare list with a high score is cheap to take) or at 0
   * (all its lists: its bonus too, the required group of the header); the choice is greedy by bound removed
   * per posting, then pruned of what is not needed. Before k results the threshold is the floor and this
   * comes to every group with a bonus; MaxScore's essential set is one of the choices.
   */
  private plan(from: number): void {
    const { bonus, bound, firstCursor, pos, end, pairs, probeFrom, silent, planCost, planRest, cheapest, probe, probeCursors } = this;
    const n = bonus.length;
    const limit = this.threshold / SLACK;
    // A completion whose word is required (a document without the word cannot beat the threshold) adds nothing
    // to a document that can: its lists neither drive nor are probed.
    let most = 0;
    for (let g = 0; g < n; g++) {
      silent[g] = 0;
      most += this.part(g, 0);
    }
    for (let p = 0; p < pairs.length; p += 2) most -= Math.min(this.part(pairs[p]!, 0), this.part(pairs[p + 1]!, 0));
    this.completing = false;
    for (let p = 0; p < pairs.length; p += 2) {
      const a = pairs[p]!;
      if (most - Math.max(this.part(a, 0), this.part(pairs[p + 1]!, 0)) + this.part(a, 0) <= limit) silent[a] = 1;
      else this.completing = true;
    }
    // Depth-first over each group's choices (CheapestPlan): the postings left and the group's part of the outside
    // bound per choice, in the group's row (planCost, planRest).
    for (let g = 0; g < n; g++) {
      const row = this.row(g);
      planCost[row] = 0;
      for (let j = 0; j <= this.size(g); j++) {
        if (j > 0) planCost[row + j] = planCost[row + j - 1]! + end[firstCursor[g]! + j - 1]! - pos[firstCursor[g]! + j - 1]!;
        planRest[row + j] = silent[g] ? 0 : this.part(g, j);
      }
    }
    cheapest.solve(limit);
    const { chosen, take } = cheapest;
    // The required groups not wholly driving (a document in none of their lists cannot beat the threshold).
    let required = 0;
    for (let g = 0; g < n; g++) {
      if (chosen[g] === this.size(g) || silent[g]) continue;
      for (let h = 0; h < n; h++) take[h] = 0;
      take[g] = this.size(g);
      if (cheapest.outside() <= limit) this.filter[required++] = g;
    }
    // A list far shorter than what drives drives too: the documents it holds are then known at once, so the
    // bounds of the others' documents lose its range maximum (solo losers pass in bulk) for a few more postings.
    let driving = 0;
    for (let g = 0; g < n; g++) {
      take[g] = silent[g] ? 0 : chosen[g]!;
      driving += planCost[this.row(g) + take[g]!]!;
    }
    for (let g = 0; g < n; g++) {
      while (!silent[g] && take[g]! < this.size(g) && end[firstCursor[g]! + take[g]!]! - pos[firstCursor[g]! + take[g]!]! <= SPARSE_SHARE * driving) take[g]! += 1;
    }
    this.driveCount = 0;
    for (let g = 0; g < n; g++) {
      probeFrom[g] = firstCursor[g]! + take[g]!;
      for (let c = firstCursor[g]!; c < probeFrom[g]!; c++) {
        // A high list whose whole list drives too holds no document that one does not: it would be sought twice.
        if (this.high[c] === 1 && this.wholeListBefore(c, probeFrom[g]!)) continue;
        this.drive[this.driveCount++] = c;
        this.seek(c, from);
      }
    }
    this.bitmapOrLeap(required);
    // Probed: every group with lists left, the most valuable first (an insertion sort: a few groups, no closure).
    this.probeCount = 0;
    for (let g = 0; g < n; g++) {
      this.groupRange[g] = 0;
      if (take[g] === this.size(g) || silent[g]) continue;
      const rest = planRest[this.row(g) + take[g]!]!;
      let i = this.probeCount++;
      for (; i > 0 && planRest[this.row(probe[i - 1]!) + take[probe[i - 1]!]!]! < rest; i--) probe[i] = probe[i - 1]!;
      probe[i] = g;
    }
    for (let c = 0; c < bound.length; c++) {
      const high = this.highList[c]!;
      this.cap[c] = high === -1 || high < probeFrom[this.groupOf[c]!]! ? bound[c]! : Infinity;
    }
    // The probed lists (a high list left out of the drive has its whole list after it, probed), in probing order.
    this.probeCursorCount = 0;
    for (let i = 0; i < this.probeCount; i++) {
      for (let c = probeFrom[probe[i]!]!; c < firstCursor[probe[i]! + 1]!; c++) {
        if (this.high[c] === 1) continue;
        let at = this.probeCursorCount++;
        for (; at > 0 && this.probesBefore(c, probeCursors[at - 1]!); at--) probeCursors[at] = probeCursors[at - 1]!;
        probeCursors[at] = c;
      }
    }
  }

  /**
   * Of the first `required` groups of `filter` (the required ones not wholly driving): each whose bitmap reads at
   * most MEMBER_READS times the driving postings left to make gets one (membersCost), kept by later plans, and
   * stays in `filter`: driving lists pass over the documents that lack it in a tight loop. Of the others, the
   * one with the fewest postings is leapt to; its high lists may drive ("giá" in "giá hà": candidates from the
   * completions of "hà" leap to the next "giá").
   */
  private bitmapOrLeap(required: number): void {
    const { pos, end } = this;
    let drivingLeft = 0;
    for (let k = 0; k < this.driveCount; k++) drivingLeft += end[this.drive[k]!]! - pos[this.drive[k]!]!;
    if (required > 0 && this.memberWords === 0) {
      let lastDoc = 0;
      for (let c = 0; c < end.length; c++) if (end[c]! > this.start[c]!) lastDoc = Math.max(lastDoc, this.postings[end[c]! - 1]! >>> VALUE_BITS);
      this.memberWords = (lastDoc >>> 5) + 1;
    }
    this.leap = -1;
    this.filterCount = 0;
    let leapCost = Infinity;
    for (let i = 0; i < required; i++) {
      const g = this.filter[i]!;
      if (this.memberAt[g] !== -1 || this.membersCost(g) <= (this.options.memberReads ?? MEMBER_READS) * drivingLeft) {
        this.makeMembers(g);
        this.filter[this.filterCount++] = g;
        continue;
      }
      const cost = this.planCost[this.row(g) + this.size(g)]!;
      if (cost < leapCost) {
        this.leap = g;
        leapCost = cost;
      }
    }
  }

  /**
   * What making group g's bitmap reads: a word per 32 documents for a list with a bitmap of its own (Postings.dense),
   * its postings not passed yet for the others. A high list's documents are in its whole list, in the group too.
   */
  private membersCost(g: number): number {
    let cost = 0;
    for (let c = this.firstCursor[g]!; c < this.firstCursor[g + 1]!; c++) {
      if (this.high[c] === 0) cost += this.bitsAt[c] === -1 ? this.end[c]! - this.pos[c]! : this.memberWords;
    }
    return cost;
  }

  /** Group g's bitmap (see members): its lists' bitmaps ORed, and their postings not passed yet (the scan only moves on). */
  private makeMembers(g: number): void {
    if (this.memberAt[g] !== -1) return;
    const { postings, pos, end, memberWords, dense } = this;
    // Room for the bitmaps made so far and this one (a few at most): zeroing one per group of the query cost
    // a mid-size query ~5 %.
    const made = this.members ? this.members.length / memberWords : 0;
    const members = new Uint32Array((made + 1) * memberWords);
    if (this.members) members.set(this.members);
    this.members = members;
    const base = (this.memberAt[g] = made * memberWords);
    for (let c = this.firstCursor[g]!; c < this.firstCursor[g + 1]!; c++) {
      if (this.high[c] === 1) continue;
      const bits = this.bitsAt[c]!;
      if (bits !== -1) {
        for (let w = 0; w < memberWords; w++) members[base + w]! |= dense[bits + w]!;
        continue;
      }
      for (let p = pos[c]!; p < end[c]!; p++) {
        const d = postings[p]! >>> VALUE_BITS;
        members[base + (d >>> 5)]! |= 1 << (d & 31);
      }
    }
  }

  /** Whether document d holds every group of `filter`. */
  private holdsRequired(d: number): boolean {
    for (let i = 0; i < this.filterCount; i++) if ((this.members![this.memberAt[this.filter[i]!]! + (d >>> 5)]! & (1 << (d & 31))) === 0) return false;
    return true;
  }

  /**
   * Moves driving cursor c past its postings of documents that lack a group of `filter` (other than its own):
   * such a document cannot make it. A three-word query of common words passes most of its driving postings so,
   * in a loop far cheaper than the scan's.
   */
  private passMissing(c: number): void {
    if (this.filterCount === 0) return;
    const { postings, pos, end, filter, memberAt } = this;
    const members = this.members!;
    const own = this.groupOf[c]!;
    let p = pos[c]!;
    const stop = end[c]!;
    scan: for (; p < stop; p++) {
      const d = postings[p]! >>> VALUE_BITS;
      for (let i = 0; i < this.filterCount; i++) {
        const g = filter[i]!;
        if (g !== own && (members[memberAt[g]! + (d >>> 5)]! & (1 << (d & 31))) === 0) continue scan;
      }
      break;
    }
    if (p === pos[c]) return;
    pos[c] = p;
    this.doc[c] = p < stop ? postings[p]! >>> VALUE_BITS : NONE;
  }

  /** Whether high list h's whole list is one of its group's cursors before `until`. */
  private wholeListBefore(h: number, until: number): boolean {
    for (let c = this.firstCursor[this.groupOf[h]!]!; c < until; c++) if (this.highList[c] === h) return true;
    return false;
  }

  private row(g: number): number {
    return planRow(this.firstCursor, g);
  }

  /** Group g's cursor count. */
  private size(g: number): number {
    return this.firstCursor[g + 1]! - this.firstCursor[g]!;
  }

  /** Group g's part of the bound on a document in none of its j most valuable lists. */
  private part(g: number, j: number): number {
    return j < this.size(g) ? this.bonus[g]! + this.options.boostBound * this.bound[this.firstCursor[g]! + j]! : 0;
  }

  /**
   * Whether probed list a is searched before b: lists of groups with a bonus first (a miss there costs a
   * document a unit: it is out at once), unless the bonus is a completion's whose word drives (void at most
   * candidates); then the most valuable first.
   */
  private probesBefore(a: number, b: number): boolean {
    const stakeA = this.stake(this.groupOf[a]!);
    const stakeB = this.stake(this.groupOf[b]!);
    if (stakeA !== stakeB) return stakeA > stakeB;
    return this.bound[a] !== this.bound[b] ? this.bound[a]! > this.bound[b]! : a < b;
  }

  private stake(g: number): number {
    const word = this.instead[g]!;
    return word !== -1 && this.cheapest.take[word] === this.size(word) ? 0 : this.bonus[g]!;
  }

  /**
   * Opens the range of documents from d (the next candidate) on that the block maxima bound: up to where a
   * driving list leaves its current block, or a probed list would need more than RANGE_BLOCKS blocks. Sets
   * each probed list's and group's highest score in the range (0: no posting in it) and their suffix sums.
   */
  private openRange(d: number): number {
    const { drive, doc, pos, end, blockMax, weight, probe, probeFrom, groupRange, rangeBound } = this;
    let until = NONE;
    for (let k = 0; k < this.driveCount; k++) {
      const c = drive[k]!;
      if (doc[c] === NONE) continue;
      const last = this.lastDoc(c, pos[c]! >>> BLOCK_BITS);
      if (last < until) until = last;
    }
    for (let i = 0; i < this.probeCount; i++) {
      const g = probe[i]!;
      let groupMax = 0;
      for (let c = probeFrom[g]!; c < this.firstCursor[g + 1]!; c++) {
        rangeBound[c] = 0;
        if (this.high[c] === 1) continue;
        // Only the block matters here: the postings are read when a candidate probes the list.
        if (doc[c]! < d) this.seekBlock(c, d);
        let most = 0;
        if (doc[c]! <= until) {
          // A bound over later documents stays a bound when `until` is cut shorter below.
          for (let at = pos[c]!, blocks = 1; ; blocks++) {
            const block = at >>> BLOCK_BITS;
            const blockEnd = Math.min(end[c]!, (block + 1) << BLOCK_BITS);
            if (blockMax[block]! > most) most = blockMax[block]!;
            const last = this.lastDoc(c, block);
            if (last >= until || blockEnd === end[c]) break;
            if (blocks === RANGE_BLOCKS) {
              until = last;
              break;
            }
            at = blockEnd;
          }
        }
        rangeBound[c] = Math.min(weight[c]! * most, this.cap[c]!);
        if (rangeBound[c]! > groupMax) groupMax = rangeBound[c]!;
      }
      groupRange[g] = groupMax;
    }
    return until;
  }

  /**
   * The highest score a document of the range up to `until` could have, from every list's block maxima; with
   * `held`, a document that driving cursor `held` holds with posting value `value`.
   */
  private rangeScoreBound(until: number, held = -1, value = 0): number {
    const { drive, doc, pos, groupOf, weight, blockMax, best, groupRange, touched } = this;
    let touchedCount = 0;
    for (let k = 0; k < this.driveCount; k++) {
      const c = drive[k]!;
      if (doc[c]! > until) continue;
      const g = groupOf[c]!;
      const most = weight[c]! * (c === held ? value : blockMax[pos[c]! >>> BLOCK_BITS]!);
      if (best[g] === 0) touched[touchedCount++] = g;
      if (most > best[g]!) best[g] = most;
    }
    const bound = this.termsBound(groupRange);
    for (let t = 0; t < touchedCount; t++) best[touched[t]!] = 0;
    return bound;
  }

  /**
   * Whether the range's bound with driving cursor `held` at posting value `value` (see rangeScoreBound) cannot
   * beat the threshold. (The bounds tested on the hot path answer a boolean: a double returned by a call V8 does
   * not inline is boxed, and those were most of a query's allocations.)
   */
  private rangeLoses(until: number, held = -1, value = 0): boolean {
    return this.rangeScoreBound(until, held, value) * SLACK <= this.threshold;
  }

  /**
   * Whether the document being scored may beat the threshold, bounded from its groups' values so far and their
   * range maxima.
   */
  private quickBeats(): boolean {
    const { best, groupRange, bonus, factor, threshold } = this;
    if (this.completing) return this.termsBound(groupRange) * SLACK > threshold;
    // termOf summed with the range maxima as open parts, without copying them (most candidates stop here).
    let bonuses = 0;
    let values = 0;
    for (let g = 0; g < bonus.length; g++) {
      const value = best[g]! > groupRange[g]! ? best[g]! : groupRange[g]!;
      if (value > 0) {
        bonuses += bonus[g]!;
        values += value;
      }
    }
    return (bonuses + factor * values) * SLACK > threshold;
  }

  /**
   * Sets each driving cursor's losing value for the range up to `until` (losingValue), and moves the cursors
   * past their losing postings. A posting passed over belongs to a document that cannot beat the threshold
   * (held for the whole range: it only rises); if another list brings the document up as a candidate, the match
   * missed only lowers its score, so it is still rejected.
   */
  private passLosers(until: number): void {
    const { drive, doc, losing } = this;
    for (let k = 0; k < this.driveCount; k++) {
      const c = drive[k]!;
      losing[c] = doc[c]! > until ? 0 : this.losingValue(c, until);
    }
    for (let k = 0; k < this.driveCount; k++) {
      const c = drive[k]!;
      this.soloLosing[c] = Math.max(losing[c]!, doc[c]! > until ? 0 : this.soloLosingValue(c));
      this.passLosing(c, until);
    }
  }

  /**
   * The highest posting value of driving cursor c that cannot make a document of the range up to `until` beat
   * the threshold (0: none): the range's bound with c's block maximum replaced by the value is monotone in it,
   * and linear past where c's list gives its group's best (slope factor × weight), so the value is read off the
   * bounds at 1 and VALUE_MASK, checked, and found by binary search only where that guess is off (pairs, rounding).
   */
  private losingValue(c: number, until: number): number {
    const { factor, threshold } = this;
    // (No closure for "loses": under tsx's keepNames a named closure called this often costs ~10 % of a query.)
    if (!this.rangeLoses(until, c, 1)) return 0;
    const top = this.rangeScoreBound(until, c, VALUE_MASK);
    if (top * SLACK <= threshold) return VALUE_MASK;
    const guess = Math.max(1, Math.min(VALUE_MASK - 1, Math.floor(VALUE_MASK - (top - threshold / SLACK) / (factor * this.weight[c]!))));
    if (this.rangeLoses(until, c, guess) && !this.rangeLoses(until, c, guess + 1)) return guess;
    // low loses, high + 1 may not.
    let low = 1;
    let high = VALUE_MASK - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (this.rangeLoses(until, c, mid)) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /**
   * Driving cursor c's solo losing value for the range (see soloLosing): the first bound with c's value v and
   * the range maxima of probed lists is at most others + c's group's bonus + factor × max(weight × v, its range
   * maximum); solved for v, then checked with the bound itself (pairs only lower it; rounding).
   */
  private soloLosingValue(c: number): number {
    const { best, groupOf, bonus, groupRange, weight, term, factor, threshold } = this;
    const g = groupOf[c]!;
    this.termsBound(groupRange);
    let others = 0;
    for (let h = 0; h < bonus.length; h++) if (h !== g) others += term[h]!;
    const room = threshold / SLACK - others - bonus[g]!;
    if (factor * groupRange[g]! >= room) return 0;
    let value = Math.min(VALUE_MASK, Math.floor(room / (factor * weight[c]!)));
    for (let tries = 0; value > 0; tries++, value--) {
      if (tries === 4) return 0;
      best[g] = weight[c]! * value;
      const beats = this.quickBeats();
      best[g] = 0;
      if (!beats) break;
    }
    return value;
  }

  /**
   * Moves driving cursor c, the only one holding the next document, past its solo losing postings of documents
   * up to `last` (no other driving list holds one): such a document would fail its first bound. Says whether it
   * moved.
   */
  private passSoloLosers(c: number, last: number): boolean {
    const { postings, pos, end } = this;
    const low = this.soloLosing[c]!;
    let p = pos[c]!;
    const stop = end[c]!;
    while (p < stop && (postings[p]! & VALUE_MASK) <= low && postings[p]! >>> VALUE_BITS <= last) p++;
    if (p === pos[c]) return false;
    pos[c] = p;
    this.doc[c] = p < stop ? postings[p]! >>> VALUE_BITS : NONE;
    return true;
  }

  /** Moves driving cursor c from pos past postings of documents up to `until` with a losing value; sets doc. */
  private passLosing(c: number, until: number): void {
    const { postings, pos, end, losing } = this;
    const low = losing[c]!;
    let p = pos[c]!;
    const stop = end[c]!;
    if (low > 0) while (p < stop && (postings[p]! & VALUE_MASK) <= low && postings[p]! >>> VALUE_BITS <= until) p++;
    pos[c] = p;
    this.doc[c] = p < stop ? postings[p]! >>> VALUE_BITS : NONE;
  }

  /**
   * Group g's part of the bound on a document whose lists not searched yet may give it up to `open`: its bonus
   * if it matches or may, and its best list score.
   */
  private termOf(g: number, open: number): number {
    const value = this.best[g]! > open ? this.best[g]! : open;
    return value > 0 ? this.bonus[g]! + this.factor * value : 0;
  }

  /** The bound on a document from every group's term (kept in `term`) with open parts `open`, less pairExcess. */
  private termsBound(open: Float64Array): number {
    const { term } = this;
    let bound = 0;
    for (let g = 0; g < term.length; g++) {
      term[g] = this.termOf(g, open[g]!);
      bound += term[g]!;
    }
    return this.completing ? bound - this.pairExcess() : bound;
  }

  /**
   * What the terms (`term`) over-count for (completion, word) pairs: a document gets one of the two (the
   * completion only where the word is missing), so the pair adds at most its larger term.
   */
  private pairExcess(): number {
    const { pairs, term } = this;
    let excess = 0;
    for (let p = 0; p < pairs.length; p += 2) excess += Math.min(term[pairs[p]!]!, term[pairs[p + 1]!]!);
    return excess;
  }

  /** Moves the leap group's cursors up to d: d if one holds it, else the first document one holds (NONE: none). */
  private leapFrom(d: number): number {
    const g = this.leap;
    let next = NONE;
    for (let c = this.firstCursor[g]!; c < this.firstCursor[g + 1]!; c++) {
      if (this.high[c] === 1) continue;
      this.seek(c, d);
      if (this.doc[c]! < next) next = this.doc[c]!;
    }
    return next;
  }

  /** Moves driving cursor c past document `until`: to its next block when its current block ends there. */
  private skipPast(c: number, until: number): void {
    const { postings, pos, end } = this;
    if (this.doc[c]! > until) return;
    const blockEnd = Math.min(end[c]!, ((pos[c]! >>> BLOCK_BITS) + 1) << BLOCK_BITS);
    if (this.lastDoc(c, pos[c]! >>> BLOCK_BITS) !== until) return this.seek(c, until + 1);
    pos[c] = blockEnd;
    this.doc[c] = blockEnd < end[c]! ? postings[blockEnd]! >>> VALUE_BITS : NONE;
  }

  /**
   * Moves cursor c to its first posting for a document ≥ `target`: the next few postings in turn (a probe or a
   * leap between dense lists moves a few), else the block holding it (blockAtOrAfter), then 8 postings at a
   * time and one by one in it (two mispredicted branches where a binary search over 64 takes about three, and
   * the reads go forward through the block's four cache lines).
   */
  private seek(c: number, target: number): void {
    const { postings, pos, end } = this;
    const stop = end[c]!;
    // A posting (document << VALUE_BITS | value) is below `key` exactly when its document is below target.
    const key = target * (VALUE_MASK + 1);
    let low = pos[c]!;
    const near = Math.min(stop, low + NEAR_POSTINGS);
    while (low < near && postings[low]! < key) low++;
    if (low === near && low < stop && postings[low]! < key) {
      const block = this.blockAtOrAfter(c, low, target);
      const high = Math.min(stop, (block + 1) << BLOCK_BITS);
      low = Math.max(low, block << BLOCK_BITS);
      while (low + 8 < high && postings[low + 7]! < key) low += 8;
      while (low < high && postings[low]! < key) low++;
    }
    pos[c] = low;
    this.doc[c] = low < stop ? postings[low]! >>> VALUE_BITS : NONE;
  }

  /**
   * Moves cursor c to the first posting of the block holding its first document ≥ `target` (whose document
   * may be below target), or past its end, reading only the blocks' last documents and that posting.
   */
  private seekBlock(c: number, target: number): void {
    const { pos, end } = this;
    const stop = end[c]!;
    const block = this.blockAtOrAfter(c, pos[c]!, target);
    if (this.lastDoc(c, block) < target) pos[c] = stop;
    else if (block > pos[c]! >>> BLOCK_BITS) pos[c] = block << BLOCK_BITS;
    this.doc[c] = pos[c]! < stop ? this.postings[pos[c]!]! >>> VALUE_BITS : NONE;
  }

  /**
   * The block of list c, from posting `from` on, that holds its first document ≥ `target` (its last block when
   * none does): galloping over the blocks' last documents (Postings.blockLast), then a binary search.
   */
  private blockAtOrAfter(c: number, from: number, target: number): number {
    const { blockLast } = this;
    // Blocks before `low` end below target; the answer is block `low` at the latest `high` (the list's last
    // block, whose blockLast may be a later list's: never read).
    const lastBlock = (this.end[c]! - 1) >>> BLOCK_BITS;
    let low = from >>> BLOCK_BITS;
    let high = low;
    for (let step = 1; high < lastBlock && blockLast[high]! < target; step *= 2) {
      low = high + 1;
      high = Math.min(lastBlock, high + step);
    }
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (blockLast[mid]! < target) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The document of list c's last posting in `block`. */
  private lastDoc(c: number, block: number): number {
    const stop = this.end[c]!;
    return (block + 1) << BLOCK_BITS < stop ? this.blockLast[block]! : this.postings[stop - 1]! >>> VALUE_BITS;
  }

}

/**
 * Where group g's row starts in a plan's cost and rest arrays (`first`: each group's first cursor): one entry
 * per count of its lists, 0 to all of them.
 */
function planRow(first: Int32Array, g: number): number {
  return first[g]! + g;
}

/**
 * The cheapest choice of driving lists (PrunedSearch.plan): depth-first over each group's choices (how many of
 * its lists drive, most valuable first), cheapest first, cut where the cost reaches the best found; every group
 * taking all its lists is always enough (nothing is outside). The groups' parts of the outside bound are summed
 * on the way down (a leaf costs the pairs only: a plan may weigh thousands). A class, not closures: tsx names
 * every named closure (keepNames), and calls to those cost a fifth of a query here. Made once per search and
 * solved at each plan over the rows the plan fills.
 */
class CheapestPlan {
  /** take[g]: how many of g's lists drive (scratch of the search; `outside` reads it). */
  readonly take: Int32Array;
  /** The choice found. */
  readonly chosen: Int32Array;
  /** Each group's first cursor: its row in `cost` and `rest` (planRow). */
  private readonly first: Int32Array;
  /** cost[row(g) + j]: the postings left in g's j most valuable lists. */
  private readonly cost: Float64Array;
  /** rest[row(g) + j]: g's part of the bound on a document in none of them. */
  private readonly rest: Float64Array;
  /** (completion, word) groups, flat. */
  private readonly pairs: Int32Array;
  /** The search's path (search(g)): what groups before g cost and leave outside (in arrays: see PrunedSearch.threshold). */
  private readonly spent: Float64Array;
  private readonly out: Float64Array;
  private best = 0;
  private leaves = 0;
  /** What the outside bound must not exceed. */
  private limit = 0;
  /** No choice takes back more than every pair's smaller whole part. */
  private mostExcess = 0;

  constructor(first: Int32Array, cost: Float64Array, rest: Float64Array, pairs: Int32Array) {
    this.first = first;
    this.cost = cost;
    this.rest = rest;
    this.pairs = pairs;
    this.take = new Int32Array(first.length - 1);
    this.chosen = new Int32Array(first.length - 1);
    this.spent = new Float64Array(first.length);
    this.out = new Float64Array(first.length);
  }

  /** Finds the cheapest choice whose outside bound is at most `limit` (into `chosen`). */
  solve(limit: number): void {
    const { take, chosen, first } = this;
    this.limit = limit;
    this.leaves = PLAN_LEAVES;
    this.best = 0;
    for (let g = 0; g < take.length; g++) {
      take[g] = 0;
      chosen[g] = first[g + 1]! - first[g]!;
      this.best += this.cost[planRow(first, g) + chosen[g]!]!;
    }
    this.mostExcess = this.excess();
    this.search(0);
  }

  /** What the pairs' parts over-count outside `take`: a completion and its word both unread add the larger part. */
  excess(): number {
    const { pairs, rest, take, first } = this;
    let excess = 0;
    for (let p = 0; p < pairs.length; p += 2) {
      const [a, b] = [pairs[p]!, pairs[p + 1]!];
      excess += Math.min(rest[planRow(first, a) + take[a]!]!, rest[planRow(first, b) + take[b]!]!);
    }
    return excess;
  }

  /** The bound on a document in none of the lists `take` drives. */
  outside(): number {
    let sum = 0;
    for (let g = 0; g < this.take.length; g++) sum += this.rest[planRow(this.first, g) + this.take[g]!]!;
    return sum - this.excess();
  }

  /** Groups g and later, the earlier ones' choices costing spent[g] with outside part out[g]. */
  private search(g: number): void {
    const { spent, out } = this;
    if (spent[g]! >= this.best || this.leaves <= 0 || out[g]! - this.mostExcess > this.limit) return;
    if (g === this.take.length) {
      this.leaves -= 1;
      if (out[g]! - this.excess() <= this.limit) {
        this.best = spent[g]!;
        this.chosen.set(this.take);
      }
      return;
    }
    const row = planRow(this.first, g);
    for (let j = 0; j <= this.first[g + 1]! - this.first[g]!; j++) {
      // One more list that leaves the group's part as it was costs more for the same bound: a silent completion
      // group's 16 lists each multiplied the search.
      if (j > 0 && this.rest[row + j]! >= this.rest[row + j - 1]!) continue;
      this.take[g] = j;
      spent[g + 1] = spent[g]! + this.cost[row + j]!;
      out[g + 1] = out[g]! + this.rest[row + j]!;
      this.search(g + 1);
    }
    this.take[g] = 0;
  }
}

/**
 * A document's score from each group's best list score there (0: no match), summed in group order by every
 * path (pruned, seeds, exhaustive), so equal documents get bit-equal scores. `instead[g]`: the word whose match
 * voids completion group g (its bonus and its list score), or -1.
 */
function finalScore(best: Float64Array, bonus: Float64Array, instead: Int32Array, factor: number): number {
  let bonuses = 0;
  let values = 0;
  for (let g = 0; g < best.length; g++) {
    if (best[g] === 0 || (instead[g] !== -1 && best[instead[g]!] !== 0)) continue;
    bonuses += bonus[g]!;
    values += best[g]!;
  }
  return bonuses + factor * values;
}

/** Every document any list holds, scored in full, no bound used: the reference for the pruned search. */
function scoreEvery(postings: Uint32Array, groups: readonly ScoreGroup[], options: TopKOptions): SearchHit[] {
  const lists = groups.flatMap((group, g) => group.cursors.map((cursor) => ({ g, cursor, pos: cursor.start })));
  const top = new TopHeap(options.limit);
  const bonus = Float64Array.from(groups, (group) => group.bonus);
  const instead = Int32Array.from(groups, (group) => (group.instead ? groups.indexOf(group.instead) : -1));
  const best = new Float64Array(groups.length);
  for (;;) {
    let doc = NONE;
    for (const list of lists) if (list.pos < list.cursor.end) doc = Math.min(doc, postings[list.pos]! >>> VALUE_BITS);
    if (doc === NONE) break;
    best.fill(0);
    for (const list of lists) {
      if (list.pos >= list.cursor.end || postings[list.pos]! >>> VALUE_BITS !== doc) continue;
      best[list.g] = Math.max(best[list.g]!, list.cursor.weight * (postings[list.pos++]! & VALUE_MASK));
    }
    if (options.accept && !options.accept(doc)) continue;
    const score = finalScore(best, bonus, instead, options.boost(doc));
    if (score > options.floor) top.offer(doc, score);
  }
  return top.sorted();
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

/**
 * Files (value, item) into `values`/`items`, the best `values.length` kept sorted best first, `kept` of them
 * filled; returns the new count. Equal values keep the earlier item first.
 */
function keepBest(values: Float64Array, items: Int32Array, kept: number, value: number, item: number): number {
  const limit = values.length;
  if (kept === limit && value <= values[kept - 1]!) return kept;
  let i = kept < limit ? kept++ : kept - 1;
  for (; i > 0 && values[i - 1]! < value; i--) {
    values[i] = values[i - 1]!;
    items[i] = items[i - 1]!;
  }
  values[i] = value;
  items[i] = item;
  return kept;
}

// A search of one posting, run once and kept for the process's life: it keeps the maps of PrunedSearch, TopHeap
// and CheapestPlan (keep-alive.ts), its fields as a search leaves them.
const kept = new PrunedSearch(
  { postings: Uint32Array.of(1), blockMax: Uint8Array.of(1), blockLast: Uint32Array.of(0), dense: new Uint32Array(0) },
  [{ cursors: [{ start: 0, end: 1, weight: 0.5, bound: 0.5 }], bonus: 1.5, bound: 0.5 }],
  { limit: 1, floor: 0, boost: () => 1.5, boostBound: 1.5 },
);
kept.run();
keepAlive(kept);

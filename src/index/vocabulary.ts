// The words a TextIndex knows, and what a query word stands for among them.
//
// A document's words are filed in one of three spaces, by what its language makes them mean:
//   plain — lowercase with diacritics kept ("mây", "thị", "thi"): Vietnamese and any non-ASCII word;
//   stem  — ASCII words of English (and undetermined) text, Porter-stemmed ("connectors" → "connector");
//   bare  — words of a Vietnamese text written without any marks, where "may" may stand for any of mây/máy/may.
// Every term also belongs to a class: its folded form (plain, bare) or its stem. Classes relate the spaces:
// an unaccented query word reaches every plain term of its class (folded matches, weighed below the exact
// one), and adjacent-word pairs are keyed by the two classes, so "dien toan" and "điện toán" meet in one pair.
import { stemmer } from 'stemmer';
import { fold } from '../text/fold.ts';
import { PairTable, NO_PAIR } from './pair-table.ts';
import { GrowableU32 } from './postings.ts';

export const SPACE = { plain: 0, stem: 1, bare: 2 } as const;
export type WordSpace = (typeof SPACE)[keyof typeof SPACE];

const ASCII = /^[\x00-\x7f]*$/;
/** The class of a pair term (pairs belong to no class). */
const NO_CLASS = 0xffffffff;
/**
 * Prefixes ranked ahead (rankCompletions): those more than `minWords` words start with (a common prefix has
 * thousands: visiting them took 0.1 ms of a query at 100k), each with its `kept` most frequent lists.
 */
const RANKED = { minWords: 64, kept: 16 };

/** A prefix's most frequent completion lists, best first; `truncated` when it has more than these. */
export interface RankedCompletions {
  lists: Uint32Array;
  truncated: boolean;
}

/**
 * Offers `list` to `top` (distinct lists, most frequent first, ties the lower list) kept to `max`; false when
 * a list was left out (not kept, or pushed out).
 */
export function keepFrequent(top: number[], list: number, frequency: (list: number) => number, max: number): boolean {
  if (top.includes(list)) return true;
  const count = frequency(list);
  let at = top.length;
  for (; at > 0; at--) {
    const other = frequency(top[at - 1]!);
    if (count < other || (count === other && list > top[at - 1]!)) break;
  }
  if (at >= max) return false;
  top.splice(at, 0, list);
  if (top.length <= max) return true;
  top.pop();
  return false;
}

export function isAscii(word: string): boolean {
  return ASCII.test(word);
}

export class Vocabulary {
  private readonly plain = new Map<string, number>();
  private readonly bare = new Map<string, number>();
  /** English word as written → its stem's term (a stemmer call per distinct word, not per occurrence). */
  private readonly english = new Map<string, number>();
  private readonly stems = new Map<string, number>();
  private readonly classes = new Map<string, number>();
  private readonly pairs: PairTable;
  private readonly termClass = new GrowableU32();
  termCount = 0;
  /** Class → 1 + the term holding every plain word of that class ("may": mây, máy, mấy, may …), 0 for none. */
  private readonly foldedTerms = new GrowableU32();
  /** Built by freeze(): every word sorted by folded form (prefix completion). */
  private sorted: { keys: string[]; surfaces: string[]; terms: Uint32Array; unmarkedLists: Uint32Array } | undefined;
  /** Built by rankCompletions(): a ranked prefix → where its RANKED.kept lists start in `lists` (unused slots NO_CLASS). */
  private ranked: { blocks: Map<string, number>; lists: Uint32Array; truncated: Uint8Array } | undefined;

  /** `pairBits`: the pair table's starting size (PairTable), small for a few articles' index. */
  constructor(pairBits?: number) {
    this.pairs = new PairTable(pairBits);
  }

  /** The term for `word` (lowercase, marks kept) of a document filing its words in `space`. */
  word(word: string, space: WordSpace): number {
    if (space === SPACE.stem) {
      const term = this.english.get(word);
      if (term !== undefined) return term;
      if (!isAscii(word)) return this.word(word, SPACE.plain);
      const stem = stemmer(word);
      let stemTerm = this.stems.get(stem);
      if (stemTerm === undefined) this.stems.set(stem, (stemTerm = this.newTerm(stem)));
      this.english.set(word, stemTerm);
      return stemTerm;
    }
    const map = space === SPACE.plain ? this.plain : this.bare;
    let term = map.get(word);
    if (term === undefined) map.set(word, (term = this.newTerm(fold(word))));
    return term;
  }

  classOf(term: number): number {
    return this.termClass.data[term]!;
  }

  /** The term for two adjacent words of classes `first` and `second` (created while building). */
  pair(first: number, second: number): number {
    let term = this.pairs.get(first, second);
    if (term === NO_PAIR) {
      term = this.termCount++;
      this.termClass.ensure(term);
      this.termClass.data[term] = NO_CLASS;
      this.pairs.set(first, second, term);
    }
    return term;
  }

  findPair(first: number, second: number): number | undefined {
    const term = this.pairs.get(first, second);
    return term === NO_PAIR ? undefined : term;
  }

  plainTerm(word: string): number | undefined {
    return this.plain.get(word);
  }

  bareTerm(word: string): number | undefined {
    return this.bare.get(word);
  }

  /** The stem term of an ASCII query word, if English text holds it. */
  stemTerm(word: string): number | undefined {
    return this.english.get(word) ?? this.stems.get(stemmer(word));
  }

  /** The classes a query word belongs to: its folded form, and (ASCII words) its stem. */
  queryClasses(word: string, folded: string): number[] {
    const classes: number[] = [];
    const byFold = this.classes.get(folded);
    if (byFold !== undefined) classes.push(byFold);
    if (word === folded && isAscii(word)) {
      const byStem = this.classes.get(stemmer(word));
      if (byStem !== undefined && byStem !== byFold) classes.push(byStem);
    }
    return classes;
  }

  /**
   * The term filed for every plain word of `word`'s class (created while building), so that a word typed
   * without marks reads one list for all its marked forms instead of one list per form.
   */
  foldedOf(term: number): number {
    const cls = this.classOf(term);
    this.foldedTerms.ensure(cls);
    let folded = this.foldedTerms.data[cls]!;
    if (folded === 0) {
      folded = 1 + this.termCount++;
      this.termClass.ensure(folded - 1);
      this.termClass.data[folded - 1] = NO_CLASS;
      this.foldedTerms.data[cls] = folded;
    }
    return folded - 1;
  }

  /** The class term of an indexed plain term (query time: never creates one). */
  foldedOfIndexed(term: number): number | undefined {
    const cls = this.classOf(term);
    const folded = cls < this.foldedTerms.data.length ? this.foldedTerms.data[cls]! : 0;
    return folded === 0 ? undefined : folded - 1;
  }

  /** The term holding every plain word folding to `folded`, if any. */
  foldedTerm(folded: string): number | undefined {
    const cls = this.classes.get(folded);
    if (cls === undefined || cls >= this.foldedTerms.data.length) return undefined;
    const term = this.foldedTerms.data[cls]!;
    return term === 0 ? undefined : term - 1;
  }

  /** Whether `term` is a word of the plain space (Vietnamese and other marked words). */
  private isPlain(surface: string, term: number): boolean {
    return this.plain.get(surface) === term;
  }

  /**
   * Calls `visit` with the term, the list a completion typed without marks reads (a plain word's folded class,
   * which holds every spelling of it; else the term) and the word as written (lowercase, marks kept) of every
   * known word whose folded form starts with `prefix` (folded), in folded order.
   */
  complete(prefix: string, visit: (term: number, unmarkedList: number, surface: string) => void): void {
    const { keys, surfaces, terms, unmarkedLists } = this.sorted!;
    let low = 0;
    let high = keys.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (keys[mid]! < prefix) low = mid + 1;
      else high = mid;
    }
    for (let i = low; i < keys.length && keys[i]!.startsWith(prefix); i++) visit(terms[i]!, unmarkedLists[i]!, surfaces[i]!);
  }

  /**
   * Ranks ahead, for every prefix of at least `minLength` letters (folded) that many words start with, the
   * unmarked lists of its completions (see complete) by `frequency`: what rankedCompletions answers. Called
   * once the lists are built.
   */
  rankCompletions(minLength: number, frequency: (list: number) => number): void {
    const { keys, unmarkedLists } = this.sorted!;
    const { minWords, kept } = RANKED;
    const blocks = new Map<string, number>();
    const lists: number[] = [];
    const truncated: number[] = [];
    // The words under a ranked prefix, split by one more letter: a longer prefix is ranked only inside a shorter one.
    let ranges: [number, number][] = [[0, keys.length]];
    for (let length = minLength; ranges.length > 0; length++) {
      const next: [number, number][] = [];
      for (const [from, to] of ranges) {
        for (let i = from; i < to; ) {
          // A word shorter than the prefix sorts before the words it starts.
          if (keys[i]!.length < length) {
            i++;
            continue;
          }
          const prefix = keys[i]!.slice(0, length);
          let j = i + 1;
          while (j < to && keys[j]!.startsWith(prefix)) j++;
          if (j - i > minWords) {
            const top: number[] = [];
            let whole = true;
            for (let k = i; k < j; k++) whole = keepFrequent(top, unmarkedLists[k]!, frequency, kept) && whole;
            blocks.set(prefix, lists.length);
            lists.push(...top, ...new Array<number>(kept - top.length).fill(NO_CLASS));
            truncated.push(whole ? 0 : 1);
            next.push([i, j]);
          }
          i = j;
        }
      }
      ranges = next;
    }
    this.ranked = { blocks, lists: Uint32Array.from(lists), truncated: Uint8Array.from(truncated) };
  }

  /** `prefix`'s most frequent completion lists (rankCompletions), or undefined when it was not ranked. */
  rankedCompletions(prefix: string): RankedCompletions | undefined {
    const at = this.ranked?.blocks.get(prefix);
    if (at === undefined) return undefined;
    const block = this.ranked!.lists.subarray(at, at + RANKED.kept);
    const used = block.indexOf(NO_CLASS);
    return { lists: used === -1 ? block : block.subarray(0, used), truncated: this.ranked!.truncated[at / RANKED.kept] === 1 };
  }

  /**
   * For each of this vocabulary's terms, the term of `other` for the same word in the same space, the same
   * folded class or the same pair of classes, or -1: how a delta segment's terms meet its main segment's
   * (segments.ts). Costs a lookup per term of this vocabulary.
   */
  translate(other: Vocabulary): Int32Array {
    const to = new Int32Array(this.termCount).fill(-1);
    const same = (mine: Map<string, number>, theirs: Map<string, number>): void => {
      for (const [key, term] of mine) to[term] = theirs.get(key) ?? -1;
    };
    same(this.plain, other.plain);
    same(this.bare, other.bare);
    same(this.stems, other.stems);
    const otherClass = new Int32Array(this.classes.size).fill(-1);
    for (const [key, cls] of this.classes) {
      otherClass[cls] = other.classes.get(key) ?? -1;
      const folded = cls < this.foldedTerms.data.length ? this.foldedTerms.data[cls]! : 0;
      if (folded !== 0) to[folded - 1] = other.foldedTerm(key) ?? -1;
    }
    this.pairs.forEach((first, second, term) => {
      const [a, b] = [otherClass[first]!, otherClass[second]!];
      to[term] = a === -1 || b === -1 ? -1 : (other.findPair(a, b) ?? -1);
    });
    return to;
  }

  /** Builds the query-side tables; called once when the index is complete. */
  freeze(): void {
    const entries: { key: string; surface: string; term: number }[] = [];
    for (const map of [this.plain, this.bare, this.english]) {
      for (const [surface, term] of map) {
        const folded = isAscii(surface) ? surface : fold(surface);
        entries.push({ key: folded, surface, term });
      }
    }
    entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    // Worked out here, not per query: a common prefix has thousands of completions on a large vocabulary.
    const unmarkedLists = Uint32Array.from(entries, (e) => (this.isPlain(e.surface, e.term) ? this.foldedOfIndexed(e.term) : undefined) ?? e.term);
    this.sorted = { keys: entries.map((e) => e.key), surfaces: entries.map((e) => e.surface), terms: Uint32Array.from(entries, (e) => e.term), unmarkedLists };
  }

  private newTerm(classKey: string): number {
    let cls = this.classes.get(classKey);
    if (cls === undefined) this.classes.set(classKey, (cls = this.classes.size));
    const term = this.termCount++;
    this.termClass.ensure(term);
    this.termClass.data[term] = cls;
    return term;
  }
}


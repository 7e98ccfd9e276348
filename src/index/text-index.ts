// Full-text search over title, excerpt and body: BM25 per field, accent-aware Vietnamese, stemmed English,
// all-words matches before partial ones, phrase bonuses, heat as a tie-breaker, exact top-k (top-k.ts).
//
// Words are filed by what they mean (vocabulary.ts): Vietnamese with their marks ("thị" ≠ "thi"), English
// stemmed, unmarked Vietnamese text apart. A query word with marks matches that marked word (and, folded,
// text written without marks); a word without marks matches every marked form folding to it, the unmarked
// word itself scoring highest. Title and excerpt also index adjacent-word pairs by class ("dam may" =
// "đám mây"), so a phrase in the headline or lead outranks the same words scattered apart.
//
// Score of a document = Σ over query words of (2 units if it holds the word; 1 unit for a completion of a
// word being typed that is a word already) + (Σ idf × BM25 value, plus pair bonuses) × a heat factor of at
// most 1.1. A unit exceeds every other part of the score together, so more words matched always ranks first
// (all words, then partial matches) and BM25 orders within that. A stopword earns no unit unless the query
// is all stopwords, and a document needs at least one unit. A common word (in most documents of its
// language, "power" in a Power Platform feed) earns a fraction of a unit: documents with the query's rarer
// words rank first. idf counts documents per language, so a mixed corpus does not make English words rare.
//
// Why not MiniSearch: bench/corpus.ts builds it on the same articles; it is two orders of magnitude slower
// per query and several times the heap (see docs/corpus.md).
import { fold, GOLDEN, grow, lowerTerms, LowerTermScan } from '../text/fold.ts';
import { stopwordsFor } from '../text/stopwords.ts';
import { addCount, bm25Valuer, fieldAverages, idf, VALUE_MAX, type FieldAverages, type FieldLengths } from './bm25.ts';
import { HIGH_MIN, MAX_DOCS, PostingLog, sameList, VALUE_MASK, type Postings } from './postings.ts';
import { topK, type Cursor, type ScoreGroup, type SearchHit } from './top-k.ts';
import { isAscii, keepFrequent, SPACE, Vocabulary, type WordSpace } from './vocabulary.ts';
import { WordTable } from './word-table.ts';

export type { SearchHit } from './top-k.ts';

export interface IndexedText {
  title: string;
  excerpt: string;
  body: string;
  /** ISO 639-1 code: "vi" files words with their marks, others stem ASCII words as English. */
  language: string;
}

export interface SearchOptions {
  limit: number;
  accept?: (doc: number) => boolean;
  /** Score every matching document without pruning (the reference for the bench and tests). */
  exhaustive?: boolean;
  /**
   * A document's hot rank, 1 for the hottest … 0, non-increasing in the document (heat's factor); default its
   * place in this index. A delta segment ranks its documents among its main segment's (segments.ts).
   */
  hotRank?: (doc: number) => number;
}

/**
 * A document's factor on its relevance (1 + heat × hot rank). Made here, not written inline as `boost: (doc) =>
 * …`: tsx keeps names (esbuild keepNames), and top-k's calls to a named closure, once per document visited,
 * cost a tenth of a query.
 */
function heatBoost(hotRank: (doc: number) => number): (doc: number) => number {
  return (doc) => 1 + RANKING.heat * hotRank(doc);
}

/** A query read against one index (see TextIndex.plan): its groups of lists and the bonus unit they need. */
export interface QueryPlan {
  groups: { cursors: Cursor[]; counts: number; instead?: number }[];
  bounds: number[];
  /** The smallest bonus, in units; `unit` × step exceeds every non-bonus part of a score together. */
  step: number;
  unit: number;
  needsWord: boolean;
}

/**
 * Document counts behind idf: by default a term's own list; when the index is one segment of a corpus
 * (segments.ts), counted over every segment, so segments score alike.
 */
export interface TermStatistics {
  /** Documents holding `term` (this index's number). */
  frequency(term: number): number;
  /** Documents of the language groups holding `term`: its idf's collection size. */
  documentsFor(term: number): number;
}

/** Query weights: how much a kind of match is worth relative to an exact word (1). */
export const RANKING = {
  /** A word matched only after folding (query "may" ↔ text "mây", or query "mây" ↔ unmarked text "may"). */
  folded: 0.7,
  /** A completion of the word being typed (the last one, unless the query ends with a space). */
  prefix: 0.5,
  /** Adjacent query words found adjacent in the title or excerpt, per pair. */
  phrase: 0.8,
  /** Heat: the hottest document's relevance counts this much more (+10 %), the coldest's not at all. */
  heat: 0.1,
  /**
   * A prefix shorter than this matches whole words only: "th" would expand to thousands of words, and listing
   * them was most of the p99 at 100k articles (0.8 ms at 3 letters, 2.4–3.2 ms at 2). A mark narrows a prefix
   * enough ("mâ" → "mây") to expand from `minMarkedPrefix` letters.
   */
  minPrefix: 3,
  minMarkedPrefix: 2,
  /**
   * A query word whose home reading is in more than this share of its language's documents is common: it
   * still counts as a match, but documents holding the query's other words rank first ("power apps
   * sharepoint" in a Power Platform feed: SharePoint articles before every "Power Apps" one).
   */
  commonShare: 0.5,
  /**
   * A reading of a query word held by less than this fraction of the share its home reading has is borrowed
   * (English "power" in a Vietnamese article): it weighs no more than the home reading (see wordLists).
   */
  borrowedShare: 0.1,
  /** A prefix expands to at most this many words (the most frequent). */
  maxExpansions: 8,
};

/** Called as each stage of an index build ends, with the stage's name: how bench/build.ts times them. */
export type StageMark = (stage: string) => void;
export const NO_MARK: StageMark = () => {};

/** A build of fewer than `docs` documents starts with small tables (see build): 2^tableBits words and pairs, log chunks of logChunk postings. */
const SMALL_BUILD = { docs: 256, tableBits: 12, logChunk: 1 << 14 };
/** The body's field number (title 0, excerpt 1). */
const BODY = 2;
const NONE = -1;
const STOPWORDS = stopwordsFor('und');
/**
 * Documents are counted apart by language group for idf: Vietnamese (0) and the rest (1). In a mixed corpus a
 * word's rarity is judged among the documents that could hold it: "power" in 145 of 192 English articles is
 * common, though only 7 % of an index that is 90 % Vietnamese.
 */
const LANGUAGE_GROUPS = 2;

function languageGroup(language: string): number {
  return language === 'vi' ? 0 : 1;
}

export class TextIndex {
  readonly size: number;
  private readonly vocabulary: Vocabulary;
  private readonly lists: Postings;
  /** Per term, a bit per language group holding it; and how many documents each group has. */
  readonly termGroups: Uint8Array;
  readonly groupSizes: number[];
  /** The field lengths BM25 values were normalised against. */
  readonly averages: FieldAverages;
  /** Where idf's document counts come from: undefined for this index's own (see withStatistics). */
  private readonly statistics: TermStatistics | undefined;

  private constructor(size: number, vocabulary: Vocabulary, lists: Postings, termGroups: Uint8Array, groupSizes: number[], averages: FieldAverages, statistics?: TermStatistics) {
    this.size = size;
    this.vocabulary = vocabulary;
    this.lists = lists;
    this.termGroups = termGroups;
    this.groupSizes = groupSizes;
    this.averages = averages;
    this.statistics = statistics;
  }

  /** This index as one segment of a corpus: the same lists, idf counted by `statistics` (segments.ts). */
  withStatistics(statistics: TermStatistics): TextIndex {
    return new TextIndex(this.size, this.vocabulary, this.lists, this.termGroups, this.groupSizes, this.averages, statistics);
  }

  /** For each of this index's terms, the same word, folded class or pair in `other`, or -1 (segments.ts). */
  termsIn(other: TextIndex): Int32Array {
    return this.vocabulary.translate(other.vocabulary);
  }

  /** Documents of this index holding `term`. */
  ownFrequency(term: number): number {
    return this.lists.offsets[term + 1]! - this.lists.offsets[term]!;
  }

  /** `averages`: normalise field lengths against these instead of the documents' own (a delta segment: segments.ts). */
  static build(docs: readonly IndexedText[], mark: StageMark = NO_MARK, averages?: FieldAverages): TextIndex {
    if (docs.length > MAX_DOCS) throw new RangeError(`TextIndex holds at most ${MAX_DOCS.toLocaleString('en')} documents`);
    // A few articles (a delta segment, built on every change) start with small tables: zeroing the large
    // ones cost more than indexing them.
    const small = docs.length < SMALL_BUILD.docs;
    const vocabulary = new Vocabulary(small ? SMALL_BUILD.tableBits : undefined);
    const lookup = (word: string, space: number): number => vocabulary.word(word, space as WordSpace);
    const table = new WordTable(small ? SMALL_BUILD.tableBits : undefined);
    const scan = new LowerTermScan();
    const log = small ? new PostingLog(SMALL_BUILD.logChunk) : new PostingLog(undefined, true);
    const counts = new Tally();
    // A body's distinct words and how often each occurs: a body repeats its words, and a word's terms are
    // looked up once per document instead of once per occurrence.
    const bodyWords = new WordCounts();
    const lengths: FieldLengths = { title: new Uint32Array(docs.length), excerpt: new Uint32Array(docs.length), body: new Uint32Array(docs.length) };
    // Title and excerpt words (ids in `table`) in order, for their adjacent pairs.
    let ids = new Int32Array(1024);
    const groupSizes = new Array<number>(LANGUAGE_GROUPS).fill(0);
    // Each document's language group as a bit: a term's groups are its documents' (PostingLog.finish's termBits).
    const docGroups = new Uint8Array(docs.length);
    for (let index = 0; index < docs.length; index++) {
      const doc = docs[index]!;
      const group = languageGroup(doc.language);
      groupSizes[group]! += 1;
      docGroups[index] = 1 << group;
      // The space a document's words are filed in depends on all of them: read every field first.
      let allAscii = true;
      scan.scan(doc.title);
      const titleEnd = (lengths.title[index] = scan.count);
      while (scan.count > ids.length) ids = grow(ids);
      for (let k = 0; k < scan.count; k++) allAscii = table.ascii[(ids[k] = table.intern(scan, k))] === 1 && allAscii;
      scan.scan(doc.excerpt);
      lengths.excerpt[index] = scan.count;
      const excerptEnd = titleEnd + scan.count;
      while (excerptEnd > ids.length) ids = grow(ids);
      for (let k = 0; k < scan.count; k++) allAscii = table.ascii[(ids[titleEnd + k] = table.intern(scan, k))] === 1 && allAscii;
      scan.scan(doc.body);
      lengths.body[index] = scan.count;
      bodyWords.count(scan, table);
      for (let i = 0; i < bodyWords.size && allAscii; i++) allAscii = table.ascii[bodyWords.ids[i]!] === 1;
      const space = doc.language !== 'vi' ? SPACE.stem : allAscii ? SPACE.bare : SPACE.plain;
      // Marked words (Vietnamese, or "Việt" in English text) are also filed under their folded class.
      // (Tested inline, not by a named closure: tsx keeps names, and that call per word cost the text pass.)
      const foldEvery = space === SPACE.plain;
      const foldMarked = space === SPACE.stem;
      for (let field = 0, at = 0; field < BODY; field++) {
        let previous = -1;
        for (const end = field === 0 ? titleEnd : excerptEnd; at < end; at++) {
          const id = ids[at]!;
          const term = table.term(id, space, lookup);
          counts.add(term, field, 1);
          if (foldEvery || (foldMarked && table.ascii[id] === 0)) counts.add(vocabulary.foldedOf(term), field, 1);
          const cls = vocabulary.classOf(term);
          if (previous !== -1) counts.add(vocabulary.pair(previous, cls), field, 1);
          previous = cls;
        }
      }
      // Distinct body words in the order first met: terms are numbered as a pass over every occurrence would.
      for (let i = 0; i < bodyWords.size; i++) {
        const id = bodyWords.ids[i]!;
        const times = bodyWords.times[i]!;
        const term = table.term(id, space, lookup);
        counts.add(term, BODY, times);
        if (foldEvery || (foldMarked && table.ascii[id] === 0)) counts.add(vocabulary.foldedOf(term), BODY, times);
      }
      counts.flushTo(log);
    }
    mark('text: words and counts');
    vocabulary.freeze();
    mark('text: vocabulary freeze');
    const own = averages ?? fieldAverages(lengths, docs.length);
    const { termBits, ...lists } = log.finish(vocabulary.termCount, bm25Valuer(lengths, docs.length, own), HIGH_MIN, docGroups);
    mark('text: postings');
    const index = new TextIndex(docs.length, vocabulary, lists, termBits, groupSizes, own);
    vocabulary.rankCompletions(RANKING.minPrefix, (list) => index.ownFrequency(list));
    mark('text: completions ranked');
    return index;
  }

  /** The best `limit` documents for `query` passing `accept`, by score, then document number (hottest first). */
  search(query: string, options: SearchOptions): SearchHit[] {
    const plan = this.plan(query);
    return plan ? this.run(plan, plan.unit, options) : [];
  }

  /** `query`'s lists in this index and the bonus unit they need; undefined when it holds no word. */
  plan(query: string): QueryPlan | undefined {
    const words = [...new Set(lowerTerms(query.normalize('NFC')))];
    if (words.length === 0) return undefined;
    const typed = words.at(-1)!;
    const typedFolded = fold(typed);
    const typing = !/\s$/.test(query) && typedFolded.length >= (typedFolded === typed ? RANKING.minPrefix : RANKING.minMarkedPrefix);
    const allStopwords = words.every((word) => STOPWORDS.has(word));
    // counts: 2 = a query word (matching it ranks a tier up), 1 = a completion of a word being typed (half a
    // tier), 0 = a relevance bonus only (stopwords, pairs); a common word (RANKING.commonShare) counts so little
    // that all of them together weigh less than one other word.
    const commonCounts = 2 / (words.length + 1);
    const wordGroups: { cursors: Cursor[]; counts: number; instead?: number }[] = words.map((word) => {
      const { cursors, common } = this.wordLists(this.readings(word));
      return { cursors, counts: allStopwords || !STOPWORDS.has(word) ? (common ? commonCounts : 2) : 0 };
    });
    const pairGroups = words.slice(1).map((word, i) => ({ cursors: this.pairCursors(words[i]!, word), counts: 0 }));
    if (typing) {
      // A word being typed that is a word already ("may") keeps its full match, its completions ("mayweather")
      // count half as much and never on top of it (neither their bonus nor their BM25: a document holding
      // the word is ranked by the word); one that is no word yet ("mâ") is matched by its
      // completions ("mây").
      const last = wordGroups.at(-1)!;
      const completions = this.completionCursors(words.at(-1)!, last.cursors);
      if (last.cursors.length === 0) last.cursors = completions;
      else wordGroups.push({ cursors: completions, counts: last.counts / 2, instead: words.length - 1 });
    }
    const planned: { cursors: Cursor[]; counts: number; instead?: number }[] = [...wordGroups, ...pairGroups];
    const bounds = planned.map((group) => Math.max(0, ...group.cursors.map((cursor) => cursor.bound)));
    // The smallest bonus (`step` units) exceeds every non-bonus part of any score together: more words
    // matched always ranks first.
    const step = Math.min(1, ...planned.map((group) => group.counts).filter((counts) => counts > 0));
    const unit = (1 + bounds.reduce((sum, bound) => sum + bound, 0) * (1 + RANKING.heat)) / step;
    return { groups: planned, bounds, step, unit, needsWord: wordGroups.some((group) => group.counts > 0) };
  }

  /**
   * The top k of a plan of this index, its bonuses counted in `unit` (at least plan.unit; segments of one
   * corpus run with their largest, so their scores compare: segments.ts).
   */
  run(plan: QueryPlan, unit: number, options: SearchOptions): SearchHit[] {
    const limit = Math.min(options.limit, this.size);
    if (limit <= 0) return [];
    const { groups: planned, bounds, step, needsWord } = plan;
    const all: ScoreGroup[] = planned.map((group, i) => ({ cursors: group.cursors, bonus: group.counts * unit, bound: bounds[i]! }));
    planned.forEach((group, i) => {
      if (group.instead !== undefined) all[i]!.instead = all[group.instead];
    });
    const groups = all.filter((group) => group.cursors.length > 0);
    const hotRank = options.hotRank ?? ((doc: number) => 1 - doc / this.size);
    return topK(this.lists, groups, {
      limit,
      floor: needsWord ? unit * step : 0,
      boost: heatBoost(hotRank),
      boostBound: 1 + RANKING.heat,
      accept: options.accept,
      exhaustive: options.exhaustive,
    });
  }

  /** The terms a query word stands for, each weighed by how exactly it matches (see RANKING). */
  private readings(word: string): Map<number, number> {
    const vocabulary = this.vocabulary;
    const folded = fold(word);
    const weights = new Map<number, number>();
    const offer = (term: number | undefined, weight: number): void => {
      if (term !== undefined && weight > (weights.get(term) ?? 0)) weights.set(term, weight);
    };
    if (folded !== word) {
      offer(vocabulary.plainTerm(word), 1);
      offer(vocabulary.bareTerm(folded), RANKING.folded);
    } else {
      offer(vocabulary.foldedTerm(folded), RANKING.folded);
      offer(vocabulary.plainTerm(word), 1);
      offer(vocabulary.bareTerm(word), 1);
      if (isAscii(word)) offer(vocabulary.stemTerm(word), 1);
    }
    return weights;
  }

  /**
   * A query word's lists, and whether it is common. Its home reading is the exact one with the largest share
   * of its language's documents. A reading far rarer than that (under RANKING.borrowedShare of the home share:
   * an English word borrowed into a few Vietnamese articles) weighs no more than the home reading, so "power",
   * in 145 of 192 English articles, does not lift the one Vietnamese article that says it. A word at home in
   * both languages ("ai": English "AI", Vietnamese "who") keeps each language's idf.
   */
  private wordLists(weights: Map<number, number>): { cursors: Cursor[]; common: boolean } {
    let home: number | undefined;
    for (const [term, weight] of weights) if (weight === 1 && (home === undefined || this.share(term) > this.share(home))) home = term;
    const homeShare = home === undefined ? 0 : this.share(home);
    const homeIdf = home === undefined ? Infinity : this.idfOf(home);
    const readings = [...weights].map(([term, weight]) => {
      const own = this.idfOf(term);
      return { term, cursors: this.cursors(term, weight, this.share(term) < RANKING.borrowedShare * homeShare ? Math.min(own, homeIdf) : own) };
    });
    // A reading whose list is another's, postings for postings ("ronaldo" folded is "ronaldo" when no marked
    // word folds to it), at no higher weight, can never be a document's best: top-k would only read it twice.
    const needed = readings.filter((reading) =>
      readings.every((other) => other === reading || !sameList(this.lists, reading.term, other.term) || other.cursors[0]!.weight < reading.cursors[0]!.weight || (other.cursors[0]!.weight === reading.cursors[0]!.weight && other.term > reading.term)),
    );
    return { cursors: needed.flatMap((reading) => reading.cursors), common: homeShare > RANKING.commonShare };
  }

  /** The share of its language groups' documents that hold `term`. */
  private share(term: number): number {
    const documents = this.documentsFor(term);
    return documents ? this.frequency(term) / documents : 0;
  }

  private idfOf(term: number): number {
    return idf(this.frequency(term), this.documentsFor(term));
  }

  /**
   * The most frequent completions of a word being typed, other than the lists it already reads, weighed
   * below the word itself. Marks typed must be there ("mâ" → "mây", never "may"); typed without marks a
   * completion reads its whole class (one list for "cong": công, cộng, cổng …).
   */
  private completionCursors(word: string, reading: Cursor[]): Cursor[] {
    const read = new Set(reading.map((cursor) => cursor.start));
    const unread = (list: number): boolean => !read.has(this.lists.offsets[list]!);
    return this.completionLists(word, unread).flatMap((term) => this.cursors(term, RANKING.prefix));
  }

  /** The RANKING.maxExpansions most frequent completion lists of `word` passing `unread` (ties: the lower term). */
  private completionLists(word: string, unread: (list: number) => boolean): number[] {
    const vocabulary = this.vocabulary;
    const folded = fold(word);
    const marked = folded !== word;
    const max = RANKING.maxExpansions;
    // Ranked ahead by this index's own counts: a segment counting a whole corpus's (withStatistics) visits them.
    const ranked = marked || this.statistics ? undefined : vocabulary.rankedCompletions(folded);
    if (ranked) {
      const lists = Array.from(ranked.lists).filter(unread).slice(0, max);
      if (lists.length === max || !ranked.truncated) return lists;
    }
    // Kept as they come: a common prefix has thousands of completions, and neither a set nor a sort of them is made.
    const frequent: number[] = [];
    const frequency = (list: number): number => this.frequency(list);
    vocabulary.complete(folded, (term, unmarkedList, surface) => {
      if (marked && !surface.startsWith(word)) return;
      const list = marked ? term : unmarkedList;
      if (unread(list)) keepFrequent(frequent, list, frequency, max);
    });
    return frequent;
  }

  /** The title/excerpt pair lists for two adjacent query words, by class ("dam may" meets "đám mây"). */
  private pairCursors(first: string, second: string): Cursor[] {
    const vocabulary = this.vocabulary;
    const cursors: Cursor[] = [];
    for (const a of vocabulary.queryClasses(first, fold(first))) {
      for (const b of vocabulary.queryClasses(second, fold(second))) {
        const term = vocabulary.findPair(a, b);
        if (term !== undefined) cursors.push(...this.cursors(term, RANKING.phrase));
      }
    }
    return cursors;
  }

  /**
   * A term's list, as a cursor; a long list with a high list (Postings.highOffsets) as two: the high list,
   * bounded by the list's top value, and the whole list bounded by the cut, which is what it can give a
   * document outside the high list (a document in it gets the same value from both; its group takes the best).
   */
  private cursors(term: number, weight: number, termIdf = this.idfOf(term)): Cursor[] {
    const { offsets, highOffsets, highCut, maxValue, denseAt, denseWords } = this.lists;
    const perValue = (weight * termIdf * VALUE_MAX) / VALUE_MASK;
    const whole: Cursor = { start: offsets[term]!, end: offsets[term + 1]!, weight: perValue, bound: perValue * maxValue[term]! };
    if (denseAt[term] !== -1) whole.bits = denseAt[term]! * denseWords;
    if (highOffsets[term] === highOffsets[term + 1]) return [whole];
    const high = { start: highOffsets[term]!, end: highOffsets[term + 1]!, weight: perValue, bound: whole.bound, high: true };
    return [high, { ...whole, bound: perValue * highCut[term]!, layered: high }];
  }

  /** How many documents are in the language groups holding `term`: its idf's collection size. */
  private documentsFor(term: number): number {
    if (this.statistics) return this.statistics.documentsFor(term);
    const groups = this.termGroups[term]!;
    let documents = 0;
    for (let group = 0; group < LANGUAGE_GROUPS; group++) if (groups & (1 << group)) documents += this.groupSizes[group]!;
    return documents;
  }

  private frequency(term: number): number {
    return this.statistics ? this.statistics.frequency(term) : this.ownFrequency(term);
  }
}

/**
 * A text's distinct words (ids in a WordTable), in the order first met, and how often each occurs: per word id,
 * the text that last held it and its place there, so a word met again costs two array reads, not a hash probe.
 */
class WordCounts {
  /** The first `size` are the distinct words; `times` beside them. */
  ids = new Int32Array(1024);
  times = new Int32Array(1024);
  size = 0;
  /** Per word id: the count (1, 2, …) of the text that last held it, and its place among that text's words. */
  private heldBy = new Int32Array(1 << 15);
  private place = new Int32Array(1 << 15);
  private texts = 0;

  /** Counts the words of `scan` (replacing what it held), interning them in `table`. */
  count(scan: LowerTermScan, table: WordTable): void {
    const text = ++this.texts;
    while (scan.count > this.ids.length) {
      this.ids = grow(this.ids);
      this.times = grow(this.times);
    }
    const { ids, times } = this;
    let size = 0;
    for (let k = 0; k < scan.count; k++) {
      const id = table.intern(scan, k);
      if (id >= this.heldBy.length) {
        this.heldBy = grow(this.heldBy);
        this.place = grow(this.place);
      }
      if (this.heldBy[id] === text) times[this.place[id]!]! += 1;
      else {
        this.heldBy[id] = text;
        this.place[id] = size;
        ids[size] = id;
        times[size++] = 1;
      }
    }
    this.size = size;
  }
}

/**
 * Counts per term and field for one document, in a small open-addressing table cleared
 * after each document: it stays in cache, where arrays indexed by key would grow with the vocabulary (one
 * cache miss per rare term at 300k articles).
 */
class Tally {
  /** Slot → index of its key in `keys`, NONE for empty. */
  private table = new Int32Array(4096).fill(NONE);
  private shift = 32 - 12;
  /** The slot each key took, to empty them on clear. */
  private taken = new Int32Array(2048);
  /** The keys counted, as first added (the first `size`), and their counts, packed (bm25.ts's packCounts). */
  keys = new Uint32Array(2048);
  private packed = new Uint32Array(2048);
  size = 0;

  add(key: number, field: number, by: number): void {
    let slot = this.slotOf(key);
    let i = this.table[slot]!;
    if (i === NONE) {
      if (2 * (this.size + 1) > this.table.length) {
        this.grow();
        slot = this.slotOf(key);
      }
      i = this.size++;
      this.table[slot] = i;
      this.taken[i] = slot;
      this.keys[i] = key;
      this.packed[i] = 0;
    }
    this.packed[i] = addCount(this.packed[i]!, field, by);
  }

  /** The slot holding `key`, or the empty slot where it would go. */
  private slotOf(key: number): number {
    const { table, keys } = this;
    const mask = table.length - 1;
    let slot = Math.imul(key, GOLDEN) >>> this.shift;
    for (let i = table[slot]!; i !== NONE && keys[i] !== key; i = table[slot]!) slot = (slot + 1) & mask;
    return slot;
  }

  clear(): void {
    for (let i = 0; i < this.size; i++) this.table[this.taken[i]!] = NONE;
    this.size = 0;
  }

  /** Adds the document (keys are terms) to `log`, and clears. */
  flushTo(log: PostingLog): void {
    log.addDocument(this.keys, this.packed, this.size);
    this.clear();
  }

  /** A table twice as large, and room for as many keys as it takes. */
  private grow(): void {
    this.table = new Int32Array(2 * this.table.length).fill(NONE);
    this.shift -= 1;
    const mask = this.table.length - 1;
    const grown = (array: Uint32Array, length: number): Uint32Array<ArrayBuffer> => {
      const bigger = new Uint32Array(length);
      bigger.set(array);
      return bigger;
    };
    this.keys = grown(this.keys, this.table.length >> 1);
    this.packed = grown(this.packed, this.table.length >> 1);
    this.taken = new Int32Array(this.table.length >> 1);
    for (let i = 0; i < this.size; i++) {
      let slot = Math.imul(this.keys[i]!, GOLDEN) >>> this.shift;
      while (this.table[slot] !== NONE) slot = (slot + 1) & mask;
      this.table[slot] = i;
      this.taken[i] = slot;
    }
  }
}

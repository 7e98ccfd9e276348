// Full-text search over an index's main segment (built once, TextIndex) and a small delta segment (articles
// added since, built the same way), with main documents removed since left out. Both segments score with
// the same statistics, so their scores compare and merging the two top-k lists gives what scoring every
// document of both would:
// - idf: a word's documents and its language groups' sizes counted over main + delta − removed (a removed
//   article's words are counted by indexing it again: exact);
// - BM25 length norms: the delta is valued against the main segment's average field lengths (main's values
//   stay as built: a rebuild's averages would differ by what the changes moved them);
// - heat: a delta document's factor is that of the main document it would follow in hot order;
// - word bonuses: counted in the larger of the two segments' units (any unit above every non-bonus part of a
//   score orders the same way, so both segments use one).
// Terms meet across segments by what they are (the word in its space, its folded class, a pair of classes:
// Vocabulary.translate), not by number.
import { TextIndex, type IndexedText, type TermStatistics } from './text-index.ts';

/** A hit of a segmented search: a main document, or (delta) a delta document. */
export interface SegmentHit {
  delta: boolean;
  doc: number;
  score: number;
}

export interface SegmentSearchOptions {
  limit: number;
  /** Main documents to keep: the caller leaves out the removed ones here. */
  acceptMain?: (doc: number) => boolean;
  acceptDelta?: (doc: number) => boolean;
  exhaustive?: boolean;
}

/** What removed main articles take from the main segment's statistics: documents per main term and per language group. */
export interface RemovedStatistics {
  frequency: ReadonlyMap<number, number>;
  groupSizes: readonly number[];
}

/** `previous` plus the main articles `removed` (each indexed alone once, so its words are counted exactly). */
export function withRemoved(main: TextIndex, previous: RemovedStatistics | undefined, removed: readonly IndexedText[]): RemovedStatistics {
  const frequency = new Map(previous?.frequency);
  const groupSizes = previous ? previous.groupSizes.slice() : main.groupSizes.map(() => 0);
  if (removed.length === 0) return { frequency, groupSizes };
  const gone = TextIndex.build(removed);
  gone.groupSizes.forEach((size, group) => (groupSizes[group]! += size));
  const toMain = gone.termsIn(main);
  for (let term = 0; term < toMain.length; term++) {
    const at = toMain[term]!;
    if (at !== -1) frequency.set(at, (frequency.get(at) ?? 0) + gone.ownFrequency(term));
  }
  return { frequency, groupSizes };
}

export class SegmentedText {
  private readonly main: TextIndex;
  private readonly delta: TextIndex | undefined;
  /** Per delta document (hottest first), how many main documents are hotter: where it would sit in main. */
  private readonly positions: Uint32Array;
  private readonly mainSize: number;

  /**
   * `delta`: the added articles, hottest first, with `positions` (see above, non-decreasing); `removed`: what
   * the main segment's removed articles take from its statistics (the caller filters their documents).
   */
  constructor(main: TextIndex, delta: readonly IndexedText[], positions: Uint32Array, removed: RemovedStatistics) {
    this.mainSize = main.size;
    this.positions = positions;
    const added = delta.length > 0 ? TextIndex.build(delta, undefined, main.averages) : undefined;
    // Per main term, what the delta adds to (and removals take from) its documents and language groups.
    const frequencyChange = new Map<number, number>();
    for (const [term, count] of removed.frequency) frequencyChange.set(term, -count);
    const groupsAdded = new Map<number, number>();
    const groupSizes = main.groupSizes.map((size, group) => size - removed.groupSizes[group]!);
    const toMain = added?.termsIn(main);
    if (added && toMain) {
      added.groupSizes.forEach((size, group) => (groupSizes[group]! += size));
      for (let term = 0; term < toMain.length; term++) {
        const at = toMain[term]!;
        if (at === -1) continue;
        frequencyChange.set(at, (frequencyChange.get(at) ?? 0) + added.ownFrequency(term));
        groupsAdded.set(at, added.termGroups[term]!);
      }
    }
    const documentsIn = (groups: number): number => {
      let documents = 0;
      for (let group = 0; group < groupSizes.length; group++) if (groups & (1 << group)) documents += groupSizes[group]!;
      return documents;
    };
    const mainStatistics: TermStatistics = {
      frequency: frequencyChange.size === 0 ? (term) => main.ownFrequency(term) : (term) => main.ownFrequency(term) + (frequencyChange.get(term) ?? 0),
      // A group all of whose holders were removed still counts (a rebuild would drop it): a slightly lower idf.
      documentsFor: (term) => documentsIn(main.termGroups[term]! | (groupsAdded.get(term) ?? 0)),
    };
    this.main = main.withStatistics(mainStatistics);
    this.delta =
      added &&
      added.withStatistics({
        frequency: (term) => (toMain![term] === -1 ? added.ownFrequency(term) : mainStatistics.frequency(toMain![term]!)),
        documentsFor: (term) => (toMain![term] === -1 ? documentsIn(added.termGroups[term]!) : mainStatistics.documentsFor(toMain![term]!)),
      });
  }

  /** The best `limit` documents of both segments, by score, then hot order (see the file comment). */
  search(query: string, options: SegmentSearchOptions): SegmentHit[] {
    const mainPlan = this.main.plan(query);
    const deltaPlan = this.delta?.plan(query);
    if (!mainPlan) return [];
    const unit = Math.max(mainPlan.unit, deltaPlan?.unit ?? 0);
    const { limit, exhaustive } = options;
    const main = this.main.run(mainPlan, unit, { limit, accept: options.acceptMain, exhaustive });
    const positions = this.positions;
    const delta =
      this.delta && deltaPlan
        ? this.delta.run(deltaPlan, unit, { limit, accept: options.acceptDelta, exhaustive, hotRank: rankAmong(positions, this.mainSize) })
        : [];
    const hits: SegmentHit[] = [];
    let [m, d] = [0, 0];
    while (hits.length < limit && (m < main.length || d < delta.length)) {
      const a = main[m];
      const b = delta[d];
      // Equal scores: hot order, the delta document before every main document it is hotter than.
      const takeDelta = b !== undefined && (a === undefined || b.score > a.score || (b.score === a.score && a.doc >= positions[b.doc]!));
      if (takeDelta) {
        hits.push({ delta: true, doc: b.doc, score: b.score });
        d++;
      } else {
        hits.push({ delta: false, doc: a!.doc, score: a!.score });
        m++;
      }
    }
    return hits;
  }
}

/** A delta document's hot rank among the main segment's, from its position there (an unnamed closure: see heatBoost in text-index.ts). */
function rankAmong(positions: ArrayLike<number>, mainSize: number): (doc: number) => number {
  return (doc) => 1 - positions[doc]! / Math.max(1, mainSize);
}

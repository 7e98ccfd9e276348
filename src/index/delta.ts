// Changes to a built index without rebuilding it (docs/corpus.md, "Incremental changes"): the main segment
// stays as built; added (and updated) articles form a small delta segment indexed the same way; removed (and
// replaced) main articles are left out by id. Each change derives a new delta from the previous one, so the
// index it came from keeps serving unchanged. The delta's cost grows with its size: the holder merges (a
// full build) when it has grown (CorpusIndex.pendingChanges).
import type { Article } from '../types.ts';
import { heatGroup, heatWindow, originOf, rankHeat } from '../corpus/heat.ts';
import { fold } from '../text/fold.ts';
import { compareHot } from './ranking.ts';
import { SegmentedText, withRemoved, type RemovedStatistics } from './segments.ts';
import { withStories } from './stories.ts';
import type { TextIndex } from './text-index.ts';
import { runAtOnce, type Steps } from './snapshot/slices.ts';

/** What changed in a corpus: an updated article is its id in `removed` and its new version in `added`. */
export interface CorpusChange {
  added: Article[];
  /** Article ids. */
  removed: string[];
}

/** A folded title and its article: title autocomplete's sorted list. */
export interface TitleEntry {
  key: string;
  article: Article;
}

/** The main segment as a CorpusIndex built it: what a delta is applied to. */
export interface MainSegment {
  /** Hottest first: document number = position. */
  articles: readonly Article[];
  /** The document number of an id. */
  docOf: (id: string) => number | undefined;
  text: TextIndex;
}

/** What an index has taken since its main segment was built. */
export interface IndexDelta {
  /** The added articles as given, for the next change to start from. */
  inputs: readonly Article[];
  /** The same as indexed (unified heat, story), hottest first. */
  articles: readonly Article[];
  byId: ReadonlyMap<string, Article>;
  byTopic: ReadonlyMap<string, Article[]>;
  titles: readonly TitleEntry[];
  /** Ids of main articles removed, or replaced by a delta version… */
  removed: ReadonlySet<string>;
  /** …and the same as a bitmap over main documents, for search. */
  removedDocs: Uint8Array;
  /** What they take from the main segment's statistics. */
  removedStatistics: RemovedStatistics;
  text: SegmentedText;
}

/** The delta after `change`, from the previous one (none: the main segment as built). */
export function applyChange(main: MainSegment, previous: IndexDelta | undefined, change: CorpusChange): IndexDelta {
  // An added id already indexed replaces it, whether or not `removed` says so: ids stay unique.
  const leaving = new Set([...change.removed, ...change.added.map((article) => article.id)]);
  const removed = new Set(previous?.removed);
  const removedDocs = previous ? previous.removedDocs.slice() : new Uint8Array(main.articles.length);
  const newlyRemoved: Article[] = [];
  for (const id of leaving) {
    const doc = main.docOf(id);
    if (doc === undefined || removed.has(id)) continue;
    removed.add(id);
    removedDocs[doc] = 1;
    newlyRemoved.push(main.articles[doc]!);
  }
  const inputs = [...(previous?.inputs ?? []).filter((article) => !leaving.has(article.id)), ...lastOfEachId(change.added)];
  const removedArticles = [...removed].map((id) => main.articles[main.docOf(id)!]!);
  const removedStatistics = withRemoved(main.text, previous?.removedStatistics, newlyRemoved);
  // Stories form among the delta's articles only, by shared URL (stories.ts, StoryLinks); the rest at the next full build.
  const articles = withStories(inputs, deltaHeats(main.articles, removedArticles, inputs), 'url').sort(compareHot);
  const positions = Uint32Array.from(articles, (article) => hotterThan(main.articles, article));
  const byTopic = new Map<string, Article[]>();
  for (const article of articles) {
    for (const topic of article.topics) {
      const list = byTopic.get(topic);
      if (list) list.push(article);
      else byTopic.set(topic, [article]);
    }
  }
  return {
    inputs,
    articles,
    byId: new Map(articles.map((article) => [article.id, article])),
    byTopic,
    titles: titleEntries(articles),
    removed,
    removedDocs,
    removedStatistics,
    text: new SegmentedText(main.text, articles, positions, removedStatistics),
  };
}

/** Folded titles sorted, equal titles in the articles' (hot) order. */
export function titleEntries(articles: readonly Article[]): TitleEntry[] {
  return articles.map((article) => ({ key: fold(article.title), article })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Main articles (minus removed ones) and delta articles in one hot order. */
export function* mergeHot(main: Iterable<Article>, removed: ReadonlySet<string>, delta: readonly Article[]): Generator<Article> {
  let d = 0;
  for (const article of main) {
    if (removed.has(article.id)) continue;
    while (d < delta.length && compareHot(delta[d]!, article) < 0) yield delta[d++]!;
    yield article;
  }
  while (d < delta.length) yield delta[d++]!;
}

/** How many of `hot` (hottest first) come before `article` in hot order. */
function hotterThan(hot: readonly Article[], article: Article): number {
  let low = 0;
  let high = hot.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareHot(hot[mid]!, article) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The last version of each id, in order. */
function lastOfEachId(articles: readonly Article[]): Article[] {
  const last = new Map(articles.map((article) => [article.id, article]));
  return articles.filter((article) => last.get(article.id) === article);
}

const rawHeat = (article: Article): number => article.heatRaw ?? article.heat;

/** Per main segment, the raw heats of heat groups changes have asked for, ascending (`all`: every group). */
const mainGroups = new WeakMap<readonly Article[], { groups: Map<string, Float64Array>; all: boolean }>();
/**
 * Groups found by a pass each before every main article is grouped in one pass (which costs a few of them:
 * ~20 ms a pass at 25k articles, ~65 ms the whole grouping).
 */
const GROUP_SCANS = 4;
/** Articles grouped between yields in the background. */
const STEP = 4096;
/** How originOf names a folder's plain-text articles. */
const FOLDER = 'folder:';

/**
 * The main articles' raw heats in each of `articles`' heat groups, ascending. A group is found the first time a
 * change asks for it, by a pass comparing origins, then years; past GROUP_SCANS groups, every main article is
 * grouped in one pass.
 */
function mainGroupsOf(main: readonly Article[], articles: readonly Article[]): Map<string, Float64Array> {
  let known = mainGroups.get(main);
  if (!known) mainGroups.set(main, (known = { groups: new Map(), all: false }));
  const missing = known.all ? [] : articles.filter((article) => !known.groups.has(heatGroup(article)));
  if (missing.length > 0 && known.groups.size + new Set(missing.map(heatGroup)).size > GROUP_SCANS) {
    known.groups = runAtOnce(sortedGroups(main));
    known.all = true;
  }
  const { groups } = known;
  for (const article of known.all ? [] : missing) {
    const key = heatGroup(article);
    if (groups.has(key)) continue;
    const [origin, window] = [originOf(article), heatWindow(article)];
    // A folder's origin is its path (originOf): only articles under it can be of it, and a provider's origin is
    // its domain or name, so dirname runs only for articles that may be of the group.
    const folder = origin.startsWith(FOLDER) ? origin.slice(FOLDER.length) : undefined;
    const mayBe = (other: Article): boolean => {
      const provider = other.provider.domain ?? other.provider.name;
      return provider !== null ? provider === origin : folder !== undefined && other.source.startsWith(folder);
    };
    const found: number[] = [];
    for (const other of main) if (mayBe(other) && heatWindow(other) === window && originOf(other) === origin) found.push(rawHeat(other));
    groups.set(key, Float64Array.from(found).sort());
  }
  return groups;
}

/** Raw heats by heat group, in the articles' order; yields every STEP articles. */
function* rawHeatsByGroupSteps(articles: readonly Article[]): Steps<Map<string, number[]>> {
  const lists = new Map<string, number[]>();
  for (let i = 0; i < articles.length; i++) {
    const article = articles[i]!;
    const key = heatGroup(article);
    const list = lists.get(key);
    if (list) list.push(rawHeat(article));
    else lists.set(key, [rawHeat(article)]);
    if (i % STEP === STEP - 1) yield;
  }
  return lists;
}

const rawHeatsByGroup = (articles: readonly Article[]): Map<string, number[]> => runAtOnce(rawHeatsByGroupSteps(articles));

/** Every heat group of `main`, its raw heats ascending. */
function* sortedGroups(main: readonly Article[]): Steps<Map<string, Float64Array>> {
  const groups = new Map<string, Float64Array>();
  for (const [key, raws] of yield* rawHeatsByGroupSteps(main)) groups.set(key, Float64Array.from(raws).sort());
  return groups;
}

/**
 * Groups every main article's raw heat ahead of a first change, in steps (the holder runs it in the background
 * after a build or a restore), so that change costs only its own articles.
 */
export function* groupMainHeats(main: readonly Article[]): Steps<void> {
  if (mainGroups.get(main)?.all) return;
  const groups = yield* sortedGroups(main);
  // A change during the steps may have found some groups by then: the whole grouping holds them all.
  mainGroups.set(main, { groups, all: true });
}

/**
 * The unified heat (before story coverage) of each delta article, ranked in its heat group among the main
 * articles left and the delta's: what a full build gives it. The main articles keep the heats they were built
 * with (a full build could move them a little: heat is a rank within the group).
 */
function deltaHeats(main: readonly Article[], removed: readonly Article[], delta: readonly Article[]): number[] {
  const gone = rawHeatsByGroup(removed);
  const added = rawHeatsByGroup(delta);
  const groups = mainGroupsOf(main, delta);
  return delta.map((article) => {
    const key = heatGroup(article);
    const raw = rawHeat(article);
    const sorted = groups.get(key) ?? new Float64Array(0);
    let below = lowerBound(sorted, raw);
    let level = lowerBound(sorted, raw, true) - below;
    let size = sorted.length;
    const count = (list: readonly number[], sign: number): void => {
      for (const other of list) {
        if (other < raw) below += sign;
        else if (other === raw) level += sign;
      }
      size += sign * list.length;
    };
    count(gone.get(key) ?? [], -1);
    count(added.get(key)!, 1);
    return rankHeat(below, level, size);
  });
}

/** The first index of `sorted` at or above `value` (above it, with `past`). */
function lowerBound(sorted: Float64Array, value: number, past = false): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < value || (past && sorted[mid] === value)) low = mid + 1;
    else high = mid;
  }
  return low;
}

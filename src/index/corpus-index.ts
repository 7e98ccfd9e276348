// CorpusIndex: the loaded corpus made queryable — topics (lookup, suggestions), full-text search and hot
// ranking. Built once from a load, immutable afterwards; CorpusHolder swaps whole indexes on reseed. A change
// (articles added, updated, removed) makes a new index from this one in milliseconds: the built main segment
// is shared, the change goes to a small delta segment (delta.ts), until the holder merges (a full build).
import type { Article } from '../types.ts';
import type { Taxonomy } from '../corpus/taxonomy.ts';
import { fold, foldKey } from '../text/fold.ts';
import { unifiedHeats } from '../corpus/heat.ts';
import { compareHot } from './ranking.ts';
import { withStories } from './stories.ts';
import { runAtOnce, type Steps } from './snapshot/slices.ts';
import { NO_MARK, TextIndex, type StageMark } from './text-index.ts';
import { applyChange, mergeHot, titleEntries, type CorpusChange, type IndexDelta, type TitleEntry } from './delta.ts';

export type { CorpusChange } from './delta.ts';

export interface TopicCount {
  name: string;
  count: number;
}

export interface HotFilter {
  topics?: string[];
  minHeat?: number;
  language?: string;
  /** ISO timestamp: only articles published at or after it (undated ones are left out). */
  since?: string;
  limit?: number;
}

/** An index's built parts besides its articles: see toImage. */
export interface CorpusIndexImage {
  /** Or how to get it, when first searched. */
  text: TextIndex | (() => TextIndex);
  /** Folded titles, sorted, and the document number of each. */
  titleKeys: string[];
  titleDocs: Uint32Array;
}

const MAX_SUGGESTIONS = 25;
/** Articles handled between yields when an index is restored in slices. */
const STEP = 4096;
const DEFAULT_LIMIT = 10;

export class CorpusIndex {
  /** The main segment's articles, hottest first (document number = position). */
  private readonly hot: readonly Article[];
  private readonly byId: Map<string, Article>;
  /** Canonical topic → its main articles, hottest first. */
  private readonly byTopicName: Map<string, Article[]>;
  /** Folded topic name or alias → canonical topic name. */
  private readonly topicKeys: Map<string, string>;
  /** The same for the main segment alone: what a change starts from. */
  private readonly mainTopicKeys: Map<string, string>;
  private readonly topicCounts: TopicCount[];
  /** Topics with articles → how many. */
  private readonly counted: Map<string, number>;
  /** The text index, or how to get it (a snapshot restores it when first searched: src/index/snapshot/). */
  private textIndex: TextIndex | (() => TextIndex);
  private readonly foldedTitles: TitleEntry[];
  private readonly taxonomy: Taxonomy | undefined;
  /** What changed since the main segment was built (withChanges), if anything. */
  private readonly delta: IndexDelta | undefined;
  /** Every article once merged with the delta's (made when first asked). */
  private merged: readonly Article[] | undefined;

  /** `topicKeys`: the main segment's, when a change derives this index from it (the delta's topics are added). */
  private constructor(articles: readonly Article[], text: TextIndex | (() => TextIndex), foldedTitles: TitleEntry[], maps: ArticleMaps, taxonomy: Taxonomy | undefined, delta?: IndexDelta, topicKeys?: Map<string, string>) {
    this.hot = articles;
    this.textIndex = text;
    this.foldedTitles = foldedTitles;
    this.byId = maps.byId;
    this.byTopicName = maps.byTopicName;
    this.taxonomy = taxonomy;
    this.delta = delta;
    const counts = new Map([...this.byTopicName].map(([name, list]) => [name, list.length]));
    if (delta) {
      for (const id of delta.removed) for (const topic of this.byId.get(id)!.topics) counts.set(topic, counts.get(topic)! - 1);
      for (const [topic, list] of delta.byTopic) counts.set(topic, (counts.get(topic) ?? 0) + list.length);
    }
    this.counted = new Map([...counts].filter(([, count]) => count > 0));
    this.topicCounts = [...this.counted]
      .map(([name, count]) => ({ name, count }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    if (topicKeys) {
      this.mainTopicKeys = topicKeys;
      this.topicKeys = new Map(topicKeys);
      for (const name of delta?.byTopic.keys() ?? []) this.topicKeys.set(foldKey(name), name);
    } else {
      this.topicKeys = this.mainTopicKeys = new Map();
      // Taxonomy aliases first, then corpus names: a topic written in a file always resolves to itself.
      for (const topic of taxonomy?.topics ?? []) for (const alias of [topic.name, ...topic.aliases]) this.topicKeys.set(foldKey(alias), topic.name);
      for (const name of counts.keys()) this.topicKeys.set(foldKey(name), name);
    }
  }

  /** Every article, hottest first. */
  get articles(): readonly Article[] {
    if (!this.delta) return this.hot;
    return (this.merged ??= [...mergeHot(this.hot, this.delta.removed, this.delta.articles)]);
  }

  /**
   * A new index with `change` applied; this one keeps serving as it was. Costs about what indexing the
   * changed articles alone costs, plus re-indexing everything changed since the last full build (the delta
   * segment is rebuilt each time): see pendingChanges. Search, topics, hot lists, titles and `get` see the
   * change; what is approximate until a full build is in docs/corpus.md ("Incremental changes").
   */
  withChanges(change: CorpusChange): CorpusIndex {
    if (change.added.length === 0 && change.removed.length === 0) return this;
    const main = { articles: this.hot, byId: this.byId, text: this.text };
    const maps = { byId: this.byId, byTopicName: this.byTopicName };
    return new CorpusIndex(this.hot, main.text, this.foldedTitles, maps, this.taxonomy, applyChange(main, this.delta, change), this.mainTopicKeys);
  }

  /**
   * Changes held since the last full build: articles in the delta segment plus main articles left out (an
   * update counts both). Each withChanges re-indexes the delta, so the holder should merge (rebuilt(), on a
   * worker) once this passes a few hundred.
   */
  get pendingChanges(): number {
    return this.delta ? this.delta.articles.length + this.delta.removed.size : 0;
  }

  /** The same articles in a fully built index (no pending changes): the merge. */
  rebuilt(): CorpusIndex {
    return CorpusIndex.build([...this.articles], this.taxonomy);
  }

  /** `mark` is called as each build stage ends, with its name (bench/build.ts times them). */
  static build(articles: Article[], taxonomy?: Taxonomy, mark: StageMark = NO_MARK): CorpusIndex {
    const heats = unifiedHeats(articles);
    mark('heats');
    const told = withStories(articles, heats);
    mark('stories');
    const hot = told.sort(compareHot);
    mark('hot sort');
    const maps = runAtOnce(articleMaps(hot));
    mark('topics');
    const text = TextIndex.build(hot, mark);
    const titles = titleEntries(hot);
    mark('titles');
    return new CorpusIndex(hot, text, titles, maps, taxonomy);
  }

  private get text(): TextIndex {
    if (typeof this.textIndex === 'function') this.textIndex = this.textIndex();
    return this.textIndex;
  }

  /** What a snapshot keeps to restore this index without building it (src/index/snapshot/); none with pending changes. */
  toImage(): CorpusIndexImage {
    if (this.delta) throw new Error(`this index holds ${this.pendingChanges} changes since its build: save rebuilt() instead`);
    const doc = new Map(this.hot.map((article, i) => [article, i]));
    return { text: this.text, titleKeys: this.foldedTitles.map((entry) => entry.key), titleDocs: Uint32Array.from(this.foldedTitles, (entry) => doc.get(entry.article)!) };
  }

  /** The index `toImage` was taken from, given its articles (hottest first) and the same taxonomy; in steps (slices.ts). */
  static *fromImage(articles: readonly Article[], image: CorpusIndexImage, taxonomy?: Taxonomy): Steps<CorpusIndex> {
    const titles: TitleEntry[] = [];
    for (let i = 0; i < image.titleKeys.length; i++) {
      titles.push({ key: image.titleKeys[i]!, article: articles[image.titleDocs[i]!]! });
      if (i % STEP === STEP - 1) yield;
    }
    return new CorpusIndex(articles, image.text, titles, yield* articleMaps(articles), taxonomy);
  }

  get(id: string): Article | undefined {
    const delta = this.delta;
    if (delta) return delta.byId.get(id) ?? (delta.removed.has(id) ? undefined : this.byId.get(id));
    return this.byId.get(id);
  }

  /** Topics with articles, by count desc, then name. */
  topics(): TopicCount[] {
    return this.topicCounts.map((topic) => ({ ...topic }));
  }

  /** Canonical topic for a name or alias, ignoring case, accents and punctuation. */
  resolveTopic(query: string): string | undefined {
    return this.topicKeys.get(foldKey(query));
  }

  /**
   * Topics whose name, alias or any word of them starts with `prefix` (ignoring case and accents, so "bong da"
   * finds "Bóng đá"), at most 25: exact matches first, then prefix, then word-prefix matches, each by count.
   */
  suggestTopics(prefix: string, limit = MAX_SUGGESTIONS): TopicCount[] {
    const key = foldKey(prefix);
    if (key === '') return this.topicCounts.slice(0, Math.min(limit, MAX_SUGGESTIONS));
    // Best (lowest) rank of each topic over its name and aliases: 0 exact, 1 prefix, 2 a later word's prefix.
    const ranks = new Map<string, number>();
    for (const [name, topic] of this.topicKeys) {
      if (!this.counted.has(topic)) continue;
      const rank = name === key ? 0 : name.startsWith(key) ? 1 : name.includes(` ${key}`) ? 2 : undefined;
      if (rank !== undefined && rank < (ranks.get(topic) ?? Infinity)) ranks.set(topic, rank);
    }
    // topicCounts is by count then name, and the sort is stable: rank first, count as the tie-break.
    return this.topicCounts
      .filter((topic) => ranks.has(topic.name))
      .sort((a, b) => ranks.get(a.name)! - ranks.get(b.name)!)
      .slice(0, Math.min(limit, MAX_SUGGESTIONS));
  }

  /** Articles under a topic (any spelling `resolveTopic` accepts), hottest first. */
  byTopic(topic: string, options: { limit?: number; language?: string } = {}): Article[] {
    const name = this.resolveTopic(topic);
    const list = (name && this.byTopicName.get(name)) || [];
    const delta = this.delta;
    const all = delta && name ? mergeHot(list, delta.removed, delta.byTopic.get(name) ?? []) : list;
    return takeMatching(all, options.limit ?? DEFAULT_LIMIT, (article) => !options.language || article.language === options.language);
  }

  /**
   * Articles matching the query, best first (see docs/corpus.md, "Search"): every word before some words,
   * then BM25 relevance (title > excerpt > body, phrases boosted, exact accents above folded), then heat.
   * `topic` keeps only articles under that topic (any spelling `resolveTopic` accepts). The result is the exact
   * top k; `exhaustive` gets it by scoring every match without pruning (slower: the tests' and bench's reference).
   */
  search(query: string, options: { limit?: number; language?: string; topic?: string; exhaustive?: boolean } = {}): Article[] {
    const { language, exhaustive } = options;
    const topic = options.topic === undefined ? undefined : (this.resolveTopic(options.topic) ?? options.topic);
    const keep = (article: Article): boolean => (!language || article.language === language) && (!topic || article.topics.includes(topic));
    const limit = options.limit ?? DEFAULT_LIMIT;
    const delta = this.delta;
    if (delta) {
      const removed = delta.removedDocs;
      const acceptMain = delta.removed.size > 0 || language || topic ? (doc: number) => removed[doc] === 0 && keep(this.hot[doc]!) : undefined;
      const acceptDelta = language || topic ? (doc: number) => keep(delta.articles[doc]!) : undefined;
      return delta.text.search(query, { limit, acceptMain, acceptDelta, exhaustive }).map((hit) => (hit.delta ? delta.articles : this.hot)[hit.doc]!);
    }
    const accept = language || topic ? (doc: number): boolean => keep(this.hot[doc]!) : undefined;
    // The text index numbers documents in hot order, so its tie-break (lower doc first) is "hotter first".
    return this.text.search(query, { limit, accept, exhaustive }).map((hit) => this.hot[hit.doc]!);
  }

  /** Titles starting with `prefix` (folded), then other titles matching it as a search, for autocomplete. */
  suggestTitles(prefix: string, limit = MAX_SUGGESTIONS): Article[] {
    const key = fold(prefix.trim());
    const max = Math.min(limit, MAX_SUGGESTIONS);
    const found: Article[] = [];
    for (const article of this.titlesFrom(key)) {
      if (found.length >= max) break;
      found.push(article);
    }
    if (found.length < max && key !== '') {
      for (const article of this.search(prefix, { limit: max })) if (found.length < max && !found.includes(article)) found.push(article);
    }
    return found;
  }

  /** Articles whose folded title starts with `key`, by title (equal ones hottest first). */
  private *titlesFrom(key: string): Generator<Article> {
    const delta = this.delta;
    const titles = this.foldedTitles;
    const more = delta?.titles ?? [];
    let i = lowerBoundKey(titles, key);
    let d = lowerBoundKey(more, key);
    for (;;) {
      while (i < titles.length && delta?.removed.has(titles[i]!.article.id)) i++;
      const [a, b] = [titles[i]?.key.startsWith(key) ? titles[i] : undefined, more[d]?.key.startsWith(key) ? more[d] : undefined];
      if (!a && !b) return;
      if (b && (!a || b.key < a.key || (b.key === a.key && compareHot(b.article, a.article) < 0))) {
        yield b.article;
        d++;
      } else {
        yield a!.article;
        i++;
      }
    }
  }

  /** Hottest articles passing every filter given. */
  hottest(filter: HotFilter = {}): Article[] {
    const topics = filter.topics?.map((topic) => this.resolveTopic(topic) ?? topic);
    const all = this.delta ? mergeHot(this.hot, this.delta.removed, this.delta.articles) : this.hot;
    return takeMatching(all, filter.limit ?? DEFAULT_LIMIT, (article) =>
      (!topics || topics.some((topic) => article.topics.includes(topic))) &&
      (filter.minHeat === undefined || article.heat >= filter.minHeat) &&
      (!filter.language || article.language === filter.language) &&
      (!filter.since || (article.publishedAt !== null && article.publishedAt >= filter.since)),
    );
  }
}

interface ArticleMaps {
  byId: Map<string, Article>;
  byTopicName: Map<string, Article[]>;
}

/** Articles by id and by topic (in their order), yielding every STEP articles. */
function* articleMaps(articles: readonly Article[]): Steps<ArticleMaps> {
  const byId = new Map<string, Article>();
  const byTopicName = new Map<string, Article[]>();
  for (let i = 0; i < articles.length; i++) {
    const article = articles[i]!;
    byId.set(article.id, article);
    for (const topic of article.topics) {
      const list = byTopicName.get(topic);
      if (list) list.push(article);
      else byTopicName.set(topic, [article]);
    }
    if (i % STEP === STEP - 1) yield;
  }
  return { byId, byTopicName };
}

function takeMatching(list: Iterable<Article>, limit: number, keep: (article: Article) => boolean): Article[] {
  const taken: Article[] = [];
  for (const article of list) {
    if (taken.length >= limit) break;
    if (keep(article)) taken.push(article);
  }
  return taken;
}

function lowerBoundKey(sorted: readonly { key: string }[], key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]!.key < key) low = mid + 1;
    else high = mid;
  }
  return low;
}

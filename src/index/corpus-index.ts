// CorpusIndex: the loaded corpus made queryable — topics (lookup, suggestions), full-text search and hot
// ranking. Built once from a load, immutable afterwards; CorpusHolder swaps whole indexes on reseed.
import type { Article } from '../types.ts';
import type { Taxonomy } from '../corpus/taxonomy.ts';
import { fold, foldKey } from '../text/fold.ts';
import { unifiedHeats } from '../corpus/heat.ts';
import { compareHot } from './ranking.ts';
import { withStories } from './stories.ts';
import { runAtOnce, type Steps } from './snapshot/slices.ts';
import { NO_MARK, TextIndex, type StageMark } from './text-index.ts';

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

/** Articles added and removed at once: an update is an id in `removed` and its new version in `added`. */
export interface CorpusChange {
  added: Article[];
  /** Ids. */
  removed: string[];
}

const MAX_SUGGESTIONS = 25;
/** Articles handled between yields when an index is restored in slices. */
const STEP = 4096;
const DEFAULT_LIMIT = 10;

export class CorpusIndex {
  /** Every article, hottest first. */
  readonly articles: readonly Article[];
  private readonly byId: Map<string, Article>;
  /** Canonical topic → its articles, hottest first. */
  private readonly byTopicName: Map<string, Article[]>;
  /** Folded topic name or alias → canonical topic name. */
  private readonly topicKeys: Map<string, string>;
  private readonly topicCounts: TopicCount[];
  /** The text index, or how to get it (a snapshot restores it when first searched: src/index/snapshot/). */
  private textIndex: TextIndex | (() => TextIndex);
  private readonly foldedTitles: { key: string; article: Article }[];
  // stand-in until s9-incr-index lands
  private readonly taxonomy: Taxonomy | undefined;
  private pending = 0;

  private constructor(articles: readonly Article[], text: TextIndex | (() => TextIndex), foldedTitles: { key: string; article: Article }[], maps: ArticleMaps, taxonomy: Taxonomy | undefined) {
    this.articles = articles;
    this.textIndex = text;
    this.foldedTitles = foldedTitles;
    this.taxonomy = taxonomy;
    this.byId = maps.byId;
    this.byTopicName = maps.byTopicName;
    this.topicCounts = [...this.byTopicName]
      .map(([name, list]) => ({ name, count: list.length }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    this.topicKeys = new Map();
    // Taxonomy aliases first, then corpus names: a topic written in a file always resolves to itself.
    for (const topic of taxonomy?.topics ?? []) for (const alias of [topic.name, ...topic.aliases]) this.topicKeys.set(foldKey(alias), topic.name);
    for (const name of this.byTopicName.keys()) this.topicKeys.set(foldKey(name), name);
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
    const titles = hot.map((article) => ({ key: fold(article.title), article })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    mark('titles');
    return new CorpusIndex(hot, text, titles, maps, taxonomy);
  }

  // stand-in until s9-incr-index lands: rebuilds, and counts the changes so the holder's merge can be exercised.
  withChanges(change: CorpusChange): CorpusIndex {
    const removed = new Set(change.removed);
    const next = CorpusIndex.build([...this.articles.filter((article) => !removed.has(article.id)), ...change.added], this.taxonomy);
    next.pending = this.pending + change.added.length + change.removed.length;
    return next;
  }

  // stand-in until s9-incr-index lands
  get pendingChanges(): number {
    return this.pending;
  }

  private get text(): TextIndex {
    if (typeof this.textIndex === 'function') this.textIndex = this.textIndex();
    return this.textIndex;
  }

  /** What a snapshot keeps to restore this index without building it (src/index/snapshot/). */
  toImage(): CorpusIndexImage {
    const doc = new Map(this.articles.map((article, i) => [article, i]));
    return { text: this.text, titleKeys: this.foldedTitles.map((entry) => entry.key), titleDocs: Uint32Array.from(this.foldedTitles, (entry) => doc.get(entry.article)!) };
  }

  /** The index `toImage` was taken from, given its articles (hottest first) and the same taxonomy; in steps (slices.ts). */
  static *fromImage(articles: readonly Article[], image: CorpusIndexImage, taxonomy?: Taxonomy): Steps<CorpusIndex> {
    const titles: { key: string; article: Article }[] = [];
    for (let i = 0; i < image.titleKeys.length; i++) {
      titles.push({ key: image.titleKeys[i]!, article: articles[image.titleDocs[i]!]! });
      if (i % STEP === STEP - 1) yield;
    }
    return new CorpusIndex(articles, image.text, titles, yield* articleMaps(articles), taxonomy);
  }

  get(id: string): Article | undefined {
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
      if (!this.byTopicName.has(topic)) continue;
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
    return takeMatching(list, options.limit ?? DEFAULT_LIMIT, (article) => !options.language || article.language === options.language);
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
    const accept =
      language || topic
        ? (doc: number): boolean => {
            const article = this.articles[doc]!;
            return (!language || article.language === language) && (!topic || article.topics.includes(topic));
          }
        : undefined;
    // The text index numbers documents in hot order, so its tie-break (lower doc first) is "hotter first".
    return this.text.search(query, { limit: options.limit ?? DEFAULT_LIMIT, accept, exhaustive }).map((hit) => this.articles[hit.doc]!);
  }

  /** Titles starting with `prefix` (folded), then other titles matching it as a search, for autocomplete. */
  suggestTitles(prefix: string, limit = MAX_SUGGESTIONS): Article[] {
    const key = fold(prefix.trim());
    const max = Math.min(limit, MAX_SUGGESTIONS);
    const found: Article[] = [];
    for (let i = lowerBoundKey(this.foldedTitles, key); i < this.foldedTitles.length && found.length < max; i++) {
      const entry = this.foldedTitles[i]!;
      if (!entry.key.startsWith(key)) break;
      found.push(entry.article);
    }
    if (found.length < max && key !== '') {
      for (const article of this.search(prefix, { limit: max })) if (found.length < max && !found.includes(article)) found.push(article);
    }
    return found;
  }

  /** Hottest articles passing every filter given. */
  hottest(filter: HotFilter = {}): Article[] {
    const topics = filter.topics?.map((topic) => this.resolveTopic(topic) ?? topic);
    return takeMatching(this.articles, filter.limit ?? DEFAULT_LIMIT, (article) =>
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

function takeMatching(list: readonly Article[], limit: number, keep: (article: Article) => boolean): Article[] {
  const taken: Article[] = [];
  for (const article of list) {
    if (taken.length >= limit) break;
    if (keep(article)) taken.push(article);
  }
  return taken;
}

function lowerBoundKey(sorted: { key: string }[], key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]!.key < key) low = mid + 1;
    else high = mid;
  }
  return low;
}

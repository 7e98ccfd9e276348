// CorpusIndex: the loaded corpus made queryable — topics (lookup, suggestions), full-text search and hot
// ranking. Built once from a load, immutable afterwards; CorpusHolder swaps whole indexes on reseed.
import type { Article } from '../types.ts';
import type { Taxonomy } from '../corpus/taxonomy.ts';
import { fold, foldKey } from '../text/fold.ts';
import { unifiedHeats } from '../corpus/heat.ts';
import { arrayTable, articleColumns, type ArticleColumns, type ArticleTable } from './article-table.ts';
import { compareHot } from './ranking.ts';
import { withStories } from './stories.ts';
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
  /** Folded titles, sorted (or how to get them, when first needed), and the document number of each. */
  titleKeys: string[] | (() => string[]);
  titleDocs: Uint32Array;
  /** Each article's id (or how to get them, when first needed). */
  ids: string[] | (() => string[]);
  /** Topics and languages: what lookups read without making the articles. */
  columns: ArticleColumns;
}

const MAX_SUGGESTIONS = 25;
const DEFAULT_LIMIT = 10;

export class CorpusIndex {
  /** The articles by document number (hot order); a restored index makes each when first asked for. */
  private readonly table: ArticleTable;
  private readonly columns: ArticleColumns;
  /** Each article's id, or how to get them (a snapshot restores them for the first `get`). */
  private ids: string[] | (() => string[]);
  /** Id → document, made on the first `get`. */
  private byId: Map<string, number> | undefined;
  /** Folded topic name or alias → canonical topic name. */
  private readonly topicKeys: Map<string, string>;
  private readonly topicCounts: TopicCount[];
  /** The text index, or how to get it (a snapshot restores it when first searched: src/index/snapshot/). */
  private textIndex: TextIndex | (() => TextIndex);
  /** Folded titles, sorted (or how to get them: a snapshot restores them when first needed), and the document of each. */
  private titleKeyList: string[] | (() => string[]);
  private readonly titleDocs: Uint32Array;

  private constructor(table: ArticleTable, text: TextIndex | (() => TextIndex), titles: { keys: string[] | (() => string[]); docs: Uint32Array }, ids: string[] | (() => string[]), columns: ArticleColumns, taxonomy: Taxonomy | undefined) {
    this.table = table;
    this.textIndex = text;
    this.titleKeyList = titles.keys;
    this.titleDocs = titles.docs;
    this.ids = ids;
    this.columns = columns;
    this.topicCounts = [...columns.topics]
      .map(([name, list]) => ({ name, count: list.length }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    this.topicKeys = new Map();
    // Taxonomy aliases first, then corpus names: a topic written in a file always resolves to itself.
    for (const topic of taxonomy?.topics ?? []) for (const alias of [topic.name, ...topic.aliases]) this.topicKeys.set(foldKey(alias), topic.name);
    for (const name of columns.topics.keys()) this.topicKeys.set(foldKey(name), name);
  }

  /** Every article, hottest first. A restored index makes them all on first use: lookups need not. */
  get articles(): readonly Article[] {
    return this.table.all();
  }

  /** How many articles (without making them). */
  get size(): number {
    return this.table.length;
  }

  /** `mark` is called as each build stage ends, with its name (bench/build.ts times them). */
  static build(articles: Article[], taxonomy?: Taxonomy, mark: StageMark = NO_MARK): CorpusIndex {
    const heats = unifiedHeats(articles);
    mark('heats');
    const told = withStories(articles, heats);
    mark('stories');
    const hot = told.sort(compareHot);
    mark('hot sort');
    const columns = articleColumns(hot);
    mark('topics');
    const text = TextIndex.build(hot, mark);
    const titles = hot.map((article, doc) => ({ key: fold(article.title), doc })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    mark('titles');
    const keys = titles.map((title) => title.key);
    return new CorpusIndex(arrayTable(hot), text, { keys, docs: Uint32Array.from(titles, (title) => title.doc) }, hot.map((article) => article.id), columns, taxonomy);
  }

  private get text(): TextIndex {
    if (typeof this.textIndex === 'function') this.textIndex = this.textIndex();
    return this.textIndex;
  }

  private get titleKeys(): string[] {
    if (typeof this.titleKeyList === 'function') this.titleKeyList = this.titleKeyList();
    return this.titleKeyList;
  }

  /** What a snapshot keeps to restore this index without building it (src/index/snapshot/). */
  toImage(): CorpusIndexImage {
    if (typeof this.ids === 'function') this.ids = this.ids();
    return { text: this.text, titleKeys: this.titleKeys, titleDocs: this.titleDocs, ids: this.ids, columns: this.columns };
  }

  /**
   * The index `toImage` was taken from, given its articles (hottest first, as a table: restored ones may be
   * made on demand) and the same taxonomy.
   */
  static fromImage(articles: ArticleTable, image: CorpusIndexImage, taxonomy?: Taxonomy): CorpusIndex {
    return new CorpusIndex(articles, image.text, { keys: image.titleKeys, docs: image.titleDocs }, image.ids, image.columns, taxonomy);
  }

  get(id: string): Article | undefined {
    if (!this.byId) {
      if (typeof this.ids === 'function') this.ids = this.ids();
      const ids = this.ids;
      this.byId = new Map();
      for (let doc = 0; doc < ids.length; doc++) this.byId.set(ids[doc]!, doc);
    }
    const doc = this.byId.get(id);
    return doc === undefined ? undefined : this.table.at(doc);
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
      if (!this.columns.topics.has(topic)) continue;
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
    const docs = (name && this.columns.topics.get(name)) || [];
    const inLanguage = this.inLanguage(options.language);
    return takeMatching(docs, options.limit ?? DEFAULT_LIMIT, (doc) => !inLanguage || inLanguage(doc)).map((doc) => this.table.at(doc));
  }

  /** Whether a document is in `language` (read from the columns: no article is made); undefined for any language. */
  private inLanguage(language: string | undefined): ((doc: number) => boolean) | undefined {
    if (!language) return undefined;
    const wanted = this.columns.languages.indexOf(language);
    const of = this.columns.language;
    return (doc) => of[doc] === wanted;
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
    const inLanguage = this.inLanguage(language);
    let inTopic: Uint8Array | undefined;
    if (topic !== undefined) {
      inTopic = new Uint8Array(this.table.length);
      for (const doc of this.columns.topics.get(topic) ?? []) inTopic[doc] = 1;
    }
    const accept = inLanguage || inTopic ? (doc: number): boolean => (!inLanguage || inLanguage(doc)) && (!inTopic || inTopic[doc] === 1) : undefined;
    // The text index numbers documents in hot order, so its tie-break (lower doc first) is "hotter first".
    return this.text.search(query, { limit: options.limit ?? DEFAULT_LIMIT, accept, exhaustive }).map((hit) => this.table.at(hit.doc));
  }

  /** Titles starting with `prefix` (folded), then other titles matching it as a search, for autocomplete. */
  suggestTitles(prefix: string, limit = MAX_SUGGESTIONS): Article[] {
    const key = fold(prefix.trim());
    const max = Math.min(limit, MAX_SUGGESTIONS);
    const found: Article[] = [];
    for (let i = lowerBound(this.titleKeys, key); i < this.titleKeys.length && found.length < max; i++) {
      if (!this.titleKeys[i]!.startsWith(key)) break;
      found.push(this.table.at(this.titleDocs[i]!));
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

function takeMatching<T>(list: Iterable<T>, limit: number, keep: (item: T) => boolean): T[] {
  const taken: T[] = [];
  for (const item of list) {
    if (taken.length >= limit) break;
    if (keep(item)) taken.push(item);
  }
  return taken;
}

function lowerBound(sorted: readonly string[], key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < key) low = mid + 1;
    else high = mid;
  }
  return low;
}

// CorpusIndex: the loaded corpus made queryable — topics (lookup, suggestions), full-text search and hot
// ranking. Immutable: a change (withChanges) gives a new index sharing this one's main segment, and
// CorpusHolder swaps whole indexes.
import type { Article } from '../types.ts';
import type { Taxonomy } from '../corpus/taxonomy.ts';
import { fold, foldKey } from '../text/fold.ts';
import { unifiedHeats } from '../corpus/heat.ts';
import { arrayTable, articleColumns, type ArticleColumns, type ArticleTable } from './article-table.ts';
import { compareHot } from './ranking.ts';
import { withStories } from './stories.ts';
import { NO_MARK, TextIndex, type StageMark } from './text-index.ts';
import { applyChange, groupMainHeats, mergeHot, type CorpusChange, type IndexDelta } from './delta.ts';
import { runAtOnce, type Steps } from './snapshot/slices.ts';

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
  /** The same for the main segment alone: what a change starts from. */
  private readonly mainTopicKeys: Map<string, string>;
  private readonly topicCounts: TopicCount[];
  /** Topics with articles → how many. */
  private readonly counted: Map<string, number>;
  /** The text index, or how to get it (a snapshot restores it when first searched: src/index/snapshot/). */
  private textIndex: TextIndex | (() => TextIndex);
  /** Folded titles, sorted (or how to get them: a snapshot restores them when first needed), and the document of each. */
  private titleKeyList: string[] | (() => string[]);
  private readonly titleDocs: Uint32Array;
  private readonly taxonomy: Taxonomy | undefined;
  /** What changed since the main segment was built (withChanges), if anything. */
  private readonly delta: IndexDelta | undefined;
  /** Every article once merged with the delta's (made when first asked). */
  private merged: readonly Article[] | undefined;

  /** `main`: the index a change derives this one from (its topic keys and id lookup are shared). */
  private constructor(table: ArticleTable, text: TextIndex | (() => TextIndex), titles: { keys: string[] | (() => string[]); docs: Uint32Array }, ids: string[] | (() => string[]), columns: ArticleColumns, taxonomy: Taxonomy | undefined, delta?: IndexDelta, main?: CorpusIndex) {
    this.table = table;
    this.textIndex = text;
    this.titleKeyList = titles.keys;
    this.titleDocs = titles.docs;
    this.ids = ids;
    this.columns = columns;
    this.taxonomy = taxonomy;
    this.delta = delta;
    const counts = new Map([...columns.topics].map(([name, list]) => [name, list.length]));
    if (delta) {
      for (const id of delta.removed) for (const topic of main!.mainGet(id)!.topics) counts.set(topic, counts.get(topic)! - 1);
      for (const [topic, list] of delta.byTopic) counts.set(topic, (counts.get(topic) ?? 0) + list.length);
    }
    this.counted = new Map([...counts].filter(([, count]) => count > 0));
    this.topicCounts = [...this.counted]
      .map(([name, count]) => ({ name, count }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    if (main) {
      this.byId = main.docsById();
      this.mainTopicKeys = main.mainTopicKeys;
      this.topicKeys = new Map(main.mainTopicKeys);
      for (const name of delta?.byTopic.keys() ?? []) this.topicKeys.set(foldKey(name), name);
    } else {
      this.topicKeys = this.mainTopicKeys = new Map();
      // Taxonomy aliases first, then corpus names: a topic written in a file always resolves to itself.
      for (const topic of taxonomy?.topics ?? []) for (const alias of [topic.name, ...topic.aliases]) this.topicKeys.set(foldKey(alias), topic.name);
      for (const name of columns.topics.keys()) this.topicKeys.set(foldKey(name), name);
    }
  }

  /** Every article, hottest first. A restored index makes them all on first use: lookups need not. */
  get articles(): readonly Article[] {
    if (!this.delta) return this.table.all();
    return (this.merged ??= [...mergeHot(this.table.all(), this.delta.removed, this.delta.articles)]);
  }

  /** How many articles (without making them). */
  get size(): number {
    return this.delta ? this.table.length - this.delta.removed.size + this.delta.articles.length : this.table.length;
  }

  /**
   * A new index with `change` applied; this one keeps serving as it was. Costs about what indexing the
   * changed articles alone costs, plus re-indexing everything changed since the last full build (the delta
   * segment is rebuilt each time): see pendingChanges. Search, topics, hot lists, titles and `get` see the
   * change; what is approximate until a full build is in docs/corpus.md ("Incremental changes").
   */
  withChanges(change: CorpusChange): CorpusIndex {
    if (change.added.length === 0 && change.removed.length === 0) return this;
    const main = { articles: this.table.all(), docOf: (id: string) => this.docsById().get(id), text: this.text };
    const titles = { keys: this.titleKeyList, docs: this.titleDocs };
    return new CorpusIndex(this.table, main.text, titles, this.ids, this.columns, this.taxonomy, applyChange(main, this.delta, change), this);
  }

  /**
   * Changes held since the last full build: articles in the delta segment plus main articles left out (an
   * update counts both). Each withChanges re-indexes the delta, so the holder merges (a full build, on a
   * worker) once this passes a few hundred (HOLDER_DEFAULTS).
   */
  get pendingChanges(): number {
    return this.delta ? this.delta.articles.length + this.delta.removed.size : 0;
  }

  /**
   * Readies the main segment for changes, in steps: its heat groups, which a built index's first change would
   * otherwise find by passes over every article (~0.1–0.2 s at 100k, on the serving thread). The holder runs it
   * in the background after each build or restore.
   */
  *prepareForChanges(): Steps<void> {
    if (this.delta) return;
    yield* groupMainHeats(yield* this.table.allSteps());
    // The id lookup every change reads (100k ids: ~30–90 ms at once, on the first change); ids not restored
    // yet (opened lazily) are left to the first lookup.
    if (typeof this.ids !== 'function') yield* this.docsByIdSteps();
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

  /** What a snapshot keeps to restore this index without building it (src/index/snapshot/); none with pending changes. */
  toImage(): CorpusIndexImage {
    if (this.delta) throw new Error(`this index holds ${this.pendingChanges} changes since its build: save rebuilt() instead`);
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
    const delta = this.delta;
    if (delta) return delta.byId.get(id) ?? (delta.removed.has(id) ? undefined : this.mainGet(id));
    return this.mainGet(id);
  }

  /** The main segment's article with this id (removed or not). */
  private mainGet(id: string): Article | undefined {
    const doc = this.docsById().get(id);
    return doc === undefined ? undefined : this.table.at(doc);
  }

  /** Id → main document, made on first use. */
  private docsById(): Map<string, number> {
    return runAtOnce(this.docsByIdSteps());
  }

  private *docsByIdSteps(): Steps<Map<string, number>> {
    if (!this.byId) {
      if (typeof this.ids === 'function') this.ids = this.ids();
      const ids = this.ids;
      const byId = new Map<string, number>();
      for (let doc = 0; doc < ids.length; doc++) {
        byId.set(ids[doc]!, doc);
        if (doc % 4096 === 4095) yield;
      }
      // A lookup made at once meanwhile (a command's get) is kept.
      this.byId ??= byId;
    }
    return this.byId;
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
    const docs = (name && this.columns.topics.get(name)) || [];
    const limit = options.limit ?? DEFAULT_LIMIT;
    const delta = this.delta;
    if (delta && name) {
      const all = mergeHot(this.articlesOf(docs), delta.removed, delta.byTopic.get(name) ?? []);
      return takeMatching(all, limit, (article) => !options.language || article.language === options.language);
    }
    const inLanguage = this.inLanguage(options.language);
    return takeMatching(docs, limit, (doc) => !inLanguage || inLanguage(doc)).map((doc) => this.table.at(doc));
  }

  /** The main segment's articles of `docs`, made one by one as they are read. */
  private *articlesOf(docs: Iterable<number>): Generator<Article> {
    for (const doc of docs) yield this.table.at(doc);
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
    const limit = options.limit ?? DEFAULT_LIMIT;
    const delta = this.delta;
    if (delta) {
      const removed = delta.removedDocs;
      const acceptMain = delta.removed.size > 0 || accept ? (doc: number) => removed[doc] === 0 && (!accept || accept(doc)) : undefined;
      const keep = (article: Article): boolean => (!language || article.language === language) && (!topic || article.topics.includes(topic));
      const acceptDelta = language || topic ? (doc: number) => keep(delta.articles[doc]!) : undefined;
      return delta.text.search(query, { limit, acceptMain, acceptDelta, exhaustive }).map((hit) => (hit.delta ? delta.articles[hit.doc]! : this.table.at(hit.doc)));
    }
    // The text index numbers documents in hot order, so its tie-break (lower doc first) is "hotter first".
    return this.text.search(query, { limit, accept, exhaustive }).map((hit) => this.table.at(hit.doc));
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
    const keys = this.titleKeys;
    const delta = this.delta;
    const more = delta?.titles ?? [];
    let i = lowerBound(keys, key, (title) => title);
    let d = lowerBound(more, key, (entry) => entry.key);
    for (;;) {
      while (i < keys.length && delta?.removedDocs[this.titleDocs[i]!] === 1) i++;
      const a = keys[i]?.startsWith(key) ? i : undefined;
      const b = more[d]?.key.startsWith(key) ? more[d] : undefined;
      if (a === undefined && !b) return;
      const mainArticle = a === undefined ? undefined : this.table.at(this.titleDocs[a]!);
      if (b && (!mainArticle || b.key < keys[a!]! || (b.key === keys[a!] && compareHot(b.article, mainArticle) < 0))) {
        yield b.article;
        d++;
      } else {
        yield mainArticle!;
        i++;
      }
    }
  }

  /** Hottest articles passing every filter given. */
  hottest(filter: HotFilter = {}): Article[] {
    const topics = filter.topics?.map((topic) => this.resolveTopic(topic) ?? topic);
    const main = this.articlesOf(upTo(this.table.length));
    const all = this.delta ? mergeHot(main, this.delta.removed, this.delta.articles) : main;
    return takeMatching(all, filter.limit ?? DEFAULT_LIMIT, (article) =>
      (!topics || topics.some((topic) => article.topics.includes(topic))) &&
      (filter.minHeat === undefined || article.heat >= filter.minHeat) &&
      (!filter.language || article.language === filter.language) &&
      (!filter.since || (article.publishedAt !== null && article.publishedAt >= filter.since)),
    );
  }
}

function* upTo(length: number): Generator<number> {
  for (let doc = 0; doc < length; doc++) yield doc;
}

function takeMatching<T>(list: Iterable<T>, limit: number, keep: (item: T) => boolean): T[] {
  const taken: T[] = [];
  for (const item of list) {
    if (taken.length >= limit) break;
    if (keep(item)) taken.push(item);
  }
  return taken;
}

function lowerBound<T>(sorted: readonly T[], key: string, keyOf: (item: T) => string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (keyOf(sorted[mid]!) < key) low = mid + 1;
    else high = mid;
  }
  return low;
}

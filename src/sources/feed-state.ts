// What is persisted per feed, in the store's `sources` namespace (shared by every process, kept across
// restarts): the articles fetched so far, the validators for conditional GET, and the fetch health that
// `/admin status`, the logs and the metrics show.
import type Keyv from 'keyv';
import type { Article } from '../types.ts';
import { diffArticles } from '../index/diff.ts';

export interface FeedState {
  /** The URL these validators belong to: a changed URL in SOURCES_FILE starts without them. */
  url: string;
  etag?: string;
  lastModified?: string;
  /** Every article this feed has given, newest fetch first, at most MAX_FEED_ARTICLES. */
  articles: Article[];
  /** Items in the last document fetched. */
  items: number;
  /** The last attempt and the last success that wrote the state: a 304 after a success writes nothing. */
  lastAttemptAt?: string;
  lastOkAt?: string;
  lastStatus?: number;
  /** Failed fetches in a row; 0 when the last one worked. */
  failures: number;
  failingSince?: string;
  lastError?: string;
  /** No process fetches it before this (the interval, or the backoff after failures; the fetch claim holds the interval too). */
  nextAttemptAt?: string;
}

/** Old items stay in the corpus after they leave the feed, up to this many per feed. */
export const MAX_FEED_ARTICLES = 500;

export const feedStateKey = (name: string): string => `feed:${name}`;

export class FeedStates {
  readonly #keyv: Keyv;
  constructor(keyv: Keyv) {
    this.#keyv = keyv;
  }
  async get(name: string): Promise<FeedState | undefined> {
    return (await this.#keyv.get<FeedState>(feedStateKey(name))) ?? undefined;
  }
  async getMany(names: string[]): Promise<(FeedState | undefined)[]> {
    if (names.length === 0) return [];
    return (await this.#keyv.getMany<FeedState>(names.map(feedStateKey))).map((state) => state ?? undefined);
  }
  async put(name: string, state: FeedState): Promise<void> {
    await this.#keyv.set(feedStateKey(name), state);
  }
}

/** The articles after a fetch: this fetch's items first, then earlier ones no longer in the feed. */
export function mergeFetched(previous: readonly Article[], fetched: readonly Article[]): { articles: Article[]; added: number; updated: number } {
  const unique = [...new Map(fetched.map((article) => [article.id, article])).values()];
  const diff = diffArticles(previous, unique); // its `removed` (items gone from the feed) are kept
  const seen = new Set(unique.map((article) => article.id));
  const articles = [...unique, ...previous.filter((article) => !seen.has(article.id))].slice(0, MAX_FEED_ARTICLES);
  return { articles, added: diff.added.length, updated: diff.updated.length };
}

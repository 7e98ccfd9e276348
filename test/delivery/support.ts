// Test doubles for delivery: an article source over a list, a Discord-like poster (nonce deduplication,
// injectable failures) and stores to run the same tests on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Article } from '../../src/types.ts';
import type { ArticleQuery, BriefTopic, DeliveryLogger, OutgoingPost, Poster } from '../../src/delivery/model.ts';
import { createDelivery, type Delivery } from '../../src/delivery/delivery.ts';
import type { DeliveryObserver } from '../../src/delivery/observer.ts';
import { ManualClock, ManualJobScheduler } from '../../src/delivery/job-scheduler.ts';
import { openMemoryStore, openStore, type Store } from '../../src/storage/open-store.ts';

export function article(id: string, heat: number, topics: string[], publishedAt: string | null = '2024-05-01T08:00:00Z'): Article {
  return {
    id,
    title: `Article ${id}`,
    excerpt: `Lead of ${id}.`,
    body: '',
    url: `https://news.example/${id}`,
    publishedAt,
    provider: { name: 'Example', domain: 'news.example' },
    topics,
    topicScores: Object.fromEntries(topics.map((topic) => [topic, 1])),
    heat,
    quality: null,
    language: 'en',
    type: 'article',
    image: null,
    source: `${id}.md`,
  };
}

/** CorpusIndex's delivery-facing slice over a plain list (hottest first, ties by id). */
export function sourceOf(articles: Article[]): ArticleQuery {
  const names = [...new Set(articles.flatMap((a) => a.topics))];
  return {
    hottest(filter = {}) {
      return articles
        .filter((a) => !filter.topics?.length || a.topics.some((t) => filter.topics?.includes(t)))
        .filter((a) => a.heat >= (filter.minHeat ?? -Infinity))
        .filter((a) => !filter.since || (a.publishedAt !== null && a.publishedAt >= filter.since))
        .sort((a, b) => b.heat - a.heat || a.id.localeCompare(b.id))
        .slice(0, filter.limit ?? 10); // CorpusIndex pages by 10 by default
    },
    resolveTopic: (query) => names.find((n) => n.toLowerCase() === query.trim().toLowerCase()),
    suggestTopics: (prefix, limit = 25) =>
      names.filter((n) => n.toLowerCase().startsWith(prefix.toLowerCase())).slice(0, limit).map((name) => ({ name, count: 1 })),
  };
}

export interface SentMessage {
  channelId: string;
  messageId: string;
  nonce: string;
  post: OutgoingPost;
}

/** Behaves like Discord with enforce_nonce: a repeated nonce in a channel returns the existing message. */
export class FakeDiscord implements Poster {
  readonly messages: SentMessage[] = [];
  calls = 0;
  /** Throws this on the next post(s), before anything is sent. */
  failures: Error[] = [];
  #next = 1;

  async post(channelId: string, post: OutgoingPost, nonce: string): Promise<{ messageId: string }> {
    this.calls++;
    await Promise.resolve(); // let concurrent runners interleave, as a real network would
    const failure = this.failures.shift();
    if (failure) throw failure;
    const existing = this.messages.find((m) => m.channelId === channelId && m.nonce === nonce);
    if (existing) return { messageId: existing.messageId };
    const messageId = String(this.#next++);
    this.messages.push({ channelId, messageId, nonce, post });
    return { messageId };
  }

  articleIds(channelId: string): string[] {
    return this.messages.filter((m) => m.channelId === channelId).flatMap((m) => m.post.articles.map((a) => a.id));
  }
}

/** Waits the test releases by hand, as a clock-free stand-in for the scheduler's timer. */
export function manualSleep() {
  const waits: { ms: number; release: () => void }[] = [];
  const sleep = (ms: number, signal: AbortSignal) =>
    new Promise<void>((release, reject) => {
      waits.push({ ms, release });
      signal.addEventListener('abort', () => reject(signal.reason as Error));
    });
  return { waits, sleep };
}

export type StoreName = 'memory' | 'sqlite';
export const STORE_NAMES: StoreName[] = ['memory', 'sqlite'];

/** Each `open` opens a new handle on the same data: a second call stands for a second process. */
export function storeOpener(name: StoreName): { open: (now: () => number) => Promise<Store>; remove: () => void } {
  if (name === 'memory') {
    let shared: Store | undefined; // memory cannot be shared across handles: every "process" gets this one
    return { open: async (now) => (shared ??= openMemoryStore({ now })), remove: () => {} };
  }
  const dir = mkdtempSync(join(tmpdir(), 'newsbot-delivery-'));
  return { open: (now) => openStore(undefined, dir, { now }), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Harness {
  clock: ManualClock;
  jobs: ManualJobScheduler;
  discord: FakeDiscord;
  store: Store;
  delivery: Delivery;
  /** Replaces the corpus, as /admin reseed does. */
  reseed(articles: Article[] | ArticleQuery): void;
  /** Another process: its own store handle and owner id, the same Discord, corpus and clock. */
  process(owner: string, poster?: Poster): Promise<Delivery>;
  close(): Promise<void>;
}

export const START = new Date('2024-05-01T09:00:00Z');

export interface HarnessOptions {
  brief?: BriefTopic;
  poster?: Poster;
  observer?: DeliveryObserver;
  /** The schedulers' waits (rechecks, retries); default a real timer. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  log?: DeliveryLogger;
}

export async function harness(name: StoreName, articles: Article[] | ArticleQuery, options: HarnessOptions = {}): Promise<Harness> {
  const clock = new ManualClock(START);
  const jobs = new ManualJobScheduler(clock);
  const discord = new FakeDiscord();
  const { open, remove } = storeOpener(name);
  const now = () => clock.now().getTime();
  const asSource = (list: Article[] | ArticleQuery) => (Array.isArray(list) ? sourceOf(list) : list);
  let source = asSource(articles);
  const stores: Store[] = [];
  const make = async (owner: string, poster: Poster) => {
    const store = await open(now);
    stores.push(store);
    return { store, delivery: createDelivery({ store, articles: () => source, poster, clock, jobs, owner, brief: options.brief, observer: options.observer, sleep: options.sleep, log: options.log }) };
  };
  const first = await make('process-1', options.poster ?? discord);
  return {
    clock,
    jobs,
    discord,
    store: first.store,
    delivery: first.delivery,
    reseed: (next) => {
      source = asSource(next);
    },
    process: async (owner, poster = discord) => (await make(owner, poster)).delivery,
    close: async () => {
      await Promise.all([...new Set(stores)].map((store) => store.close()));
      remove();
    },
  };
}

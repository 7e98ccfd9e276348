// Fetching the configured feeds on their schedule. Each tick looks at the feeds that are due (an in-memory
// hint, confirmed by the persisted state), takes a claim per feed for its interval (src/storage/claims.ts)
// so that with several processes each feed is fetched once per interval, fetches with conditional GET,
// turns the items into articles and persists them with the fetch health. A failure backs off exponentially
// with jitter (interval × 2^(failures−1), at most 6 h) and keeps being retried, so a source that comes back
// recovers by itself; until then it is shown as failing.
import type { Taxonomy } from '../corpus/taxonomy.ts';
import { silentLogger, systemClock, type Clock, type DeliveryLogger } from '../delivery/model.ts';
import type { ClaimStore } from '../storage/claims.ts';
import { redactUrl } from '../storage/redact.ts';
import type { FeedConfig } from './feed-config.ts';
import { feedArticles } from './feed-items.ts';
import { feedSourceId } from './feed-source.ts';
import { mergeFetched, type FeedState, type FeedStates } from './feed-state.ts';
import { safeFetch, type SafeFetchOptions } from './safe-fetch.ts';

export interface FeedFetchOutcome {
  name: string;
  url: string;
  ok: boolean;
  /** HTTP status of the last answer (304: not modified), when there was one. */
  status?: number;
  new: number;
  updated: number;
  /** Items in the document (0 on 304 or failure). */
  items: number;
  error?: string;
}

export interface FeedHealth {
  name: string;
  url: string;
  enabled: boolean;
  articles: number;
  failing: boolean;
  failures: number;
  failingSince?: string;
  lastError?: string;
  lastOkAt?: string;
  nextAttemptAt?: string;
}

export interface FeedObserver {
  onFetch(result: 'ok' | 'not_modified' | 'error'): void;
  onFailing(count: number): void;
}

export interface FeedPollerOptions {
  feeds: FeedConfig[];
  states: FeedStates;
  claims: ClaimStore;
  /** This process, as in delivery claims. */
  owner: string;
  taxonomy: Taxonomy;
  fetch?: SafeFetchOptions;
  clock?: Clock;
  log?: DeliveryLogger;
  /** [0, 1): the backoff jitter; tests fix it. */
  random?: () => number;
  observer?: FeedObserver;
}

export const FEED_POLL_DEFAULTS = { concurrency: 32, maxBackoffMs: 6 * 3_600_000, tickMs: 10_000 } as const;
const DAY_MS = 86_400_000;

export const fetchClaimKey = (name: string): string => `source-fetch:${name}`;

export class FeedPoller {
  readonly #options: FeedPollerOptions;
  readonly #log: DeliveryLogger;
  /** When each feed is next due, as far as this process knows (0: look at the store). */
  readonly #due = new Map<string, number>();
  /** Feeds this process saw failing, for the gauge. */
  readonly #failing = new Set<string>();
  /**
   * Sources fetched into the store whose reload failed: their new articles are stored, and later fetches find
   * nothing new (a 304, the same items), so only this set brings them in.
   */
  readonly #unloaded = new Set<string>();

  constructor(options: FeedPollerOptions) {
    this.#options = options;
    this.#log = options.log ?? silentLogger;
  }

  get feeds(): FeedConfig[] {
    return this.#options.feeds;
  }

  #cycle: Promise<FeedFetchOutcome[]> | undefined;

  /**
   * What the bot runs on every tick: a poll, then one reload of the feeds that changed (`reload`: the corpus
   * sync's, so the other processes follow). One cycle at a time (a tick during a cycle joins it); never throws.
   */
  cycle(reload: (ids: string[], reason: string) => Promise<unknown>): Promise<FeedFetchOutcome[]> {
    this.#cycle ??= (async () => {
      try {
        const outcomes = await this.poll();
        const changed = changedSources(outcomes);
        const ids = [...new Set([...(changed?.ids ?? []), ...this.#unloaded])];
        if (ids.length > 0) {
          const reason = changed?.reason ?? 'feed articles fetched before a reload that failed';
          try {
            await reload(ids, reason);
          } catch (error) {
            for (const id of ids) this.#unloaded.add(id);
            throw error;
          }
          this.#unloaded.clear();
          this.#log.info({ sources: ids, reason }, 'feed sources changed the corpus');
        }
        return outcomes;
      } catch (error) {
        this.#log.error({ err: error }, 'feed poll cycle failed; the next tick retries');
        return [];
      }
    })().finally(() => (this.#cycle = undefined));
    return this.#cycle;
  }

  /**
   * One cycle: fetches every enabled feed that is due and that this process wins the claim for (every enabled
   * feed, unclaimed, with `force`: `newsbot sources fetch`). Never throws; failures are in the outcomes.
   */
  async poll(options: { force?: boolean } = {}): Promise<FeedFetchOutcome[]> {
    const now = this.#now();
    const candidates = this.#options.feeds.filter((feed) => feed.enabled && (options.force || (this.#due.get(feed.name) ?? 0) <= now));
    if (candidates.length === 0) return [];
    const states = await this.#options.states.getMany(candidates.map((feed) => feed.name));
    const outcomes: FeedFetchOutcome[] = [];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < candidates.length; i = next++) {
        // One feed's failure (its state not saved) leaves the others' outcomes, and their reload, standing.
        const outcome = await this.#maybeFetch(candidates[i]!, states[i], now, options.force ?? false).catch((error: unknown) => {
          this.#log.error({ err: error, source: candidates[i]!.name }, 'feed source poll failed; the next tick retries');
          return undefined;
        });
        if (outcome) outcomes.push(outcome);
      }
    };
    await Promise.all(Array.from({ length: Math.min(FEED_POLL_DEFAULTS.concurrency, candidates.length) }, worker));
    this.#options.observer?.onFailing(this.#failing.size);
    return outcomes;
  }

  /** Every configured feed's persisted health, for `/admin status`. */
  async health(): Promise<FeedHealth[]> {
    const { feeds, states } = this.#options;
    const all = await states.getMany(feeds.map((feed) => feed.name));
    return feeds.map((feed, i) => {
      const state = all[i];
      return {
        name: feed.name,
        url: feed.url,
        enabled: feed.enabled,
        articles: state?.articles.length ?? 0,
        failing: (state?.failures ?? 0) > 0,
        failures: state?.failures ?? 0,
        failingSince: state?.failingSince,
        lastError: state?.lastError,
        lastOkAt: state?.lastOkAt,
        nextAttemptAt: state?.nextAttemptAt,
      };
    });
  }

  #now(): number {
    return (this.#options.clock ?? systemClock).now().getTime();
  }

  async #maybeFetch(feed: FeedConfig, state: FeedState | undefined, now: number, force: boolean): Promise<FeedFetchOutcome | undefined> {
    if (force) return this.#fetch(feed, state, now);
    const dueAt = state?.nextAttemptAt ? Date.parse(state.nextAttemptAt) : 0;
    if (dueAt > now) {
      this.#due.set(feed.name, dueAt);
      return undefined;
    }
    // The claim is the interval: taken for `every` and never released, so with several processes each feed is
    // fetched once per interval, and an unchanged feed (304) costs one store write, the claim.
    if (!(await this.#options.claims.claim(fetchClaimKey(feed.name), this.#options.owner, feed.everyMs))) {
      this.#due.set(feed.name, now + Math.min(feed.everyMs, FEED_POLL_DEFAULTS.tickMs * 3));
      return undefined;
    }
    return this.#fetch(feed, state, now);
  }

  /** Fetches one feed now and persists the result (no claim: callers hold it or do not need one). */
  async #fetch(feed: FeedConfig, previous: FeedState | undefined, now: number): Promise<FeedFetchOutcome> {
    const sameUrl = previous?.url === feed.url;
    const base: FeedState = previous ? { ...previous, url: feed.url } : { url: feed.url, articles: [], items: 0, failures: 0 };
    const at = new Date(now).toISOString();
    let state: FeedState;
    let outcome: FeedFetchOutcome;
    try {
      const response = await safeFetch(feed.url, { ...this.#options.fetch, ...(sameUrl && { etag: previous.etag, lastModified: previous.lastModified }) });
      if (!('body' in response)) {
        outcome = { name: feed.name, url: feed.url, ok: true, status: 304, new: 0, updated: 0, items: 0 };
        this.#options.observer?.onFetch('not_modified');
        this.#failing.delete(feed.name);
        // Nothing new, nothing to recover from: the claim already says "fetched for this interval".
        if (previous && !previous.failures) {
          this.#due.set(feed.name, now + feed.everyMs);
          return outcome;
        }
        state = { ...base, lastAttemptAt: at, lastOkAt: at, lastStatus: 304, failures: 0, failingSince: undefined, lastError: undefined };
      } else {
        const parsed = feedArticles(response.body, { name: feed.name, url: response.url, language: feed.language, topics: feed.topics }, this.#options.taxonomy);
        const merged = mergeFetched(base.articles, parsed.articles);
        state = {
          ...base,
          etag: response.etag,
          lastModified: response.lastModified,
          articles: merged.articles,
          items: parsed.articles.length + parsed.skipped.length,
          lastAttemptAt: at,
          lastOkAt: at,
          lastStatus: response.status,
          failures: 0,
          failingSince: undefined,
          lastError: undefined,
        };
        outcome = { name: feed.name, url: feed.url, ok: true, status: response.status, new: merged.added, updated: merged.updated, items: state.items };
        if (parsed.skipped.length) this.#log.warn({ source: feed.name, skipped: parsed.skipped }, 'feed items skipped');
        this.#options.observer?.onFetch('ok');
      }
      if (previous?.failures) this.#log.info({ source: feed.name, after: previous.failures }, 'feed source recovered');
      this.#failing.delete(feed.name);
      state.nextAttemptAt = new Date(now + feed.everyMs).toISOString();
    } catch (error) {
      const failures = base.failures + 1;
      const delay = Math.min(feed.everyMs * 2 ** (failures - 1), FEED_POLL_DEFAULTS.maxBackoffMs) * (0.75 + 0.5 * (this.#options.random ?? Math.random)());
      const message = (error as Error).message;
      state = {
        ...base,
        lastAttemptAt: at,
        lastStatus: (error as { status?: number }).status,
        failures,
        failingSince: base.failingSince ?? at,
        lastError: message,
        nextAttemptAt: new Date(now + delay).toISOString(),
      };
      outcome = { name: feed.name, url: feed.url, ok: false, status: state.lastStatus, new: 0, updated: 0, items: 0, error: message };
      const forADay = now - Date.parse(state.failingSince!) >= DAY_MS;
      (forADay ? this.#log.error : this.#log.warn).call(this.#log, { source: feed.name, url: redactUrl(feed.url), failures, failingSince: state.failingSince, retryAt: state.nextAttemptAt, err: message }, forADay ? 'feed source failing for a day or more' : 'feed source fetch failed');
      this.#failing.add(feed.name);
      this.#options.observer?.onFetch('error');
    }
    await this.#options.states.put(feed.name, state);
    this.#due.set(feed.name, Date.parse(state.nextAttemptAt!));
    return outcome;
  }
}

/** The corpus sources to reload after a cycle, and why (for the change record). */
export function changedSources(outcomes: FeedFetchOutcome[]): { ids: string[]; reason: string } | undefined {
  const changed = outcomes.filter((outcome) => outcome.new + outcome.updated > 0);
  if (changed.length === 0) return undefined;
  const parts = changed.map((outcome) => `${outcome.name}: ${outcome.new} new${outcome.updated ? `, ${outcome.updated} updated` : ''}`);
  return { ids: changed.map((outcome) => feedSourceId(outcome.name)), reason: `feed ${parts.slice(0, 3).join('; ')}${parts.length > 3 ? `; +${parts.length - 3} more` : ''}` };
}

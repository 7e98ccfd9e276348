// What an admin can do to a server's feeds and digests, each as one operation that owns every step behind it
// (validate, store, schedule, forget status) and returns what happened or what is wrong. The Discord
// commands parse options, call one of these, and word the result; the CLI or a web UI could do the same.
import type { Article } from '../types.ts';
import type { Delivery } from './delivery.ts';
import type { DigestSelection } from './digest-runner.ts';
import type { ArticleQuery, Clock, Digest, Feed } from './model.ts';
import type { TargetStatus } from './status.ts';
import { ALL } from './send-once.ts';
import { buildDigest, buildFeed, type DigestInput, type FeedInput, type Problem } from './validate.ts';

export interface OperationsDeps {
  delivery: Delivery;
  /** The live corpus, read at each call (it changes on reseed). */
  articles: () => ArticleQuery;
  clock: Clock;
  /** For feeds and digests created without a timezone. */
  defaultTimezone: string;
  /** Feeds one server may have (MAX_FEEDS_PER_GUILD; its default lives in src/config/config.ts). */
  maxFeedsPerGuild: number;
}

/** The heat of the articles a feed can post, coldest to hottest; undefined when it has none. */
export interface HeatRange {
  min: number;
  max: number;
}

/** Saved, but worth telling the admin. */
export type FeedWarning = { code: 'heat.unreachable'; params: { minHeat: number; maxHeat: number } };

export type Outcome<T> = ({ ok: true } & T) | { ok: false; problems: Problem[] };

export interface Scheduled<T> {
  item: T;
  nextRun: Date | null;
}

export interface FeedRow extends Scheduled<Feed> {
  status: TargetStatus | undefined;
}

export class DeliveryOperations {
  readonly #deps: OperationsDeps;

  constructor(deps: OperationsDeps) {
    this.#deps = deps;
  }

  /** Validates, refuses past the server's feed limit, saves and schedules; warns when `minHeat` can never be met. */
  async addFeed(input: FeedInput): Promise<Outcome<Scheduled<Feed> & { heat: HeatRange | undefined; warnings: FeedWarning[] }>> {
    const { delivery } = this.#deps;
    const built = buildFeed(input, this.#context());
    const count = (await delivery.feeds.listByGuild(input.guildId)).length;
    const limit = count >= this.#deps.maxFeedsPerGuild ? feedLimitProblem(this.#deps.maxFeedsPerGuild) : undefined;
    if (!built.ok || limit) return { ok: false, problems: [...(built.ok ? [] : built.problems), ...(limit ? [limit] : [])] };
    const feed = built.value;
    await delivery.feeds.put(feed);
    await delivery.scheduler.scheduleFeed(feed);
    const heat = heatRange(this.#deps.articles().hottest({ topics: feed.topics, limit: ALL }));
    const warnings: FeedWarning[] = heat && feed.minHeat > heat.max ? [{ code: 'heat.unreachable', params: { minHeat: feed.minHeat, maxHeat: heat.max } }] : [];
    return { ok: true, item: feed, nextRun: delivery.scheduler.nextRun('feed', feed.id), heat, warnings };
  }

  /**
   * The server's feeds in the order they were added, with their status and next run: all of them, or the
   * `limit` from `offset` (a page of a long list reads only its own statuses). `total` counts them all.
   */
  async listFeeds(guildId: string, range: { offset: number; limit: number } = { offset: 0, limit: Infinity }): Promise<{ rows: FeedRow[]; total: number }> {
    const { feeds, status, scheduler } = this.#deps.delivery;
    const all = await feeds.listByGuild(guildId);
    const page = all.slice(range.offset, range.offset + range.limit);
    const rows = await Promise.all(page.map(async (feed) => ({ item: feed, status: await status.get('feed', feed.id), nextRun: scheduler.nextRun('feed', feed.id) })));
    return { rows, total: all.length };
  }

  /** The feed `id` if it belongs to `guildId` (ids are not secrets: another server's are refused). */
  async feed(guildId: string, id: string): Promise<Feed | undefined> {
    const feed = await this.#deps.delivery.feeds.get(id.trim());
    return feed?.guildId === guildId ? feed : undefined;
  }

  /** Unschedules, deletes and forgets the feed; undefined when the server has no such feed. */
  async removeFeed(guildId: string, id: string): Promise<Feed | undefined> {
    const feed = await this.feed(guildId, id);
    if (!feed) return undefined;
    const { feeds, scheduler, status } = this.#deps.delivery;
    scheduler.unschedule('feed', feed.id);
    await feeds.delete(feed.id);
    await status.forget('feed', feed.id);
    return feed;
  }

  pauseFeed(guildId: string, id: string): Promise<Scheduled<Feed> | undefined> {
    return this.#setPaused(guildId, id, true);
  }

  /** Also clears a pause the bot made itself (a lost channel), once the admin says it is fixed. */
  resumeFeed(guildId: string, id: string): Promise<Scheduled<Feed> | undefined> {
    return this.#setPaused(guildId, id, false);
  }

  /** What the feed would post now, without posting. */
  async testFeed(guildId: string, id: string): Promise<{ item: Feed; articles: Article[] } | undefined> {
    const feed = await this.feed(guildId, id);
    return feed && { item: feed, articles: await this.#deps.delivery.feedRunner.preview(feed) };
  }

  /** Validates, saves (replacing the channel's digest) and schedules. */
  async setDigest(input: DigestInput): Promise<Outcome<Scheduled<Digest>>> {
    const { delivery } = this.#deps;
    const built = buildDigest(input, this.#context());
    if (!built.ok) return built;
    await delivery.digests.put(built.value);
    await delivery.scheduler.scheduleDigest(built.value);
    return { ok: true, item: built.value, nextRun: delivery.scheduler.nextRun('digest', built.value.id) };
  }

  /** The server's digests (the one of `channelId` only, when given), with their next run. */
  async listDigests(guildId: string, channelId?: string): Promise<Scheduled<Digest>[]> {
    const { digests, scheduler } = this.#deps.delivery;
    const all = await digests.listByGuild(guildId);
    return all.filter((d) => !channelId || d.channelId === channelId).map((d) => ({ item: d, nextRun: scheduler.nextRun('digest', d.id) }));
  }

  /** Turns off the server's digests (the one of `channelId` only, when given); returns those turned off. */
  async removeDigests(guildId: string, channelId?: string): Promise<Digest[]> {
    const { digests, scheduler, status } = this.#deps.delivery;
    const removed = (await this.listDigests(guildId, channelId)).map((d) => d.item);
    for (const digest of removed) {
      scheduler.unschedule('digest', digest.id);
      await digests.delete(digest.id);
      await status.forget('digest', digest.id);
    }
    return removed;
  }

  /** What the next digest (of `channelId`, or the server's first) would post now; undefined when there is none. */
  async previewDigest(guildId: string, channelId?: string): Promise<{ item: Digest; selection: DigestSelection } | undefined> {
    const [first] = await this.listDigests(guildId, channelId);
    if (!first) return undefined;
    return { item: first.item, selection: await this.#deps.delivery.digestRunner.select(first.item, this.#deps.clock.now()) };
  }

  async #setPaused(guildId: string, id: string, paused: boolean): Promise<Scheduled<Feed> | undefined> {
    const feed = await this.feed(guildId, id);
    if (!feed) return undefined;
    const { feeds, scheduler } = this.#deps.delivery;
    const updated = await feeds.update(feed.id, ({ pausedReason: _, ...rest }) => ({ ...rest, paused }));
    if (!updated) return undefined;
    await scheduler.scheduleFeed(updated);
    return { item: updated, nextRun: scheduler.nextRun('feed', updated.id) };
  }

  #context() {
    return { source: this.#deps.articles(), now: this.#deps.clock.now(), defaultTimezone: this.#deps.defaultTimezone };
  }
}

export function feedLimitProblem(max: number): Problem {
  return { code: 'feeds.limit', params: { max }, message: `this server already has ${max} feeds, the most it may have; remove one first (/feed list, /feed remove)` };
}

function heatRange(articles: readonly Article[]): HeatRange | undefined {
  if (articles.length === 0) return undefined;
  // A loop, not Math.min(...heats): a large corpus would overflow the argument list.
  return articles.reduce((range, a) => ({ min: Math.min(range.min, a.heat), max: Math.max(range.max, a.heat) }), { min: Infinity, max: -Infinity });
}

// One feed run: the hottest matching articles this channel has not had, one message each, exactly once.
import type { Article } from '../types.ts';
import type { Feed } from './model.ts';
import type { FeedRepo } from './repos.ts';
import { feedPostKey, nonceFor } from './nonce.ts';
import { ALL, pauseForChannel, recordFailure, recordRun, sendOnce, type RunnerDeps } from './send-once.ts';

export interface FeedRunResult {
  posted: { articleId: string; messageId: string }[];
  /** Set when the channel is unusable and the feed was paused by this run. */
  pausedReason?: string;
  /** Set when the run stopped on a transient error; the next tick retries. */
  error?: string;
  /** The feed was already paused: nothing was attempted. */
  skippedPaused?: boolean;
}

export class FeedRunner {
  readonly #deps: RunnerDeps;
  readonly #feeds: FeedRepo;

  constructor(deps: RunnerDeps, feeds: FeedRepo) {
    this.#deps = deps;
    this.#feeds = feeds;
  }

  /** What a run would post now, without posting or claiming (for `/feed test`). */
  async preview(feed: Feed): Promise<Article[]> {
    return (await this.#unposted(feed)).slice(0, feed.maxPerRun);
  }

  async run(feed: Feed, now: Date): Promise<FeedRunResult> {
    if (feed.paused) return { posted: [], skippedPaused: true };
    const posted: FeedRunResult['posted'] = [];
    for (const article of await this.#unposted(feed)) {
      if (posted.length >= feed.maxPerRun) break;
      const outcome = await sendOnce(this.#deps, {
        key: feedPostKey(feed.channelId, article.id),
        channelId: feed.channelId,
        message: { kind: 'feed', feedId: feed.id, articles: [article], roleId: feed.roleId },
        nonce: nonceFor(feed.channelId, article.id),
      });
      if (outcome.kind === 'sent') posted.push({ articleId: article.id, messageId: outcome.messageId });
      else if (outcome.kind === 'unavailable') {
        return { posted, pausedReason: await pauseForChannel(this.#deps, this.#feeds, 'feed', feed, outcome.error, now) };
      } else if (outcome.kind === 'failed') {
        await recordFailure(this.#deps, this.#feeds, 'feed', feed, outcome.error, now);
        return { posted, error: outcome.error.message };
      }
      // 'taken': another process has it or had it; try the next candidate.
    }
    await recordRun(this.#deps, this.#feeds, 'feed', feed, posted.length, now);
    return { posted };
  }

  /** Every match (not CorpusIndex's default top 10), hottest first, minus those this channel already has. */
  async #unposted(feed: Feed): Promise<Article[]> {
    const candidates = this.#deps.articles().hottest({ topics: feed.topics, minHeat: feed.minHeat, limit: ALL });
    const keyOf = (article: Article) => feedPostKey(feed.channelId, article.id);
    const done = await this.#deps.claims.doneAmong(candidates.map(keyOf));
    return candidates.filter((article) => !done.has(keyOf(article)));
  }
}

// One feed run: the hottest matching stories this channel has not had, one message each (the story's best
// article, naming its other sources), exactly once.
import type Keyv from 'keyv';
import type { Article, Story } from '../types.ts';
import type { Feed } from './model.ts';
import type { FeedRepo } from './repos.ts';
import { nextRunAfter } from './cron-time.ts';
import { feedPostKey, nonceFor } from './nonce.ts';
import { ALL, DEFAULT_CLAIM_TTL_MS, pauseForChannel, recordFailure, recordRun, sendOnce, type RunnerDeps } from './send-once.ts';

export interface FeedRunResult {
  posted: { articleId: string; messageId: string; storyId: string }[];
  /** Set when the channel is unusable and the feed was paused by this run. */
  pausedReason?: string;
  /** Set when the run stopped on a transient error; the scheduler retries it. */
  error?: string;
  /** The feed was already paused: nothing was attempted. */
  skippedPaused?: boolean;
  /** Another process runs this scheduled tick (several processes without shards all fire it): nothing was attempted. */
  alreadySent?: boolean;
  /**
   * Epoch ms when a post claimed but not confirmed by another sender (maybe one that crashed after Discord took
   * the message) becomes free: a run soon after resends it inside Discord's nonce window, as one message.
   */
  recheckAt?: number;
}

export interface FeedRunnerOptions {
  /** Keyv namespace 'history': which article each channel got for a story, and its heat then. */
  history: Keyv;
}

/** A later article of a story already posted in the channel is posted only when this much hotter (0–100 scale). */
export const MUCH_HOTTER = 20;

/**
 * How long a feed's tick claim lasts: long enough for every process to have fired the same tick (they fire it
 * together, give or take a held event loop), short enough that the next tick, or one of a schedule edited
 * meanwhile, is free; and it ends a second before the next tick at the latest.
 */
const TICK_CLAIM = { ms: 30_000, marginMs: 1_000 };

/** What one message carries: the story's first post, or a much hotter article of a story already posted. */
interface Unit {
  article: Article;
  story: Story;
  /** The claim key: `post:<channel>:<story id>` for a story (for a one-article story, the article's own key), `post:<channel>:<article id>` for a hotter article. */
  key: string;
  nonce: string;
}

interface StoryRecord {
  articleId: string;
  heat: number;
}

/** An article outside any story (built by hand, or by a source that groups nothing) is a story of its own. */
function storyOf(article: Article): Story {
  return article.story ?? { id: article.id, articles: [article.id], sources: [] };
}

const recordKey = (channelId: string, storyId: string): string => `feed-story:${channelId}:${storyId}`;

export class FeedRunner {
  readonly #deps: RunnerDeps;
  readonly #feeds: FeedRepo;
  readonly #history: Keyv;

  constructor(deps: RunnerDeps, feeds: FeedRepo, options: FeedRunnerOptions) {
    this.#deps = deps;
    this.#feeds = feeds;
    this.#history = options.history;
  }

  #claimTick(feed: Feed, tick: Date, now: Date): Promise<boolean> {
    const next = nextRunAfter(feed.schedule, feed.timezone, tick);
    const untilNext = next ? next.getTime() - now.getTime() - TICK_CLAIM.marginMs : TICK_CLAIM.ms;
    return this.#deps.claims.claim(`feed-tick:${feed.id}`, this.#deps.owner, Math.max(TICK_CLAIM.marginMs, Math.min(TICK_CLAIM.ms, untilNext)));
  }

  /** What a run would post now, without posting or claiming (for `/feed test`). */
  async preview(feed: Feed): Promise<Article[]> {
    return (await this.#units(feed)).slice(0, feed.maxPerRun).map((unit) => unit.article);
  }

  /**
   * `tick`: the scheduled time this run is for. Processes without shards all fire every tick, and each would
   * post its own max_per_run: the first to claim the tick runs it (the claim lasts TICK_CLAIM).
   */
  async run(feed: Feed, now: Date, tick?: Date): Promise<FeedRunResult> {
    if (feed.paused) return { posted: [], skippedPaused: true };
    if (tick && !(await this.#claimTick(feed, tick, now))) return { posted: [], alreadySent: true };
    const posted: FeedRunResult['posted'] = [];
    let recheckAt: number | undefined;
    for (const unit of await this.#units(feed)) {
      if (posted.length >= feed.maxPerRun) break;
      const outcome = await sendOnce(this.#deps, {
        key: unit.key,
        channelId: feed.channelId,
        message: { kind: 'feed', feedId: feed.id, articles: [unit.article], roleId: feed.roleId },
        nonce: unit.nonce,
      });
      if (outcome.kind === 'sent') {
        posted.push({ articleId: unit.article.id, messageId: outcome.messageId, storyId: unit.story.id });
        // After the claim is confirmed; a crash before these writes only means no later "much hotter" re-post,
        // or (if the story's first article then leaves the corpus) one repeat.
        await this.#markArticle(feed.channelId, unit, outcome.messageId);
        await this.#history.set(recordKey(feed.channelId, unit.story.id), { articleId: unit.article.id, heat: unit.article.heat } satisfies StoryRecord);
      } else if (outcome.kind === 'unavailable') {
        return { posted, pausedReason: await pauseForChannel(this.#deps, this.#feeds, 'feed', feed, outcome.error, now) };
      } else if (outcome.kind === 'failed') {
        await recordFailure(this.#deps, this.#feeds, 'feed', feed, outcome.error, now);
        return { posted, error: outcome.error.message };
      }
      // 'taken': another process has it or had it; try the next candidate.
      else if (outcome.heldUntil !== undefined) recheckAt = Math.min(recheckAt ?? Infinity, outcome.heldUntil);
    }
    await recordRun(this.#deps, this.#feeds, 'feed', feed, posted.length, now);
    return recheckAt === undefined ? { posted } : { posted, recheckAt };
  }

  /**
   * A story's post is claimed under the story id; the posted article's own key is marked done too, so the
   * story is still recognised as posted if the article its id came from leaves the corpus.
   */
  async #markArticle(channelId: string, unit: Unit, messageId: string): Promise<void> {
    const key = feedPostKey(channelId, unit.article.id);
    if (key === unit.key) return;
    const { claims, owner, claimTtlMs } = this.#deps;
    if (await claims.claim(key, owner, claimTtlMs ?? DEFAULT_CLAIM_TTL_MS)) await claims.confirm(key, messageId);
  }

  /**
   * Every match (not CorpusIndex's default top 10), hottest first, one unit per story: a story none of whose
   * articles this channel has had posts its hottest article; a story already posted posts a later article
   * only when it is MUCH_HOTTER than the one posted was when posted.
   * A story counts as posted when any of its articles' keys is done: story ids are article ids, so a story
   * whose id changed (an earlier article joined it) is still recognised.
   */
  async #units(feed: Feed): Promise<Unit[]> {
    const source = this.#deps.articles();
    const candidates = source.hottest({ topics: feed.topics, minHeat: feed.minHeat, limit: ALL });
    const keyOf = (id: string) => feedPostKey(feed.channelId, id);
    const done = await this.#deps.claims.doneAmong([...new Set(candidates.flatMap((a) => storyOf(a).articles.map(keyOf)))]);
    const fresh: Unit[] = [];
    const later: { article: Article; story: Story }[] = [];
    const taken = new Set<string>();
    for (const article of candidates) {
      const story = storyOf(article);
      if (done.has(keyOf(article.id)) || taken.has(story.id)) continue;
      taken.add(story.id);
      if (story.articles.some((id) => done.has(keyOf(id)))) later.push({ article, story });
      else fresh.push({ article, story, key: keyOf(story.id), nonce: nonceFor(feed.channelId, story.id) });
    }
    if (later.length === 0) return fresh;
    const records = await this.#history.getMany<StoryRecord>(later.map(({ story }) => recordKey(feed.channelId, story.id)));
    const hotter = later.filter(({ article }, i) => {
      const record = records[i];
      // No record: posted before records were kept, or the write was lost. Never repeat on a guess.
      return record !== undefined && record.articleId !== article.id && article.heat >= record.heat + MUCH_HOTTER;
    });
    if (hotter.length === 0) return fresh;
    const rank = new Map(candidates.map((article, i) => [article, i]));
    const units = [...fresh, ...hotter.map(({ article, story }) => ({ article, story, key: keyOf(article.id), nonce: nonceFor(feed.channelId, article.id) }))];
    return units.sort((a, b) => rank.get(a.article)! - rank.get(b.article)!);
  }
}

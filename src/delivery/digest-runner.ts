// One digest: a single message with the top stories of the period that no earlier digest of that channel
// carried (one item per story), plus topic briefings. Claimed once per (channel, period).
import type Keyv from 'keyv';
import type { Article } from '../types.ts';
import type { BriefTopic, Digest, TopicBriefing } from './model.ts';
import type { DigestRepo } from './repos.ts';
import { digestPostKey, nonceFor } from './nonce.ts';
import { ALL, pauseForChannel, recordFailure, recordRun, sendOnce, type RunnerDeps } from './send-once.ts';

export interface DigestSelection {
  articles: Article[];
  /** How many of `articles` were published in the period; the rest are older ones no digest carried yet. */
  fromPeriod: number;
  briefings: TopicBriefing[];
  period: { from: string; to: string };
}

export interface DigestRunResult {
  messageId?: string;
  articleIds: string[];
  /** This period's digest was already sent (or is being sent) by a process. */
  alreadySent?: boolean;
  /** Nothing left to send: every matching article was in an earlier digest. */
  empty?: boolean;
  pausedReason?: string;
  error?: string;
  skippedPaused?: boolean;
}

const DEFAULT_PERIOD_MS = 24 * 3600_000;
const MAX_BRIEFINGS = 3;
// Enough to never repeat within years of daily digests, small enough for one Keyv value.
const HISTORY_LIMIT = 5_000;

export interface DigestRunnerOptions {
  /** Keyv namespace 'history': article ids already sent per channel. */
  history: Keyv;
  /** src/summary's briefTopic; without it digests carry no briefing. */
  brief?: BriefTopic;
}

export class DigestRunner {
  readonly #deps: RunnerDeps;
  readonly #digests: DigestRepo;
  readonly #history: Keyv;
  readonly #brief: BriefTopic | undefined;

  constructor(deps: RunnerDeps, digests: DigestRepo, options: DigestRunnerOptions) {
    this.#deps = deps;
    this.#digests = digests;
    this.#history = options.history;
    this.#brief = options.brief;
  }

  /**
   * The period runs from the last digest (default: 24 h before `now`) to `now`. Its hottest unseen stories
   * come first; when it has fewer than `size` (a static corpus has none), older unseen ones fill the digest.
   * A story is one item (its hottest article; the post names its other sources), and is unseen while no
   * earlier digest of the channel carried any of its articles.
   */
  async select(digest: Digest, now: Date): Promise<DigestSelection> {
    const from = digest.lastRunAt ?? new Date(now.getTime() - DEFAULT_PERIOD_MS).toISOString();
    const to = now.toISOString();
    const seen = new Set(await this.#sent(digest.channelId));
    const source = this.#deps.articles();
    const unseen = (a: Article) => !seen.has(a.id) && !(a.story?.articles.some((id) => seen.has(id)) ?? false);
    const fresh = source.hottest({ topics: digest.topics, since: from, limit: ALL }).filter((a) => unseen(a) && (a.publishedAt ?? '') <= to);
    const freshIds = new Set(fresh.map((a) => a.id));
    const older = source.hottest({ topics: digest.topics, limit: ALL }).filter((a) => unseen(a) && !freshIds.has(a.id));
    const articles = onePerStory([...fresh, ...older], digest.size);
    return { articles, fromPeriod: articles.filter((a) => freshIds.has(a.id)).length, briefings: this.#briefings(digest, articles), period: { from, to } };
  }

  /** `period` names the scheduled slot (e.g. its ISO time); one digest per channel and period, ever. */
  async run(digest: Digest, now: Date, period: string): Promise<DigestRunResult> {
    if (digest.paused) return { articleIds: [], skippedPaused: true };
    const selection = await this.select(digest, now);
    if (selection.articles.length === 0) {
      await recordRun(this.#deps, this.#digests, 'digest', digest, 0, now);
      return { articleIds: [], empty: true };
    }
    const articleIds = selection.articles.map((a) => a.id);
    const outcome = await sendOnce(this.#deps, {
      key: digestPostKey(digest.channelId, period),
      channelId: digest.channelId,
      message: { kind: 'digest', digestId: digest.id, articles: selection.articles, briefings: selection.briefings, period: selection.period, timezone: digest.timezone },
      nonce: nonceFor(digest.channelId, `digest:${period}`),
    });
    switch (outcome.kind) {
      case 'taken':
        return { articleIds: [], alreadySent: true };
      case 'unavailable':
        return { articleIds: [], pausedReason: await pauseForChannel(this.#deps, this.#digests, 'digest', digest, outcome.error, now) };
      case 'failed':
        await recordFailure(this.#deps, this.#digests, 'digest', digest, outcome.error, now);
        return { articleIds: [], error: outcome.error.message };
      case 'sent':
        // Only one process holds this period's claim, so this read-modify-write has no concurrent writer.
        await this.#history.set(`sent:${digest.channelId}`, [...articleIds, ...(await this.#sent(digest.channelId))].slice(0, HISTORY_LIMIT));
        await recordRun(this.#deps, this.#digests, 'digest', digest, 1, now);
        return { messageId: outcome.messageId, articleIds };
    }
  }

  async #sent(channelId: string): Promise<string[]> {
    return (await this.#history.get<string[]>(`sent:${channelId}`)) ?? [];
  }

  /** The digest's topics, or else the most common topic among its articles. */
  #briefings(digest: Digest, articles: Article[]): TopicBriefing[] {
    const brief = this.#brief;
    if (!brief || articles.length === 0) return [];
    const topics = digest.topics?.length ? digest.topics : mostCommonTopic(articles);
    return topics
      .slice(0, MAX_BRIEFINGS)
      .map((topic) => ({ topic, about: articles.filter((a) => a.topics.includes(topic)) }))
      .filter(({ about }) => about.length > 0)
      .map(({ topic, about }) => brief(topic, about));
  }
}

/** The first `size` articles of distinct stories, in order. */
function onePerStory(articles: Article[], size: number): Article[] {
  const stories = new Set<string>();
  const kept: Article[] = [];
  for (const article of articles) {
    if (kept.length >= size) break;
    const story = article.story?.id ?? article.id;
    if (stories.has(story)) continue;
    stories.add(story);
    kept.push(article);
  }
  return kept;
}

function mostCommonTopic(articles: Article[]): string[] {
  const counts = new Map<string, number>();
  for (const topic of articles.flatMap((a) => a.topics)) counts.set(topic, (counts.get(topic) ?? 0) + 1);
  const best = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  return best ? [best[0]] : [];
}

// The data delivery works on, and the interfaces it needs from the outside (clock, articles, the Discord edge).
import type { Article } from '../types.ts';
import type { TopicBriefing } from '../summary/index.ts';

/** A scheduled feed: every tick posts the hottest matching articles that channel has not had yet. */
export interface Feed {
  id: string;
  guildId: string;
  channelId: string;
  /** Canonical topic names; an article matches when it has any of them. */
  topics: string[];
  minHeat: number;
  /** 5-field cron expression, evaluated in `timezone`. */
  schedule: string;
  timezone: string;
  /** The only role the post may mention. */
  roleId?: string;
  /** 1–10 articles per run, one message each. */
  maxPerRun: number;
  paused: boolean;
  /** Why it was paused, e.g. "channel 123 is gone (404)"; absent when paused by a user. */
  pausedReason?: string;
  createdBy: string;
  /** ISO time; the reference for catch-up before the first run. */
  createdAt: string;
  lastRunAt?: string;
  lastError?: string;
}

/** A daily digest: one per channel, so its id is the channel id. */
export interface Digest {
  id: string;
  guildId: string;
  channelId: string;
  /** 'HH:MM', 24-hour, in `timezone`. */
  time: string;
  timezone: string;
  /** Restrict to these topics; absent: all topics. */
  topics?: string[];
  /** Articles per digest, 1–10. */
  size: number;
  paused?: boolean;
  pausedReason?: string;
  createdBy: string;
  createdAt: string;
  lastRunAt?: string;
  lastError?: string;
}

export type { TopicBriefing };

/** src/summary's briefTopic, or a stand-in in tests. */
export type BriefTopic = (topic: string, articles: Article[]) => TopicBriefing;

/** What the Discord edge renders. A feed message carries exactly one article (the exactly-once unit). */
export type OutgoingPost =
  | { kind: 'feed'; feedId: string; articles: [Article]; roleId?: string }
  /** `timezone`: the digest's, which dates it (a 06:30 digest in Asia/Ho_Chi_Minh is that day's, not UTC's day before). */
  | { kind: 'digest'; digestId: string; articles: Article[]; briefings: TopicBriefing[]; period: { from: string; to: string }; timezone: string };

export interface Poster {
  /**
   * Sends one message. `nonce` is deterministic per (channel, article or digest period): send it with
   * enforce_nonce so a resend after a crash returns the existing message instead of a duplicate.
   * Throws ChannelUnavailableError when the channel is gone or forbids posting; anything else is treated as transient.
   */
  post(channelId: string, message: OutgoingPost, nonce: string): Promise<{ messageId: string }>;
}

export type ChannelProblem = 'missing' | 'forbidden';

/** The channel cannot take posts (deleted, or the bot lost permission): retrying will not help. */
export class ChannelUnavailableError extends Error {
  readonly reason: ChannelProblem;
  constructor(reason: ChannelProblem, message: string) {
    super(message);
    this.name = 'ChannelUnavailableError';
    this.reason = reason;
  }
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The slice of CorpusIndex delivery reads: a query over the index (docs/architecture.md); "source" means src/sources/. */
export interface ArticleQuery {
  hottest(filter?: { topics?: string[]; minHeat?: number; language?: string; since?: string; limit?: number }): Article[];
  resolveTopic(query: string): string | undefined;
  suggestTopics(prefix: string, limit?: number): { name: string; count: number }[];
}

/** pino-compatible: `log.warn({ feedId }, 'paused')`. */
export interface DeliveryLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export const silentLogger: DeliveryLogger = { info() {}, warn() {}, error() {} };

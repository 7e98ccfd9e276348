// Checks for what users type into /feed add and /digest set. Each returns a message that says what is wrong
// and what to type instead; build* collect every problem so nothing is saved half-valid.
import { randomBytes } from 'node:crypto';
import cron from 'node-cron';
import { canonicalTimezone, timezoneProblem } from '../config/timezone.ts';
import type { ArticleSource, Digest, Feed } from './model.ts';

export const MAX_PER_RUN = { min: 1, max: 10, default: 3 } as const;
export const DIGEST_SIZE = { min: 1, max: 10, default: 5 } as const;
export const MIN_HEAT = { min: 0, max: 1000, default: 0 } as const;

export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  const example = 'use 5 fields "minute hour day month weekday", e.g. "0 9 * * *" (09:00 daily) or "*/30 * * * *" (every 30 minutes)';
  // node-cron also takes a leading seconds field; a feed firing every second would only hit rate limits.
  if (fields.length !== 5) return `"${expression}" is not a schedule: ${example}`;
  const check = cron.validateDetailed(expression.trim());
  if (!check.valid) return `"${expression}" is not a valid cron schedule (${check.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}); ${example}`;
  return undefined;
}

export function timeProblem(time: string): string | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  if (match && Number(match[1]) <= 23 && Number(match[2]) <= 59) return undefined;
  return `"${time}" is not a time of day; use 24-hour HH:MM, e.g. 08:30 or 18:00`;
}

function rangeProblem(name: string, value: number, range: { min: number; max: number }, integer: boolean): string | undefined {
  if (Number.isFinite(value) && value >= range.min && value <= range.max && (!integer || Number.isInteger(value))) return undefined;
  return `${name} must be ${integer ? 'a whole number' : 'a number'} from ${range.min} to ${range.max} (got ${value})`;
}

export const minHeatProblem = (value: number) => rangeProblem('min_heat', value, MIN_HEAT, false);
export const maxPerRunProblem = (value: number) => rangeProblem('max_per_run', value, MAX_PER_RUN, true);
export const digestSizeProblem = (value: number) => rangeProblem('size', value, DIGEST_SIZE, true);

/** "ai, Cloud" → canonical names via the index; unknown ones are reported with suggestions. */
export function resolveTopics(source: ArticleSource, input: string | string[]): { topics: string[]; problem?: string } {
  const names = (Array.isArray(input) ? input : input.split(',')).map((t) => t.trim()).filter(Boolean);
  if (names.length === 0) return { topics: [], problem: 'name at least one topic, e.g. "AI" or "AI, Cloud" (see /topics)' };
  const topics: string[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const topic = source.resolveTopic(name);
    if (topic && !topics.includes(topic)) topics.push(topic);
    else if (!topic) unknown.push(name);
  }
  if (unknown.length === 0) return { topics };
  const hints = unknown.map((name) => {
    const near = source.suggestTopics(name.slice(0, 3), 3).map((t) => t.name);
    return near.length ? `"${name}" (did you mean ${near.join(', ')}?)` : `"${name}"`;
  });
  return { topics, problem: `unknown topic ${hints.join(', ')}; see /topics for the list` };
}

export type Built<T> = { ok: true; value: T } | { ok: false; problems: string[] };

export interface FeedInput {
  guildId: string;
  channelId: string;
  topics: string | string[];
  minHeat?: number;
  schedule: string;
  timezone?: string;
  roleId?: string;
  maxPerRun?: number;
  createdBy: string;
}

export interface BuildContext {
  source: ArticleSource;
  now: Date;
  defaultTimezone: string;
}

export function buildFeed(input: FeedInput, context: BuildContext, id: string = newFeedId()): Built<Feed> {
  const topics = resolveTopics(context.source, input.topics);
  const timezone = input.timezone?.trim() || context.defaultTimezone;
  const minHeat = input.minHeat ?? MIN_HEAT.default;
  const maxPerRun = input.maxPerRun ?? MAX_PER_RUN.default;
  const problems = [topics.problem, cronProblem(input.schedule), timezoneProblem(timezone), minHeatProblem(minHeat), maxPerRunProblem(maxPerRun)];
  return collect(problems, () => ({
    id,
    guildId: input.guildId,
    channelId: input.channelId,
    topics: topics.topics,
    minHeat,
    schedule: input.schedule.trim(),
    timezone: canonicalTimezone(timezone) as string,
    ...(input.roleId ? { roleId: input.roleId } : {}),
    maxPerRun,
    paused: false,
    createdBy: input.createdBy,
    createdAt: context.now.toISOString(),
  }));
}

export interface DigestInput {
  guildId: string;
  channelId: string;
  time: string;
  timezone?: string;
  topics?: string | string[];
  size?: number;
  createdBy: string;
}

export function buildDigest(input: DigestInput, context: BuildContext): Built<Digest> {
  const wantsTopics = input.topics !== undefined && (Array.isArray(input.topics) ? input.topics.length > 0 : input.topics.trim() !== '');
  const topics = wantsTopics ? resolveTopics(context.source, input.topics as string | string[]) : undefined;
  const timezone = input.timezone?.trim() || context.defaultTimezone;
  const size = input.size ?? DIGEST_SIZE.default;
  const problems = [timeProblem(input.time), timezoneProblem(timezone), digestSizeProblem(size), topics?.problem];
  return collect(problems, () => {
    const [hours, minutes] = input.time.trim().split(':');
    return {
      id: input.channelId,
      guildId: input.guildId,
      channelId: input.channelId,
      time: `${hours?.padStart(2, '0')}:${minutes}`,
      timezone: canonicalTimezone(timezone) as string,
      ...(topics ? { topics: topics.topics } : {}),
      size,
      createdBy: input.createdBy,
      createdAt: context.now.toISOString(),
    };
  });
}

function collect<T>(problems: (string | undefined)[], build: () => T): Built<T> {
  const found = problems.filter((p): p is string => p !== undefined);
  return found.length ? { ok: false, problems: found } : { ok: true, value: build() };
}

/** Short, typeable in `/feed remove id:`. */
export function newFeedId(): string {
  return randomBytes(5).toString('hex');
}

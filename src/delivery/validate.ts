// Checks for what users type into /feed add and /digest set. Each returns a Problem that says what is wrong
// and what to type instead; build* collect every problem so nothing is saved half-valid.
import { randomBytes } from 'node:crypto';
import cron from 'node-cron';
import { canonicalTimezone, timezoneProblem } from '../config/timezone.ts';
import type { ArticleQuery, Digest, Feed } from './model.ts';

export const MAX_PER_RUN = { min: 1, max: 10, default: 3 } as const;
export const DIGEST_SIZE = { min: 1, max: 10, default: 5 } as const;
/** Heat is on one 0–100 scale (docs/corpus.md, Heat). */
export const MIN_HEAT = { min: 0, max: 100, default: 0 } as const;

/**
 * One thing wrong with the input: a code and its parameters for the Discord edge to word in the user's
 * language, and `message`, the English text for the CLI and logs.
 */
export type Problem = ProblemDetail & { message: string };

export type ProblemDetail =
  | { code: 'cron.fields'; params: { value: string } }
  | { code: 'cron.invalid'; params: { value: string; fields: CronFieldProblem[] } }
  | { code: 'time'; params: { value: string } }
  | { code: 'timezone'; params: { value: string } }
  | { code: 'range'; params: { option: string; min: number; max: number; value: number; integer: boolean } }
  | { code: 'topics.none'; params: Record<string, never> }
  | { code: 'topics.unknown'; params: { unknown: UnknownTopic[] } }
  | { code: 'feeds.limit'; params: { max: number } };

export interface UnknownTopic {
  name: string;
  /** Close topic names, maybe none. */
  suggestions: string[];
}

/** The five fields of a schedule, with the values each accepts. */
export const CRON_FIELDS = {
  minute: '0–59',
  hour: '0–23',
  day: '1–31',
  month: '1–12',
  weekday: '0–7',
} as const;

export type CronField = keyof typeof CRON_FIELDS;

/** One field of a schedule that is not valid, e.g. { field: 'minute', value: '61' }. */
export interface CronFieldProblem {
  field: CronField;
  value: string;
}

// node-cron's field names, and its messages stay out of replies: they are English only.
const NODE_CRON_FIELDS: Record<string, CronField> = { minute: 'minute', hour: 'hour', dayOfMonth: 'day', month: 'month', dayOfWeek: 'weekday' };

const CRON_EXAMPLE = 'use 5 fields "minute hour day month weekday", e.g. "0 9 * * *" (09:00 daily) or "*/30 * * * *" (every 30 minutes)';

export function cronProblem(expression: string): Problem | undefined {
  const value = expression.trim();
  // node-cron also takes a leading seconds field; a feed firing every second would only hit rate limits.
  if (value.split(/\s+/).length !== 5) {
    return { code: 'cron.fields', params: { value: expression }, message: `"${expression}" is not a schedule: ${CRON_EXAMPLE}` };
  }
  const check = cron.validateDetailed(value);
  if (check.valid) return undefined;
  const fields = check.errors.map((e) => ({ field: NODE_CRON_FIELDS[e.field] ?? 'minute', value: String(e.value) }));
  const detail = fields.map((f) => `${f.field} "${f.value}" must be ${CRON_FIELDS[f.field]}`).join('; ');
  return { code: 'cron.invalid', params: { value: expression, fields }, message: `"${expression}" is not a valid cron schedule (${detail}); ${CRON_EXAMPLE}` };
}

export function timeProblem(time: string): Problem | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  if (match && Number(match[1]) <= 23 && Number(match[2]) <= 59) return undefined;
  return { code: 'time', params: { value: time }, message: `"${time}" is not a time of day; use 24-hour HH:MM, e.g. 08:30 or 18:00` };
}

function zoneProblem(timezone: string): Problem | undefined {
  const message = timezoneProblem(timezone);
  return message === undefined ? undefined : { code: 'timezone', params: { value: timezone }, message };
}

function rangeProblem(option: string, value: number, range: { min: number; max: number }, integer: boolean): Problem | undefined {
  if (Number.isFinite(value) && value >= range.min && value <= range.max && (!integer || Number.isInteger(value))) return undefined;
  return {
    code: 'range',
    params: { option, min: range.min, max: range.max, value, integer },
    message: `${option} must be ${integer ? 'a whole number' : 'a number'} from ${range.min} to ${range.max} (got ${value})`,
  };
}

export const minHeatProblem = (value: number) => rangeProblem('min_heat', value, MIN_HEAT, false);
export const maxPerRunProblem = (value: number) => rangeProblem('max_per_run', value, MAX_PER_RUN, true);
export const digestSizeProblem = (value: number) => rangeProblem('size', value, DIGEST_SIZE, true);

/** "ai, Cloud" → canonical names via the index; unknown ones are reported with suggestions. */
export function resolveTopics(source: ArticleQuery, input: string | string[]): { topics: string[]; problem?: Problem } {
  const names = (Array.isArray(input) ? input : input.split(',')).map((t) => t.trim()).filter(Boolean);
  if (names.length === 0) {
    return { topics: [], problem: { code: 'topics.none', params: {}, message: 'name at least one topic, e.g. "AI" or "AI, Cloud" (see /topics)' } };
  }
  const topics: string[] = [];
  const unknown: UnknownTopic[] = [];
  for (const name of names) {
    const topic = source.resolveTopic(name);
    if (topic && !topics.includes(topic)) topics.push(topic);
    else if (!topic) unknown.push({ name, suggestions: source.suggestTopics(name.slice(0, 3), 3).map((t) => t.name) });
  }
  if (unknown.length === 0) return { topics };
  const hints = unknown.map(({ name, suggestions }) => (suggestions.length ? `"${name}" (did you mean ${suggestions.join(', ')}?)` : `"${name}"`));
  return { topics, problem: { code: 'topics.unknown', params: { unknown }, message: `unknown topic ${hints.join(', ')}; see /topics for the list` } };
}

export type Built<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

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
  source: ArticleQuery;
  now: Date;
  defaultTimezone: string;
}

export function buildFeed(input: FeedInput, context: BuildContext, id: string = newFeedId()): Built<Feed> {
  const topics = resolveTopics(context.source, input.topics);
  const timezone = input.timezone?.trim() || context.defaultTimezone;
  const minHeat = input.minHeat ?? MIN_HEAT.default;
  const maxPerRun = input.maxPerRun ?? MAX_PER_RUN.default;
  const problems = [topics.problem, cronProblem(input.schedule), zoneProblem(timezone), minHeatProblem(minHeat), maxPerRunProblem(maxPerRun)];
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
  const problems = [timeProblem(input.time), zoneProblem(timezone), digestSizeProblem(size), topics?.problem];
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

function collect<T>(problems: (Problem | undefined)[], build: () => T): Built<T> {
  const found = problems.filter((p): p is Problem => p !== undefined);
  return found.length ? { ok: false, problems: found } : { ok: true, value: build() };
}

/** Short, typeable in `/feed remove id:`. */
export function newFeedId(): string {
  return randomBytes(5).toString('hex');
}

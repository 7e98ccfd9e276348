// Validates the environment once at start. Every bad variable is reported together, each with its fix,
// so a misconfigured deployment needs one round trip, not one per variable.
import { timezoneProblem, canonicalTimezone } from './timezone.ts';
import { redactUrl } from '../storage/redact.ts';
import type { LlmSettings } from '../summary/llm.ts';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
/** auto: readable lines when stdout is a terminal, JSON lines otherwise (files, pipes, log collectors). */
export type LogFormat = 'auto' | 'pretty' | 'json';
const LOG_FORMATS: readonly LogFormat[] = ['auto', 'pretty', 'json'];

const LLM_TIMEOUT_MS = 10_000;
/** Enough for any real server; a cap keeps /feed list and the scheduler bounded. */
const MAX_FEEDS_PER_GUILD = 50;

export interface Config {
  /** Absent: playground mode (the caller decides). */
  discordToken?: string;
  /** From DISCORD_CLIENT_ID, else decoded from the token's first segment. */
  discordClientId?: string;
  /** Development guild: commands registered there update instantly. */
  discordGuildId?: string;
  discordApiUrl: string;
  dataDir: string;
  keyvUrl?: string;
  defaultTimezone: string;
  logLevel: LogLevel;
  logFormat: LogFormat;
  /** undefined: no metrics/health server. */
  metricsPort?: number;
  /** 1 (default): one process; 'auto': Discord's recommendation; N: N shards. */
  shards: 'auto' | number;
  /** Extra taxonomy files (TOPICS_FILE, comma-separated), read after taxonomy/topics.yaml. */
  topicsFiles: string[];
  /** Larger article files are skipped (CORPUS_MAX_FILE_BYTES); undefined: the loader's default, 1 MiB. */
  corpusMaxFileBytes?: number;
  /** The `newsbot summary` LLM (SUMMARY_LLM_URL, SUMMARY_LLM_MODEL, SUMMARY_LLM_KEY); undefined: extractive summaries. */
  summaryLlm?: LlmSettings;
  /** Corpus folders are watched and changes picked up within seconds (CORPUS_WATCH, default true). */
  corpusWatch: boolean;
  /** Feed sources (SOURCES_FILE: a YAML list, docs/sources.md); undefined: none. */
  sourcesFile?: string;
  /** Feeds may be fetched from private and loopback addresses (SOURCES_ALLOW_PRIVATE, default false). */
  sourcesAllowPrivate: boolean;
  /** Feeds one server may have (MAX_FEEDS_PER_GUILD, default 50). */
  maxFeedsPerGuild: number;
}

export interface ConfigProblem {
  variable: string;
  message: string;
}

export class ConfigError extends Error {
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const SNOWFLAKE = /^\d{17,20}$/;
// A bot token is three dot-separated base64url segments; the first is the application's user id.
const TOKEN = /^[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$/;

type Env = Record<string, string | undefined>;

/** Where the SQLite store and the corpus snapshot live without DATA_DIR (relative to the working directory). */
export const DEFAULT_DATA_DIR = './data';

export function loadConfig(env: Env): Config {
  const problems: ConfigProblem[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const fail = (variable: string, message: string): undefined => {
    problems.push({ variable, message });
    return undefined;
  };

  const discordToken = read('DISCORD_TOKEN');
  if (discordToken && !TOKEN.test(discordToken)) {
    // Never echo the token: it is a secret even when malformed.
    fail('DISCORD_TOKEN', 'does not look like a bot token (three dot-separated parts); copy it again from the Developer Portal, Bot page, "Reset Token"');
  }
  const explicitClientId = read('DISCORD_CLIENT_ID');
  const discordClientId = explicitClientId
    ? snowflake('DISCORD_CLIENT_ID', explicitClientId, 'the Application ID from the Developer Portal, General Information page')
    : discordToken && TOKEN.test(discordToken)
      ? clientIdFromToken(discordToken)
      : undefined;
  const guild = read('DISCORD_GUILD_ID');
  const discordGuildId = guild ? snowflake('DISCORD_GUILD_ID', guild, 'right-click the server with Developer Mode on, "Copy Server ID"') : undefined;

  const apiUrl = read('DISCORD_API_URL') ?? 'https://discord.com/api';
  const discordApiUrl = httpUrl('DISCORD_API_URL', apiUrl, 'e.g. https://discord.com/api or http://127.0.0.1:8787/api')?.replace(/\/+$/, '');

  const keyvUrl = read('KEYV_URL');
  if (keyvUrl && !/^(redis|rediss|postgres|postgresql|sqlite):\/\/./i.test(keyvUrl)) {
    fail('KEYV_URL', `${schemeOf(keyvUrl)} is not a supported store; use redis://host:6379, postgres://user:pass@host/db, sqlite://path, or leave it empty for SQLite under DATA_DIR`);
  }

  const timezone = read('DEFAULT_TIMEZONE') ?? 'UTC';
  const tzProblem = timezoneProblem(timezone);
  if (tzProblem) fail('DEFAULT_TIMEZONE', `DEFAULT_TIMEZONE=${tzProblem}`);

  const level = (read('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!LOG_LEVELS.includes(level as LogLevel)) fail('LOG_LEVEL', `LOG_LEVEL=${level} is not a level; use one of ${LOG_LEVELS.join(', ')}`);

  const format = (read('LOG_FORMAT') ?? 'auto').toLowerCase();
  if (!LOG_FORMATS.includes(format as LogFormat)) fail('LOG_FORMAT', `LOG_FORMAT=${format} is not a format; use auto (pretty on a terminal, else JSON), pretty or json`);

  const port = read('METRICS_PORT');
  const metricsPort = port === undefined ? undefined : integer('METRICS_PORT', port, 1, 65535, 'a TCP port 1–65535, e.g. 9464');

  // Same rule as src/sharding/shards-setting.ts: unset means one process.
  const shardsRaw = (read('SHARDS') ?? '1').toLowerCase();
  const shards = shardsRaw === 'auto' ? 'auto' : integer('SHARDS', shardsRaw, 1, 1024, '"auto", or a whole number of shards from 1 to 1024');

  const maxBytes = read('CORPUS_MAX_FILE_BYTES');
  const corpusMaxFileBytes = maxBytes === undefined ? undefined : integer('CORPUS_MAX_FILE_BYTES', maxBytes, 1, 2 ** 31 - 1, 'a size in bytes, e.g. 1048576 (1 MiB)');

  const maxFeeds = read('MAX_FEEDS_PER_GUILD');
  const maxFeedsPerGuild = maxFeeds === undefined ? MAX_FEEDS_PER_GUILD : integer('MAX_FEEDS_PER_GUILD', maxFeeds, 1, 10_000, `a whole number of feeds from 1 to 10000 (default ${MAX_FEEDS_PER_GUILD})`);

  const summaryLlm = llm();
  const corpusWatch = boolean('CORPUS_WATCH', true);
  const sourcesAllowPrivate = boolean('SOURCES_ALLOW_PRIVATE', false);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    discordToken,
    discordClientId,
    discordGuildId,
    discordApiUrl: discordApiUrl as string,
    dataDir: read('DATA_DIR') ?? DEFAULT_DATA_DIR,
    keyvUrl,
    defaultTimezone: canonicalTimezone(timezone) as string,
    logLevel: level as LogLevel,
    logFormat: format as LogFormat,
    metricsPort,
    shards: shards as 'auto' | number,
    topicsFiles: list('TOPICS_FILE', /,/),
    corpusMaxFileBytes,
    summaryLlm,
    corpusWatch: corpusWatch as boolean,
    sourcesFile: read('SOURCES_FILE'),
    sourcesAllowPrivate: sourcesAllowPrivate as boolean,
    maxFeedsPerGuild: maxFeedsPerGuild as number,
  };

  function boolean(variable: string, fallback: boolean): boolean | undefined {
    const value = read(variable)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['true', '1', 'yes', 'on'].includes(value)) return true;
    if (['false', '0', 'no', 'off'].includes(value)) return false;
    return fail(variable, `${variable}=${value} is not true or false; use true or false (default ${fallback})`);
  }

  function list(variable: string, separator: RegExp): string[] {
    return (read(variable) ?? '').split(separator).map((item) => item.trim()).filter(Boolean);
  }

  function snowflake(variable: string, value: string, hint: string): string | undefined {
    return SNOWFLAKE.test(value) ? value : fail(variable, `${variable}=${value} is not a Discord id (17–20 digits); use ${hint}`);
  }

  function httpUrl(variable: string, value: string, hint: string): string | undefined {
    try {
      const url = new URL(value);
      if (url.protocol === 'http:' || url.protocol === 'https:') return value;
    } catch {
      // reported below
    }
    return fail(variable, `${variable}=${redactUrl(value)} is not an http(s) URL; use ${hint}`);
  }

  function integer(variable: string, value: string, min: number, max: number, hint: string): number | undefined {
    const n = Number(value);
    return /^\d+$/.test(value) && n >= min && n <= max ? n : fail(variable, `${variable}=${value} is not valid; use ${hint}`);
  }

  function llm(): LlmSettings | undefined {
    const url = read('SUMMARY_LLM_URL');
    const model = read('SUMMARY_LLM_MODEL');
    if (!url && !model) return undefined;
    if (!url || !model) {
      fail(url ? 'SUMMARY_LLM_MODEL' : 'SUMMARY_LLM_URL', 'SUMMARY_LLM_URL and SUMMARY_LLM_MODEL go together; set both to use an LLM for summaries, or neither for the built-in extractive summaries');
      return undefined;
    }
    const checkedUrl = httpUrl('SUMMARY_LLM_URL', url, 'an OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1');
    return checkedUrl ? { url: checkedUrl, model, key: read('SUMMARY_LLM_KEY'), timeoutMs: LLM_TIMEOUT_MS } : undefined;
  }
}

/** The first token segment is the bot's user id (= application id for bots), base64-encoded. */
export function clientIdFromToken(token: string): string | undefined {
  const first = token.split('.')[0] ?? '';
  const decoded = Buffer.from(first, 'base64url').toString('utf8');
  return SNOWFLAKE.test(decoded) ? decoded : undefined;
}

function schemeOf(url: string): string {
  const colon = url.indexOf(':');
  return colon > 0 ? `"${url.slice(0, colon)}:"` : `"${url.slice(0, 20)}"`;
}

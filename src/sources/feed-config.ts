// The operator's feed list (SOURCES_FILE): a YAML list of { name, url, every?, language?, topics?, enabled? }.
// Every problem is reported with the entry it is in, all at once, so a bad file needs one round trip.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { redactUrl } from '../storage/redact.ts';

export interface FeedConfig {
  name: string;
  url: string;
  /** Between two fetches, in ms (`every`: "15m", "1h", "90s"; default 15 minutes, at least 1 minute). */
  everyMs: number;
  /** ISO 639-1; absent: the feed's own language, else detected per item. */
  language?: string;
  /** Canonical or alias topic names added to every item's inferred topics. */
  topics: string[];
  enabled: boolean;
}

export const FEED_DEFAULTS = { everyMs: 15 * 60_000, minEveryMs: 60_000 } as const;

export class SourcesFileError extends Error {}

const UNITS: Record<string, number> = { s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000, hr: 3_600_000, d: 86_400_000 };

/** "15m", "1h", "90s", "30 min", or a bare number of minutes → ms; undefined when unreadable. */
export function parseEvery(value: unknown): number | undefined {
  if (typeof value === 'number') return value > 0 ? value * 60_000 : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(String(value));
  if (!match) return undefined;
  const unit = match[2]!.toLowerCase() || 'm';
  const scale = UNITS[unit] ?? UNITS[unit.replace(/s$/, '')];
  return scale ? Math.round(Number(match[1]) * scale) : undefined;
}

export async function readSourcesFile(path: string): Promise<FeedConfig[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SourcesFileError(`SOURCES_FILE ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); fix the path or unset SOURCES_FILE`);
  }
  return parseSources(text, path);
}

export function parseSources(text: string, path: string): FeedConfig[] {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new SourcesFileError(`${path}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (data === null || data === undefined) return [];
  const list = Array.isArray(data) ? data : (data as { sources?: unknown }).sources;
  if (!Array.isArray(list)) throw new SourcesFileError(`${path}: expected a list of sources ("- name: …\\n  url: …"), or "sources:" with such a list`);
  const problems: string[] = [];
  const feeds: FeedConfig[] = [];
  const names = new Set<string>();
  list.forEach((entry: Record<string, unknown>, i) => {
    const where = `${path}: source ${i + 1}${typeof entry?.name === 'string' ? ` (${entry.name})` : ''}`;
    if (typeof entry !== 'object' || entry === null) return void problems.push(`${where}: expected name and url`);
    const name = typeof entry.name === 'string' ? entry.name.trim() : '';
    if (!name) problems.push(`${where}: name is missing`);
    else if (names.has(name.toLowerCase())) problems.push(`${where}: the name ${name} is used twice; names identify sources and must be unique`);
    names.add(name.toLowerCase());
    const url = typeof entry.url === 'string' ? entry.url.trim() : '';
    let protocol = '';
    try {
      protocol = new URL(url).protocol;
    } catch {
      // reported below
    }
    if (protocol !== 'http:' && protocol !== 'https:') problems.push(`${where}: url ${url ? redactUrl(url) : '(missing)'} is not an http(s) URL`);
    const everyMs = entry.every === undefined ? FEED_DEFAULTS.everyMs : parseEvery(entry.every);
    if (everyMs === undefined || everyMs < FEED_DEFAULTS.minEveryMs) problems.push(`${where}: every ${String(entry.every)} is not a duration of at least 1 minute; use e.g. 15m, 1h`);
    const language = entry.language === undefined ? undefined : String(entry.language).trim().toLowerCase();
    if (language !== undefined && !/^[a-z]{2,3}$/.test(language)) problems.push(`${where}: language ${language} is not a language code such as en or vi`);
    const topics = entry.topics === undefined ? [] : Array.isArray(entry.topics) ? entry.topics.map(String) : [String(entry.topics)];
    if (entry.enabled !== undefined && typeof entry.enabled !== 'boolean') problems.push(`${where}: enabled must be true or false`);
    feeds.push({ name, url, everyMs: everyMs ?? FEED_DEFAULTS.everyMs, language, topics, enabled: entry.enabled !== false });
  });
  if (problems.length) throw new SourcesFileError(problems.join('\n'));
  return feeds;
}

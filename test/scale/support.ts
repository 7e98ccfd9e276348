// Real bot processes for the scale-out tests: `node bin/newsbot.js start` children pointed at a local Discord and a
// shared store, with their JSON log lines collected so tests can wait for what the bot says it did.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalDiscord } from '../../src/local-discord/index.ts';
import { CorpusIndex } from '../../src/index/corpus-index.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { openStore } from '../../src/storage/open-store.ts';
import { createDelivery } from '../../src/delivery/delivery.ts';
import type { Feed } from '../../src/delivery/model.ts';
import { enCorpus, repoRoot } from '../support/paths.ts';

export { enPresent } from '../support/paths.ts';

export interface BotProcess {
  child: ChildProcess;
  /** Parsed JSON log lines so far. */
  logs: Record<string, unknown>[];
  exited: Promise<number | null>;
  /** What it wrote to stderr so far (a CLI error, a crash). */
  stderr: () => string;
  /** Resolves when a log line matches. */
  waitForLog: (match: (line: Record<string, unknown>) => boolean, timeoutMs?: number) => Promise<Record<string, unknown>>;
}

export interface BotProcessOptions {
  /** Working directory (where a `.env` would be read); default the repository. */
  cwd?: string;
  /** Corpus folders; default ../shared/corpus/en. */
  corpus?: string[];
  /** Settings written to `${cwd}/.env` instead of the environment (the test owns `cwd` then). */
  envFile?: Record<string, string>;
}

export function startBotProcess(discord: LocalDiscord, env: Record<string, string>, options: BotProcessOptions = {}): BotProcess {
  const defaults: Record<string, string> = {
    DISCORD_TOKEN: discord.token,
    DISCORD_API_URL: discord.apiUrl,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'newsbot-scale-data-')),
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
  };
  const cwd = options.cwd ?? repoRoot;
  if (options.envFile) {
    writeFileSync(join(cwd, '.env'), Object.entries(options.envFile).map(([name, value]) => `${name}=${value}\n`).join(''));
    for (const name of Object.keys(options.envFile)) delete defaults[name];
  }
  const corpus = (options.corpus ?? [enCorpus]).flatMap((dir) => ['--corpus', dir]);
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'newsbot.js'), 'start', ...corpus], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...defaults, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ msg: line });
      }
    }
    for (const wake of waiters) wake();
  });
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const waitForLog: BotProcess['waitForLog'] = (match, timeoutMs = 60_000) =>
    new Promise((done, reject) => {
      const check = () => {
        const found = logs.find(match);
        if (!found) return;
        cleanup();
        done(found);
      };
      const timer = setTimeout(() => { cleanup(); reject(new Error(`bot process: no matching log line within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}; last logs: ${JSON.stringify(logs.slice(-5))}`)); }, timeoutMs);
      const onExit = () => { cleanup(); reject(new Error(`bot process exited before the expected log line; stderr: ${stderr.slice(-2000)}`)); };
      const cleanup = () => { clearTimeout(timer); waiters.delete(check); child.off('exit', onExit); };
      waiters.add(check);
      child.once('exit', onExit);
      check();
    });
  return { child, logs, exited, stderr: () => stderr, waitForLog };
}

export async function stopGracefully(bot: BotProcess): Promise<number | null> {
  if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGTERM');
  return bot.exited;
}

export interface PlannedFeed {
  feed: Feed;
  /** Article titles the feed must post, each exactly once. */
  expected: string[];
}

/** How many articles each feed posts: one run (maxPerRun 10) takes them all. */
const PER_FEED = 8;

/**
 * One feed per channel on the corpus's biggest topic, with min_heat set so that PER_FEED articles match; created
 * two minutes ago with an every-minute schedule, so every process catches it up as soon as it starts.
 */
export async function planFeeds(channels: { guildId: string; channelId: string }[]): Promise<PlannedFeed[]> {
  const { articles } = await loadCorpus([enCorpus]);
  const index = CorpusIndex.build(articles);
  const topic = index.topics()[0]!.name;
  const ranked = index.hottest({ topics: [topic] });
  const minHeat = ranked[PER_FEED - 1]!.heat;
  const expected = index.hottest({ topics: [topic], minHeat }).map((a) => a.title);
  if (expected.length > 10) throw new Error(`${expected.length} articles tie at heat ${minHeat}; pick another cut`);
  const createdAt = new Date(Date.now() - 120_000).toISOString();
  return channels.map(({ guildId, channelId }) => ({
    feed: {
      id: `scale-${channelId}`, guildId, channelId, topics: [topic], minHeat, schedule: '* * * * *', timezone: 'UTC',
      maxPerRun: 10, paused: false, createdBy: 'test', createdAt,
    },
    expected,
  }));
}

/** Writes feeds straight into the shared store, as `/feed add` would have. */
export async function saveFeeds(keyvUrl: string, feeds: Feed[]): Promise<void> {
  const store = await openStore(keyvUrl, mkdtempSync(join(tmpdir(), 'newsbot-scale-seed-')));
  try {
    const delivery = createDelivery({ store, articles: () => CorpusIndex.build([]), poster: { post: async () => { throw new Error('not posting'); } } });
    for (const feed of feeds) await delivery.feeds.put(feed);
  } finally {
    await store.close();
  }
}

/** Titles posted in a channel, from the embeds the local Discord received. */
export function postedTitles(discord: LocalDiscord, channelId: string): string[] {
  return discord.messages(channelId).flatMap((m) => m.embeds.map((e) => String(e.title ?? '')));
}

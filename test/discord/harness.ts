// The bot as users meet it: startBot() with the real discord.js client against the local Discord, a throwaway
// corpus and data dir, a clock and cron the test moves by hand.
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/config.ts';
import { ManualClock, ManualJobScheduler } from '../../src/delivery/job-scheduler.ts';
import { ManualEvery } from '../../src/delivery/every.ts';
import { startBot, type BotHandle } from '../../src/bot.ts';
import { commandBodies, loadCommands } from '../../src/discord/loader.ts';
import { deployCommands } from '../../src/discord/deploy.ts';
import { createLogger } from '../../src/ops/logger.ts';
import type { BotMetrics } from '../../src/ops/metrics.ts';
import type { ApiMessage, Json, LocalDiscord, OptionInput } from '../../src/local-discord/index.ts';
import { startWorld as startNewsroom } from '../local-discord/helpers.ts';

export interface TestArticle {
  slug: string;
  title: string;
  heat: number;
  topics: string[];
  /** Days before the test's start time. */
  ageDays?: number;
}

/** Eight AI articles (heat 90 down to 55) and five Cloud Computing ones (heat 50 down to 30); one AI title tries to ping @everyone. */
export const ARTICLES: TestArticle[] = [
  ...Array.from({ length: 8 }, (_, i) => ({ slug: `ai-${i}`, title: i === 3 ? `@everyone AI story ${i}` : `AI story ${i}`, heat: 90 - i * 5, topics: ['AI'], ageDays: i })),
  ...Array.from({ length: 5 }, (_, i) => ({ slug: `cloud-${i}`, title: `Cloud story ${i}`, heat: 50 - i * 5, topics: ['Cloud Computing'], ageDays: i })),
];

export const START = new Date('2024-03-01T08:00:00Z');

export function articleFile(a: TestArticle): string {
  const published = new Date(START.getTime() - (a.ageDays ?? 0) * 86_400_000).toISOString();
  return [
    '---',
    `title: "${a.title}"`,
    `excerpt: "What happened in ${a.title.replace(/"/g, '')}. Experts weigh in on the details."`,
    `publishedDateTime: ${published}`,
    `originalUrl: "https://news.example.com/${a.slug}"`,
    'type: article',
    `heat: ${a.heat}`,
    'provider:',
    '  name: Example News',
    '  domain: news.example.com',
    'topics:',
    ...a.topics.map((t) => `  - ${t}`),
    'images:',
    `  - url: "https://news.example.com/${a.slug}.png"`,
    '---',
    '',
    `${a.title} body. The first sentence explains the news. The second sentence adds context for readers.`,
    '',
  ].join('\n');
}

export function writeCorpus(dir: string, articles: TestArticle[]): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const a of articles) writeFileSync(join(dir, `${a.slug}.md`), articleFile(a));
}

export interface World {
  discord: LocalDiscord;
  guildId: string;
  channelId: string;
  adminId: string;
  readerId: string;
  root: string;
  corpusDir: string;
  dataDir: string;
  clock: ManualClock;
  jobs: ManualJobScheduler;
  bot: BotHandle;
  /** Bot log lines (JSON), for asserting on errors. */
  logs: string[];
  /** The bot's 30-second reseed check, fired by hand. */
  syncTimer: ManualEvery;
  /** Starts a fresh bot process-equivalent on the same data dir, corpus and Discord (after `bot.stop()`). */
  restart(): Promise<BotHandle>;
  /**
   * Another bot process beside `bot`, on the same data dir, corpus folder, Discord and clock, with its own cron
   * and reseed timer; stopped by `close()`. Both receive every interaction, so drive it through its API.
   */
  spawn(): Promise<{ bot: BotHandle; jobs: ManualJobScheduler; syncTimer: ManualEvery }>;
  close(): Promise<void>;
}

export interface WorldOptions {
  claimTtlMs?: number;
  /** Given to every bot the world starts (they share the counters). */
  metrics?: BotMetrics;
  /** Extra environment for the bots' configuration (SOURCES_FILE, CORPUS_WATCH…). */
  env?: Record<string, string>;
  /** The bots' log level (default info); their lines land in `logs`. */
  logLevel?: 'info' | 'debug';
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const { discord, guild, channel, admin, reader } = await startNewsroom({ rateLimits: false });
  const root = mkdtempSync(join(tmpdir(), 'newsbot-discord-'));
  const corpusDir = join(root, 'corpus');
  const dataDir = join(root, 'data');
  writeCorpus(corpusDir, ARTICLES);
  const clock = new ManualClock(START);
  const logs: string[] = [];
  const destination = new Writable({ write(chunk, _enc, done) { logs.push(String(chunk)); done(); } });
  const config = loadConfig({ DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, DATA_DIR: dataDir, LOG_LEVEL: 'info', CORPUS_WATCH: 'false', ...options.env });

  const world = { discord, guildId: guild.id, channelId: channel.id, adminId: admin.id, readerId: reader.id, root, corpusDir, dataDir, clock, logs } as World;
  const others: BotHandle[] = [];
  const launch = async () => {
    const jobs = new ManualJobScheduler(clock);
    const syncTimer = new ManualEvery();
    const bot = await startBot({
      config,
      corpusDirs: [corpusDir],
      clock,
      jobs,
      every: syncTimer.every,
      log: createLogger({ level: options.logLevel ?? 'info', destination }),
      claimTtlMs: options.claimTtlMs,
      metrics: options.metrics,
    });
    return { bot, jobs, syncTimer };
  };
  const boot = async () => {
    ({ bot: world.bot, jobs: world.jobs, syncTimer: world.syncTimer } = await launch());
    return world.bot;
  };
  world.spawn = async () => {
    const other = await launch();
    others.push(other.bot);
    return other;
  };
  await boot();
  await deployCommands(commandBodies(await loadCommands()), { token: discord.token, applicationId: discord.applicationId, guildId: guild.id, apiUrl: discord.apiUrl });
  world.restart = boot;
  world.close = async () => {
    for (const other of others) await other.stop();
    await world.bot.stop();
    await discord.close();
    rmSync(root, { recursive: true, force: true });
  };
  return world;
}

/** Option helpers: a command's own options, with `focused` the one being typed (autocomplete). */
export function opts(options: Record<string, string | number | boolean> = {}, focused?: string): OptionInput[] {
  return Object.entries(options).map(([k, v]) => ({ name: k, value: v, ...(k === focused && { focused: true }) }));
}

/** A subcommand with its options. */
export function sub(name: string, options: Record<string, string | number | boolean> = {}, focused?: string): OptionInput[] {
  return [{ name, options: opts(options, focused) }];
}

export function run(w: World, name: string, options: OptionInput[] = [], as: 'admin' | 'reader' = 'admin', extra: { locale?: string; bypassPermissions?: boolean; channelId?: string } = {}) {
  return w.discord.runCommand({
    guildId: w.guildId,
    channelId: extra.channelId ?? w.channelId,
    user: as === 'admin' ? w.adminId : w.readerId,
    name,
    options,
    ...extra,
  });
}

export async function choices(w: World, name: string, options: OptionInput[], as: 'admin' | 'reader' = 'admin', extra: { bypassPermissions?: boolean } = {}): Promise<{ name: string; value: string }[]> {
  return (await w.discord.autocomplete({ guildId: w.guildId, channelId: w.channelId, user: as === 'admin' ? w.adminId : w.readerId, name, options, ...extra })) as unknown as {
    name: string;
    value: string;
  }[];
}

/** What the bot posted to a channel by itself (feeds, digests), leaving out replies to commands. */
export function posts(w: World, channelId = w.channelId): ApiMessage[] {
  return w.discord.messages(channelId).filter((m) => !m.interaction_metadata && !m.webhook_id);
}

/** Titles of the article embeds posted to a channel, message by message. */
export function postedTitles(w: World, channelId = w.channelId): string[] {
  return posts(w, channelId).flatMap((m) => m.embeds.map((e: Json) => String(e.title)));
}

export const title = (slugTitle: string) => slugTitle.replace('@everyone', '@\u200beveryone');

/**
 * One world for a describe block: started before its tests, closed after, and after each test the check that
 * every request the bot made is one Discord would accept (OpenAPI validation). Read it through the getter.
 */
export function useWorld(options: WorldOptions = {}): () => World {
  let world: World | undefined;
  beforeAll(async () => {
    world = await startWorld(options);
  });
  afterAll(async () => {
    await world?.close();
  });
  afterEach(() => {
    expect(world?.discord.violations).toEqual([]);
  });
  return () => world!;
}

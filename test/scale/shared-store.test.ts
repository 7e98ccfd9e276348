// Several real bot processes (`node bin/newsbot.js start`) on one store and one local Discord: every article reaches
// every channel exactly once — with two processes racing, when one is SIGKILLed mid-run, on Redis and on Postgres,
// and with SHARDS=2 where each shard schedules only its own guilds' feeds.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDiscord, type LocalDiscord } from '../../src/local-discord/index.ts';
import { shardOf } from '../../src/sharding/shard-of.ts';
import { postgresMissing, redisMissing, startPostgres, startRedis, type Service } from '../support/services.ts';
import { until } from '../support/until.ts';
import { enPresent, planFeeds, postedTitles, saveFeeds, startBotProcess, stopGracefully, type BotProcess, type PlannedFeed } from './support.ts';

const skip = redisMissing ?? (enPresent ? undefined : '../shared/corpus/en not present: scale tests skipped');
if (skip) console.warn(`test/scale: ${skip}`);

// Slow channels (4 messages per second each) make a run last long enough to kill a process in the middle of it.
const LIMITS = { globalPerSecond: 50, perChannel: { count: 4, windowMs: 1000 } };

let discord: LocalDiscord;
const running: BotProcess[] = [];

beforeAll(async () => {
  if (!skip) discord = await startLocalDiscord({ rateLimits: LIMITS, heartbeatIntervalMs: 5_000, log: () => {} });
});
afterAll(async () => discord?.close());
afterEach(async () => {
  await Promise.all(running.splice(0).map((bot) => { bot.child.kill('SIGKILL'); return bot.exited; }));
});

function world(channels: number, guilds = 1): { guildId: string; channelId: string }[] {
  const made = Array.from({ length: guilds }, (_, g) => discord.createGuild(`scale-${Date.now()}-${g}`));
  return Array.from({ length: channels }, (_, i) => {
    const guild = made[i % guilds]!;
    return { guildId: guild.id, channelId: discord.createChannel(guild.id, `news-${i}`).id };
  });
}

function launch(env: Record<string, string>): BotProcess {
  const bot = startBotProcess(discord, env);
  running.push(bot);
  return bot;
}

const allDelivered = (plan: PlannedFeed[]) => () => plan.every((p) => postedTitles(discord, p.feed.channelId).length >= p.expected.length);

function expectExactlyOnce(plan: PlannedFeed[]): void {
  for (const { feed, expected } of plan) {
    expect(postedTitles(discord, feed.channelId).sort(), `channel of feed ${feed.id}`).toEqual([...expected].sort());
  }
}

async function twoProcessesRace(url: string, kill: boolean): Promise<void> {
  const plan = await planFeeds(world(6));
  await saveFeeds(url, plan.map((p) => p.feed));
  const total = plan.reduce((n, p) => n + p.expected.length, 0);
  const [a, b] = [launch({ KEYV_URL: url }), launch({ KEYV_URL: url })];
  if (kill) {
    // Mid-run: some posts are out, most are not.
    await until(() => plan.reduce((n, p) => n + postedTitles(discord, p.feed.channelId).length, 0) >= 4, { what: 'the first posts', timeoutMs: 60_000 });
    a!.child.kill('SIGKILL');
    await a!.exited;
    expect(plan.reduce((n, p) => n + postedTitles(discord, p.feed.channelId).length, 0)).toBeLessThan(total);
  }
  // A claim the killed process held expires (60 s) and the next every-minute tick finishes the job.
  await until(allDelivered(plan), { what: 'every article in every channel', timeoutMs: 170_000 });
  await (kill ? b! : a!).waitForLog((l) => l.msg === 'delivery started');
  await b!.waitForLog((l) => l.msg === 'delivery started');
  expectExactlyOnce(plan);
  // Graceful stop: SIGTERM drains, closes the store and exits 0.
  expect(await stopGracefully(b!)).toBe(0);
  if (!kill) expect(await stopGracefully(a!)).toBe(0);
}

describe.skipIf(skip)('two bot processes on Redis', () => {
  let redis: Service;
  beforeAll(async () => { redis = await startRedis(); });
  afterAll(async () => redis?.stop());

  it('post every article to every channel exactly once', async () => {
    await twoProcessesRace(`${redis.url}/1`, false);
  }, 120_000);

  it('still exactly once when one process is SIGKILLed mid-run', async () => {
    await twoProcessesRace(`${redis.url}/2`, true);
  }, 200_000);

  it('SHARDS=2: each shard schedules only its own guilds\' feeds, and all are delivered once', async () => {
    // A Redis database of its own, so only this test's feeds are stored.
    const url = `${redis.url}/3`;
    const plan = await planFeeds(world(6, 6));
    await saveFeeds(url, plan.map((p) => p.feed));
    const manager = launch({ KEYV_URL: url, SHARDS: '2' });
    await until(allDelivered(plan), { what: 'every article in every channel', timeoutMs: 90_000 });
    const reports = await Promise.all([0, 1].map((shard) => manager.waitForLog((l) => l.msg === 'delivery scheduled' && l.shard === shard)));
    for (const shard of [0, 1]) {
      expect(reports[shard]!.feeds).toBe(plan.filter((p) => shardOf(p.feed.guildId, 2) === shard).length);
    }
    expectExactlyOnce(plan);
    expect(await stopGracefully(manager)).toBe(0);
  }, 120_000);
});

describe.skipIf(skip ?? postgresMissing)('two bot processes on Postgres', () => {
  let postgres: Service;
  beforeAll(async () => { postgres = await startPostgres(); }, 60_000);
  afterAll(async () => postgres?.stop());

  it('post every article to every channel exactly once', async () => {
    await twoProcessesRace(postgres.url, false);
  }, 120_000);
});

// A real bot process (`node bin/newsbot.js start`) whose Postgres goes down while it catches up missed feeds at
// start: it keeps running, serves /healthz and /metrics throughout (/readyz says 503 until start-up is done), and
// once Postgres is back it finishes the catch-up with every article in every channel exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDiscord, type LocalDiscord } from '../../src/local-discord/index.ts';
import { freePort, postgresMissing, startPostgres, type PostgresService } from '../support/services.ts';
import { until } from '../support/until.ts';
import { enPresent, planFeeds, postedTitles, saveFeeds, startBotProcess, stopGracefully, type BotProcess } from '../scale/support.ts';

const skip = postgresMissing ?? (enPresent ? undefined : '../shared/corpus/en not present: start-up outage test skipped');
if (skip) console.warn(`test/ops/startup-outage: ${skip}`);

// Slow channels (2 messages a second each): the catch-up of 4 channels × 8-10 articles lasts about 16 s.
const LIMITS = { globalPerSecond: 50, perChannel: { count: 2, windowMs: 1000 } };

describe.skipIf(skip)('a Postgres outage during the start-up catch-up', () => {
  let discord: LocalDiscord;
  let postgres: PostgresService;
  let bot: BotProcess | undefined;

  beforeAll(async () => {
    [discord, postgres] = await Promise.all([startLocalDiscord({ rateLimits: LIMITS, heartbeatIntervalMs: 5_000, log: () => {} }), startPostgres()]);
  });
  afterAll(async () => {
    if (bot) await stopGracefully(bot);
    await discord?.close();
    await postgres?.stop();
  });

  it('keeps the bot up and answering health checks, then delivers everything exactly once', async () => {
    const guild = discord.createGuild('outage');
    const plan = await planFeeds(Array.from({ length: 4 }, (_, i) => ({ guildId: guild.id, channelId: discord.createChannel(guild.id, `news-${i}`).id })));
    await saveFeeds(postgres.url, plan.map((p) => p.feed));
    const total = plan.reduce((n, p) => n + p.expected.length, 0);
    const delivered = () => plan.reduce((n, p) => n + postedTitles(discord, p.feed.channelId).length, 0);
    const port = await freePort();
    const get = async (path: string) => (await fetch(`http://127.0.0.1:${port}${path}`)).status;

    bot = startBotProcess(discord, { KEYV_URL: postgres.url, METRICS_PORT: String(port) });
    await until(() => delivered() >= 2, { what: 'the first catch-up posts', timeoutMs: 60_000 });
    await postgres.halt();
    try {
      // Down for a while: the catch-up meets the outage and retries.
      await until(() => bot!.child.exitCode !== null || bot!.logs.some((l) => /retrying/.test(String(l.msg))), { what: 'a retry logged', timeoutMs: 30_000 }).catch((error: Error) => {
        throw new Error(`${error.message}; ${delivered()} of ${total} delivered; last logs: ${JSON.stringify(bot!.logs.slice(-4))}`);
      });
      expect(bot.child.exitCode).toBeNull();
      expect(delivered()).toBeLessThan(total);
      expect(await get('/healthz')).toBe(200);
      expect(await get('/metrics')).toBe(200);
      expect(await get('/readyz')).toBe(503);
    } finally {
      await postgres.resume();
    }

    await bot.waitForLog((l) => l.msg === 'delivery started', 90_000);
    expect(bot.child.exitCode).toBeNull();
    expect(await get('/readyz')).toBe(200);
    // A cron tick (every minute) may run a feed beside its catch-up; the claims let each article through once.
    await until(() => delivered() >= total, { what: 'every article delivered', timeoutMs: 60_000 });
    for (const { feed, expected } of plan) expect(postedTitles(discord, feed.channelId).sort(), `channel of feed ${feed.id}`).toEqual([...expected].sort());
    expect(await stopGracefully(bot)).toBe(0);
    bot = undefined;
  }, 180_000);
});

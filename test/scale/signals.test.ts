// `newsbot start` handles SIGTERM from its first moment: a signal while the bot is still starting (loading the
// corpus, connecting, catching up) ends it cleanly with exit code 0, not killed mid-way by the default action.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDiscord, type LocalDiscord } from '../../src/local-discord/index.ts';
import { enPresent, startBotProcess } from './support.ts';

describe.skipIf(!enPresent)('newsbot start and signals', () => {
  let discord: LocalDiscord;
  beforeAll(async () => { discord = await startLocalDiscord({ heartbeatIntervalMs: 5_000, log: () => {} }); });
  afterAll(async () => discord?.close());

  it('exits 0 on a SIGTERM that arrives while the bot is still starting', async () => {
    const bot = startBotProcess(discord, {});
    await bot.waitForLog((line) => line.msg === 'corpus loaded');
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.logs.some((line) => line.msg === 'shutdown complete')).toBe(true);
  });
});

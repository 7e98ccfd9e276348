// `newsbot start` with SHARDS as a shard manager, real processes against the local Discord: a token Discord
// refuses is a usage error, and a SIGTERM while the shards are still starting (one every 5.5 s) stops the started
// ones gracefully and starts no other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDiscord, type LocalDiscord } from '../../src/local-discord/index.ts';
import { enPresent, startBotProcess } from './support.ts';

describe.skipIf(!enPresent)('newsbot start with SHARDS', () => {
  let discord: LocalDiscord;
  beforeAll(async () => { discord = await startLocalDiscord({ heartbeatIntervalMs: 5_000, log: () => {} }); });
  afterAll(async () => discord?.close());

  it('SHARDS=auto with a token Discord refuses: exit 2, saying which setting to check, no stack', async () => {
    const [id, stamp, hmac] = discord.token.split('.');
    const wrong = `${id}.${stamp}.${hmac!.slice(0, -4)}AAAA`;
    const manager = startBotProcess(discord, { SHARDS: 'auto', DISCORD_TOKEN: wrong });
    expect(await manager.exited).toBe(2);
    expect(manager.stderr()).toBe('newsbot start: SHARDS=auto: Discord refused DISCORD_TOKEN (401); check the token\n');
  });

  it('a SIGTERM while the shards start: the started shard shuts down gracefully, the next never starts, exit 0', async () => {
    const manager = startBotProcess(discord, { SHARDS: '2' });
    await manager.waitForLog((line) => line.msg === 'shard ready' && line.shard === 0, 90_000);
    manager.child.kill('SIGTERM');
    expect(await manager.exited).toBe(0);
    const said = (msg: string, shard?: number) => manager.logs.some((line) => line.msg === msg && (shard === undefined ? line.role === 'shard-manager' : line.shard === shard));
    expect(said('shutdown complete', 0)).toBe(true);
    expect(said('shutdown complete')).toBe(true);
    expect(manager.logs.some((line) => line.msg === 'shard starting' && line.shard === 1)).toBe(false);
  }, 120_000);
});

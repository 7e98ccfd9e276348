import { describe, expect, it } from 'vitest';
import { ownsGuild, shardFromEnv, shardOf } from '../../src/sharding/shard-of.ts';
import { recommendedShards, resolveShardCount } from '../../src/sharding/shards-setting.ts';

// A snowflake whose timestamp part is `ms`: the part Discord's shard formula reads.
const guildAt = (ms: number, low = 0) => ((BigInt(ms) << 22n) | BigInt(low)).toString();

describe('shardOf', () => {
  it('follows Discord: (guild_id >> 22) % shard_count, ignoring the low bits', () => {
    expect(shardOf(guildAt(7), 4)).toBe(3);
    expect(shardOf(guildAt(7, 4_194_303), 4)).toBe(3);
    expect(shardOf(guildAt(8), 4)).toBe(0);
    expect(shardOf('41771983423143937', 1)).toBe(0);
    // 41771983423143937 >> 22 = 9959216934
    expect(shardOf('41771983423143937', 10)).toBe(4);
  });

  it('splits guilds between shards so that each is owned by exactly one', () => {
    const guilds = Array.from({ length: 200 }, (_, i) => guildAt(1_600_000_000_000 + i * 7919, i));
    const owners = [0, 1, 2].map((id) => ownsGuild([id], 3));
    for (const guild of guilds) expect(owners.filter((owns) => owns(guild))).toHaveLength(1);
    for (const owns of owners) expect(guilds.some(owns)).toBe(true);
  });
});

describe('shardFromEnv', () => {
  it('reads what ShardingManager gives a shard process, and nothing otherwise', () => {
    expect(shardFromEnv({ SHARDING_MANAGER: 'true', SHARDS: '1', SHARD_COUNT: '3' })).toEqual({ ids: [1], count: 3 });
    // the operator's own SHARDS=auto in the parent is not a shard assignment
    expect(shardFromEnv({ SHARDS: 'auto' })).toBeUndefined();
  });
});

describe('recommendedShards', () => {
  it('asks the configured API for the count and explains a refused token', async () => {
    const calls: string[] = [];
    const ok = (async (url: string) => { calls.push(url); return Response.json({ shards: 3 }); }) as typeof fetch;
    expect(await recommendedShards('http://127.0.0.1:9/api/', 'tok', ok)).toBe(3);
    expect(calls).toEqual(['http://127.0.0.1:9/api/v10/gateway/bot']);
    const refused = (async () => new Response('', { status: 401 })) as typeof fetch;
    await expect(recommendedShards('http://x/api', 'tok', refused)).rejects.toThrow(/DISCORD_TOKEN/);
    expect(await resolveShardCount(4, 'http://x/api', 'tok', refused)).toBe(4);
  });
});

// Which shard owns a guild: Discord's own formula, so a shard schedules exactly the feeds of the guilds its
// gateway connection receives (https://discord.com/developers/docs/events/gateway#sharding).

export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** A predicate for the delivery scheduler: true for guilds that one of `shardIds` owns. */
export function ownsGuild(shardIds: readonly number[], shardCount: number): (guildId: string) => boolean {
  const mine = new Set(shardIds);
  return (guildId) => mine.has(shardOf(guildId, shardCount));
}

/**
 * The shards this process runs, from what discord.js's ShardingManager puts in a shard's environment
 * (SHARDING_MANAGER, SHARDS = the shard id, SHARD_COUNT); undefined when the process is not a managed shard.
 */
export function shardFromEnv(env: NodeJS.ProcessEnv): { ids: number[]; count: number } | undefined {
  if (!env.SHARDING_MANAGER || env.SHARD_COUNT === undefined || env.SHARDS === undefined) return undefined;
  const ids = [JSON.parse(env.SHARDS) as number | number[]].flat();
  return { ids, count: Number(env.SHARD_COUNT) };
}

// Discord snowflakes: (ms since 2015-01-01) << 22 | worker/process/increment bits.
const DISCORD_EPOCH = 1420070400000n;

export class SnowflakeGenerator {
  #lastMs = 0n;

  /**
   * Every id gets its own millisecond (strictly increasing), so ids created in a burst still
   * spread over shards: shard = (id >> 22) % count depends only on the timestamp part.
   */
  next(): string {
    const now = BigInt(Date.now()) - DISCORD_EPOCH;
    this.#lastMs = now > this.#lastMs ? now : this.#lastMs + 1n;
    return (this.#lastMs << 22n).toString();
  }
}

export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}


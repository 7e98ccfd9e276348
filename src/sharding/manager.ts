// SHARDS=auto|N: discord.js's ShardingManager runs one child process per shard, each a normal `newsbot start`
// that sees SHARDING_MANAGER/SHARDS/SHARD_COUNT in its environment and schedules only its own guilds' feeds.
import { resolve } from 'node:path';
import { ShardingManager, type Shard } from 'discord.js';
import type { Logger } from '../ops/logger.ts';
import { resolveShardCount } from './shards-setting.ts';

const BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'newsbot.js');

export interface ShardManagerOptions {
  /** Config.shards: 'auto' or a count. */
  shards: 'auto' | number;
  token: string;
  /** Base of Discord's REST API (DISCORD_API_URL), used to resolve `auto`. */
  apiUrl: string;
  logger: Logger;
  /** The manager's corpus directories, passed on so every shard serves the same articles. */
  corpusDirs: string[];
  /** Wait between shard logins; Discord allows one IDENTIFY per 5 s per bucket. Default 5500 ms. */
  spawnDelayMs?: number;
  /** How long a shard may take to become ready. Default 60 s. */
  readyTimeoutMs?: number;
}

export interface RunningShards {
  manager: ShardingManager;
  totalShards: number;
  /** Shards whose client reached READY. */
  ready: () => number;
  /** SIGTERM to every shard (each shuts down gracefully), resolved when all have exited; no respawn. */
  stop: () => Promise<void>;
}

export async function startShardManager(options: ShardManagerOptions): Promise<RunningShards> {
  const { logger } = options;
  const totalShards = await resolveShardCount(options.shards, options.apiUrl, options.token);
  const manager = new ShardingManager(BIN, { totalShards, token: options.token, shardArgs: ['start', ...options.corpusDirs.flatMap((dir) => ['--corpus', dir])], respawn: true, mode: 'process' });
  const readyShards = new Set<number>();
  manager.on('shardCreate', (shard: Shard) => {
    const log = logger.child({ shard: shard.id });
    log.info('shard starting');
    shard.on('ready', () => { readyShards.add(shard.id); log.info('shard ready'); });
    shard.on('disconnect', () => { readyShards.delete(shard.id); log.warn('shard disconnected'); });
    shard.on('death', () => { readyShards.delete(shard.id); log.warn('shard process exited'); });
  });
  logger.info({ totalShards }, `starting ${totalShards} shard(s)`);
  await manager.spawn({ amount: totalShards, delay: options.spawnDelayMs ?? 5_500, timeout: options.readyTimeoutMs ?? 60_000 });
  return {
    manager,
    totalShards,
    ready: () => readyShards.size,
    stop: async () => {
      manager.respawn = false;
      await Promise.all(manager.shards.map((shard) => stopShard(shard)));
    },
  };
}

function stopShard(shard: Shard): Promise<void> {
  const child = shard.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

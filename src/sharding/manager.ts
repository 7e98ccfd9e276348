// SHARDS=auto|N: discord.js's ShardingManager runs one child process per shard, each a normal `newsbot start`
// that sees SHARDING_MANAGER/SHARDS/SHARD_COUNT in its environment and schedules only its own guilds' feeds.
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
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

export interface Shards {
  manager: ShardingManager;
  totalShards: number;
  /**
   * Starts the shards one after the other, a login every spawnDelayMs (minutes for many shards); resolves when
   * all are ready, or as soon as `stop` is called.
   */
  spawn: () => Promise<void>;
  /** Shards whose client reached READY. */
  ready: () => number;
  /** No shard started after this; SIGTERM to every running one (each shuts down gracefully), resolved when all have exited; no respawn. */
  stop: () => Promise<void>;
}

/** The manager, its shard count resolved (SHARDS=auto asks Discord), no shard started yet: a shutdown can be installed before `spawn`. */
export async function createShardManager(options: ShardManagerOptions): Promise<Shards> {
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
  let stopping = false;
  return {
    manager,
    totalShards,
    // ShardingManager.spawn's loop, which a stop could not end: it would go on starting shards while the
    // started ones shut down.
    spawn: async () => {
      logger.info({ totalShards }, `starting ${totalShards} shard(s)`);
      for (let id = 0; id < totalShards && !stopping; id++) {
        const shard = manager.createShard(id);
        const spacing = id + 1 < totalShards ? sleep(options.spawnDelayMs ?? 5_500) : undefined;
        try {
          await Promise.all([shard.spawn(options.readyTimeoutMs ?? 60_000), spacing]);
        } catch (error) {
          // A shard stopped while it started.
          if (!stopping) throw error;
        }
      }
    },
    ready: () => readyShards.size,
    stop: async () => {
      stopping = true;
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

// The SHARDS branch of `newsbot start`: this process becomes the shard manager (no gateway connection of its own)
// and runs until SIGTERM/SIGINT, which it passes on to every shard so each finishes its sends.
import type { Config } from '../config/config.ts';
import { createLogger } from '../ops/logger.ts';
import { createMetrics } from '../ops/metrics.ts';
import { serveOperations } from '../ops/serve.ts';
import { installShutdown } from '../ops/shutdown.ts';
import { startShardManager } from './manager.ts';

export async function runShardManagerFromCli(config: Config & { discordToken: string }, corpusDirs: string[]): Promise<number> {
  const log = createLogger({ level: config.logLevel, format: config.logFormat, base: { role: 'shard-manager' } });
  const shards = await startShardManager({ shards: config.shards, token: config.discordToken, apiUrl: config.discordApiUrl, logger: log, corpusDirs });
  const ops = await serveOperations({ port: config.metricsPort, metrics: createMetrics(), ready: () => shards.ready() === shards.totalShards });
  installShutdown(
    { stopScheduling: () => {}, drain: shards.stop, close: ops ? [{ name: 'metrics server', run: ops.close }] : [] },
    // Each shard has its own drain deadline; the manager waits a little longer for them.
    { logger: log, drainDeadlineMs: 12_000 },
  );
  return new Promise<number>(() => {});
}

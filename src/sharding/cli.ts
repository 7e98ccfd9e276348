// The SHARDS branch of `newsbot start`: this process becomes the shard manager (no gateway connection of its own)
// and runs until SIGTERM/SIGINT, which it passes on to every shard so each finishes its sends.
import { CliError } from '../cli/command.ts';
import type { Config } from '../config/config.ts';
import { createLogger } from '../ops/logger.ts';
import { createMetrics } from '../ops/metrics.ts';
import { serveOperations } from '../ops/serve.ts';
import { installShutdown } from '../ops/shutdown.ts';
import { createShardManager } from './manager.ts';
import { ShardsSettingError } from './shards-setting.ts';

export async function runShardManagerFromCli(config: Config & { discordToken: string }, corpusDirs: string[]): Promise<number> {
  const log = createLogger({ level: config.logLevel, format: config.logFormat, base: { role: 'shard-manager' } });
  const shards = await createShardManager({ shards: config.shards, token: config.discordToken, apiUrl: config.discordApiUrl, logger: log, corpusDirs }).catch((error: unknown) => {
    // A token Discord refuses, or no answer to SHARDS=auto: the user's to fix, said without a stack.
    throw error instanceof ShardsSettingError ? new CliError(error.message) : error;
  });
  const ops = await serveOperations({ port: config.metricsPort, metrics: createMetrics(), ready: () => shards.ready() === shards.totalShards });
  // Before the first shard starts: a SIGTERM while they start (5.5 s apart) stops those started, gracefully.
  installShutdown(
    { stopScheduling: () => {}, drain: shards.stop, close: ops ? [{ name: 'metrics server', run: ops.close }] : [] },
    // Each shard has its own drain deadline; the manager waits a little longer for them.
    { logger: log, drainDeadlineMs: 12_000 },
  );
  await shards.spawn().catch(async (error: unknown) => {
    // A shard that never became ready ends the start: the others are not left running without their manager.
    await shards.stop();
    throw error;
  });
  return new Promise<number>(() => {});
}

// `newsbot start`: runs the bot on Discord until SIGTERM/SIGINT.
import type { BotHandle } from '../bot.ts';
import { createLogger } from '../ops/logger.ts';
import { installShutdown } from '../ops/shutdown.ts';
import { createMetrics } from '../ops/metrics.ts';
import { serveOperations } from '../ops/serve.ts';
import { ownsGuild, shardFromEnv } from '../sharding/shard-of.ts';
import { CliError, configFrom, type CliCommand } from './command.ts';
import { startFailure } from './start-failure.ts';
import { logEnvFile } from '../config/env-file.ts';

export const start: CliCommand = {
  help: [
    'Usage: newsbot start [--corpus DIR]...',
    '',
    'Connects to Discord with DISCORD_TOKEN, loads the corpus, restores feeds and digests from storage',
    '(DATA_DIR or KEYV_URL) and serves the slash commands. SIGTERM or SIGINT stops it gracefully;',
    'a second signal exits at once. Configuration: see .env.example.',
    '',
    'Without DISCORD_TOKEN it runs the playground: the bot against a built-in local Discord with a demo',
    'server, and a web page at http://localhost:PLAYGROUND_PORT (default 3000) to use it (docs/playground.md).',
  ].join('\n'),
  async run(ctx) {
    // In a shard process ShardingManager sets SHARDS to the shard's id: an assignment, not the operator's setting.
    const shard = shardFromEnv(ctx.io.env);
    const config = configFrom(shard ? { ...ctx.io.env, SHARDS: undefined } : ctx.io.env);
    // Each mode loads only its own modules: the playground brings the local Discord, the bot discord.js (~0.5 s).
    // Without a token: the playground (the bot against a built-in local Discord, with a web page).
    if (!config.discordToken) return (await import('../playground/cli.ts')).runPlaygroundFromCli(ctx, config);
    if (config.shards !== 1 && !shard) return (await import('../sharding/cli.ts')).runShardManagerFromCli({ ...config, discordToken: config.discordToken }, ctx.corpusDirs);
    const { startBot } = await import('../bot.ts');
    const log = createLogger({ level: config.logLevel, format: config.logFormat, ...(shard && { base: { shard: shard.ids[0] } }) });
    logEnvFile(log, ctx.io.envFile);
    const metrics = createMetrics(shard && { defaultLabels: { shard: String(shard.ids[0]) } });
    let bot: BotHandle | undefined;
    // Served from the first moment, so health checks pass while the bot connects and catches up missed runs
    // (however long a store outage makes that): /healthz answers at once, /readyz once the bot has started.
    const ready = () => bot?.client.isReady() ?? false;
    const ops = await serveOperations({
      port: config.metricsPort,
      shardId: shard?.ids[0],
      metrics,
      ready,
      checks: () => ({ started: bot !== undefined, gateway: ready() }),
    }).catch((error: Error) => {
      throw error.message.startsWith('METRICS_PORT') ? new CliError(error.message) : error;
    });
    // Signals are handled from the start: a SIGTERM while the bot is still starting (connecting, catching up
    // missed runs) stops what has started instead of killing the process mid-send.
    const shutdown = installShutdown(
      {
        stopScheduling: () => bot?.stopScheduling(),
        drain: async () => bot?.drain(),
        close: [
          { name: 'bot', run: async () => bot?.stop() },
          { name: 'metrics server', run: async () => ops?.close() },
        ],
      },
      { logger: log },
    );
    // Each shard schedules only the feeds of the guilds its gateway connection serves.
    bot = await startBot({ config, corpusDirs: ctx.corpusDirs, log, metrics, ...(shard && { ownsGuild: ownsGuild(shard.ids, shard.count) }) }).catch(
      async (error: unknown) => {
        shutdown.dispose();
        await ops?.close();
        throw startFailure(error, config.discordApiUrl);
      },
    );
    const client = bot.client;
    // Runs until a signal: the shutdown handler exits the process (a second signal exits at once).
    client.once('invalidated', () => void shutdown.shutdown('session invalidated'));
    return new Promise<number>(() => {});
  },
};

// The no-token branch of `newsbot start`: run the playground until SIGTERM/SIGINT and print where to open it.
import type { Config } from '../config/config.ts';
import { createLogger } from '../ops/logger.ts';
import { createMetrics } from '../ops/metrics.ts';
import { startOpsServer } from '../ops/http.ts';
import { installShutdown } from '../ops/shutdown.ts';
import type { CliContext } from '../cli/command.ts';
import { CliError } from '../cli/command.ts';
import { startFailure } from '../cli/start-failure.ts';
import { playgroundAddress, runPlayground, type RunningPlayground } from './run-playground.ts';
import { logEnvFile } from '../config/env-file.ts';

export async function runPlaygroundFromCli(ctx: CliContext, config: Config): Promise<number> {
  let address;
  try {
    address = playgroundAddress(ctx.io.env);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const log = createLogger({ level: config.logLevel, format: config.logFormat, base: { mode: 'playground' } });
  logEnvFile(log, ctx.io.envFile);
  let running: RunningPlayground | undefined;
  const metrics = createMetrics();
  try {
    running = await runPlayground({ config, corpusDirs: ctx.corpusDirs, log, metrics, ...address });
  } catch (error) {
    if ((error as Error).message.startsWith('PLAYGROUND_PORT')) throw new CliError((error as Error).message);
    throw startFailure(error, config.discordApiUrl);
  }
  const bot = running.bot;
  const ops = config.metricsPort === undefined ? undefined : await startOpsServer({
    port: config.metricsPort,
    registry: metrics.registry,
    health: () => ({ ok: bot.client.isReady(), checks: { gateway: bot.client.isReady() } }),
  });
  ctx.io.stderr([
    '',
    `  newsbot playground: open ${running.url}`,
    '',
    `  No DISCORD_TOKEN, so the bot runs against a built-in local Discord with a demo server`,
    `  ("${running.world.guild.name}", ${running.world.channels.length} channels) and the seed articles.`,
    `  Try /news topic:AI, then /feed add channel:#ai-news topics:AI schedule:"*/2 * * * *".`,
    ...(ops ? [`  Health and metrics: ${ops.url}/healthz, ${ops.url}/metrics`] : []),
    '  Ctrl-C stops it. To run on Discord, set DISCORD_TOKEN (see README).',
    '',
  ].join('\n') + '\n');
  const stop = running.stop;
  installShutdown(
    {
      stopScheduling: bot.stopScheduling,
      drain: bot.drain,
      close: [{ name: 'playground', run: stop }, ...(ops ? [{ name: 'metrics server', run: ops.close }] : [])],
    },
    { logger: log },
  );
  return new Promise<number>(() => {});
}

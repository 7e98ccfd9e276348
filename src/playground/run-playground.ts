// `npm start` without DISCORD_TOKEN: the real bot against a built-in local Discord-compatible server, a demo guild,
// and the web page to drive it. Nothing here is a mock of the bot: it logs in over the gateway, receives
// INTERACTION_CREATE and posts through REST exactly as it does on Discord.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot, type BotHandle } from '../bot.ts';
import type { Config } from '../config/config.ts';
import { commandBodies, loadCommands } from '../discord/loader.ts';
import { startLocalDiscord, type LocalDiscord } from '../local-discord/index.ts';
import type { Logger } from '../ops/logger.ts';
import type { BotMetrics } from '../ops/metrics.ts';
import { createDemoWorld, type DemoWorld } from './demo-world.ts';
import { deliverySchedules } from './delivery-schedules.ts';
import { startPlayground, type Playground } from './server.ts';

export const DEFAULT_PLAYGROUND_PORT = 3000;

export interface PlaygroundRunOptions {
  config: Config;
  corpusDirs: string[];
  log: Logger;
  metrics?: BotMetrics;
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the page acts as the server owner, so it is not exposed unless asked (PLAYGROUND_HOST). */
  host?: string;
}

export interface RunningPlayground {
  url: string;
  discord: LocalDiscord;
  world: DemoWorld;
  bot: BotHandle;
  page: Playground;
  /** Page, bot, local Discord, then the throwaway store. */
  stop: () => Promise<void>;
}

/** PLAYGROUND_PORT and PLAYGROUND_HOST, checked; a bad value names the variable and the fix. */
export function playgroundAddress(env: NodeJS.ProcessEnv): { port: number; host: string } {
  const raw = env.PLAYGROUND_PORT?.trim();
  const port = raw ? Number(raw) : DEFAULT_PLAYGROUND_PORT;
  if (!/^\d+$/.test(raw ?? '0') || port > 65535) throw new Error(`PLAYGROUND_PORT=${raw} is not a TCP port; use a number 1–65535 (default ${DEFAULT_PLAYGROUND_PORT}), or 0 for any free port`);
  return { port, host: env.PLAYGROUND_HOST?.trim() || '127.0.0.1' };
}

export async function runPlayground(options: PlaygroundRunOptions): Promise<RunningPlayground> {
  const { log } = options;
  const discord = await startLocalDiscord({ log: (message) => log.debug(message) });
  // The local Discord's ids are new each run, so feeds from an earlier run would point at channels that no
  // longer exist: the playground keeps its state in a throwaway SQLite file.
  const dataDir = mkdtempSync(join(tmpdir(), 'newsbot-playground-'));
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(dataDir, { recursive: true, force: true }), () => discord.close()];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    const world = createDemoWorld(discord);
    // Guild commands: registered instantly, as `newsbot deploy-commands --guild` does on Discord.
    discord.commands.overwrite(commandBodies(await loadCommands()) as unknown as Record<string, unknown>[], world.guild.id);
    const config: Config = {
      ...options.config,
      discordToken: discord.token,
      discordClientId: discord.applicationId,
      discordGuildId: world.guild.id,
      discordApiUrl: discord.apiUrl,
      dataDir,
      keyvUrl: undefined,
    };
    const bot = await startBot({ config, corpusDirs: options.corpusDirs, log, metrics: options.metrics });
    cleanups.push(() => bot.stop());
    const page = await startPlayground({
      discord,
      world,
      schedules: deliverySchedules(bot.delivery, world.guild.id),
      port: options.port ?? DEFAULT_PLAYGROUND_PORT,
      host: options.host,
      logger: log,
    });
    cleanups.push(() => page.close());
    return { url: page.url, discord, world, bot, page, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

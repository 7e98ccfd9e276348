// The discord.js client: only the Guilds intent (slash commands need no message content), no mentions by default.
import { Client, Events, GatewayIntentBits, Options, type Interaction } from 'discord.js';
import { NO_MENTIONS } from './reply.ts';

export interface ClientOptions {
  /** REST base, e.g. https://discord.com/api or a local Discord-compatible server's; default Discord's own. */
  apiUrl?: string;
}

/**
 * How many users and members (per guild) the client keeps. Every command's author is cached, and with the Guilds
 * intent alone no event ever removes one: over months, every person who ever ran a command (~0.7 KB each). The
 * bot reads only its own member (channel-check.ts), which is always kept; commands read their author from the
 * interaction itself.
 */
export const CACHE_LIMITS = { users: 1_000, membersPerGuild: 100 };

export function createClient(options: ClientOptions = {}): Client {
  const isBot = (entity: { id: string; client: Client }) => entity.id === entity.client.user?.id;
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: NO_MENTIONS,
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      UserManager: { maxSize: CACHE_LIMITS.users, keepOverLimit: isBot },
      GuildMemberManager: { maxSize: CACHE_LIMITS.membersPerGuild, keepOverLimit: isBot },
    }),
    ...(options.apiUrl && { rest: { api: options.apiUrl } }),
  });
}

/**
 * Logs in and resolves once the gateway session is ready (the listener is attached before login, or READY can be
 * missed). An error before ready fails the login; every error goes to `onError`, for as long as the client lives:
 * an 'error' event with no listener would throw and end the process.
 */
export async function connect(client: Client, token: string, onInteraction: (interaction: Interaction) => Promise<void>, onError: (error: Error) => void): Promise<void> {
  client.on(Events.InteractionCreate, (interaction) => void onInteraction(interaction));
  client.on(Events.Error, onError);
  const ready = new Promise<void>((resolveReady, reject) => {
    client.once(Events.ClientReady, () => {
      client.off(Events.Error, reject);
      resolveReady();
    });
    client.once(Events.Error, reject);
  });
  await client.login(token);
  await ready;
}

// Shared setup: a local Discord with one guild, a channel, an admin and a plain member,
// and a logged-in discord.js client.
import { Client, Events, GatewayIntentBits, type ClientOptions } from 'discord.js';
import { Permission, startLocalDiscord, type LocalDiscord, type LocalDiscordOptions } from '../../src/local-discord/index.ts';

export async function startWorld(opts: LocalDiscordOptions = {}) {
  const discord = await startLocalDiscord({ heartbeatIntervalMs: 5000, log: () => {}, ...opts });
  const guild = discord.createGuild('Newsroom');
  const channel = discord.createChannel(guild.id, 'news');
  const admin = discord.createMember(guild.id, 'alice', { permissions: Permission.ManageGuild }).user;
  const reader = discord.createMember(guild.id, 'bob').user;
  return { discord, guild, channel, admin, reader };
}

/** A real discord.js client logged in to the local server; resolves once `clientReady` fired. */
export async function login(discord: LocalDiscord, options: Partial<ClientOptions> = {}): Promise<Client<true>> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: discord.apiUrl, ...options.rest },
    // Identify throttling (5 s between identifies) is the client's business; skip it to keep tests fast.
    ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }), ...options.ws },
    ...options,
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(discord.token);
  await ready;
  return client as Client<true>;
}

// A bot that runs for months meets every member of its servers: discord.js caches each command's author, and
// with the Guilds intent alone nothing ever removes them. The client keeps a bounded number, and always itself.
// The interactions are fed to discord.js's own handler for gateway events (no connection needed for a cache).
import { afterEach, describe, expect, it } from 'vitest';
import { ApplicationCommandType, InteractionType, type Client } from 'discord.js';
import { CACHE_LIMITS, createClient } from '../../src/discord/client.ts';

const GUILD = '100000000000000001';
const BOT = '900000000000000001';

/** discord.js's handler of INTERACTION_CREATE, as the gateway would call it (internal API). */
function receive(client: Client, userNumber: number): void {
  const user = { id: String(400000000000000000n + BigInt(userNumber)), username: `user${userNumber}`, discriminator: '0', avatar: null };
  const payload = {
    id: String(300000000000000000n + BigInt(userNumber)), application_id: BOT, type: InteractionType.ApplicationCommand, token: 'x'.repeat(150), version: 1,
    guild_id: GUILD, channel_id: '200000000000000001', locale: 'en-US', app_permissions: '0', entitlements: [], authorizing_integration_owners: { '0': GUILD }, context: 0,
    member: { user, roles: [], joined_at: '2024-01-01T00:00:00Z', permissions: '0', deaf: false, mute: false, flags: 0 },
    data: { id: '600', name: 'news', type: ApplicationCommandType.ChatInput, options: [] },
  };
  (client as unknown as { actions: { InteractionCreate: { handle(data: unknown): void } } }).actions.InteractionCreate.handle(payload);
}

describe('the discord.js client caches', () => {
  let client: Client;
  afterEach(async () => client?.destroy());

  it('keep a bounded number of command authors, however many ran a command, and always the bot itself', () => {
    client = createClient();
    // As READY and GUILD_CREATE would leave it (internal API: the managers' _add).
    const add = (manager: unknown, data: object) => (manager as { _add(data: object): never })._add(data);
    const guild = add(client.guilds, { id: GUILD, name: 'g', channels: [], roles: [], members: [], emojis: [], stickers: [] }) as import('discord.js').Guild;
    const me = { id: BOT, username: 'newsbot', discriminator: '0', avatar: null, bot: true };
    (client as unknown as { user: unknown }).user = add(client.users, me);
    add(guild.members, { user: me, roles: [], joined_at: '2024-01-01T00:00:00Z', deaf: false, mute: false, flags: 0 });
    let seen = 0;
    client.on('interactionCreate', () => void seen++);

    const authors = 5 * CACHE_LIMITS.users;
    for (let n = 0; n < authors; n++) receive(client, n);
    expect(seen).toBe(authors);
    expect(client.users.cache.size).toBeLessThanOrEqual(CACHE_LIMITS.users + 1);
    expect(guild.members.cache.size).toBeLessThanOrEqual(CACHE_LIMITS.membersPerGuild + 1);
    expect(client.users.cache.has(BOT)).toBe(true);
    expect(guild.members.me?.id).toBe(BOT);
  });
});

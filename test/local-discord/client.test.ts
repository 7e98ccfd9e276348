// The real discord.js client against the local server: login, commands, interactions, messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordAPIError, MessageFlags, PermissionFlagsBits, type Client, type TextChannel } from 'discord.js';
import { login, startWorld } from './helpers.ts';
import { until } from '../support/until.ts';

type World = Awaited<ReturnType<typeof startWorld>>;

const COMMANDS = [
  {
    name: 'news',
    description: 'Latest news on a topic',
    options: [{ name: 'topic', description: 'Topic', type: 3, required: true, autocomplete: true }],
  },
  { name: 'secret', description: 'Ephemeral reply' },
  { name: 'digest', description: 'Reply then follow up' },
  { name: 'card', description: 'A message with a button' },
  { name: 'feed', description: 'Admin only', default_member_permissions: PermissionFlagsBits.ManageGuild.toString() },
];

/** The bot under test: a tiny discord.js app exercising each response style. */
function installBot(client: Client): void {
  client.on('interactionCreate', async (i) => {
    if (i.isAutocomplete()) {
      const typed = i.options.getFocused();
      await i.respond(['gaming', 'gardening', 'politics'].filter((t) => t.startsWith(typed)).map((t) => ({ name: t, value: t })));
    } else if (i.isChatInputCommand()) {
      if (i.commandName === 'news') {
        await i.deferReply();
        await i.editReply({ embeds: [{ title: `News: ${i.options.getString('topic', true)}`, description: 'Top story', color: 0x3366ff }] });
      } else if (i.commandName === 'secret') {
        await i.reply({ content: `only for ${i.user.username} (${i.locale})`, flags: MessageFlags.Ephemeral });
      } else if (i.commandName === 'digest') {
        await i.reply('part 1');
        await i.followUp('part 2');
      } else if (i.commandName === 'card') {
        await i.reply({ content: 'collapsed', components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'more', label: 'More' }] }] });
      } else if (i.commandName === 'feed') {
        await i.reply({ content: `admin=${i.memberPermissions?.has(PermissionFlagsBits.ManageGuild)}`, flags: MessageFlags.Ephemeral });
      }
    } else if (i.isButton() && i.customId === 'more') {
      await i.update({ content: 'expanded', components: [] });
    }
  });
}

describe('discord.js against local-discord', () => {
  let w: World;
  let client: Client<true>;

  beforeAll(async () => {
    w = await startWorld();
    client = await login(w.discord);
    installBot(client);
    await client.application.commands.set(COMMANDS);
  });

  afterAll(async () => {
    await client?.destroy();
    await w?.discord.close();
  });

  it('logs in: READY then GUILD_CREATE fill the caches', () => {
    expect(client.user.id).toBe(w.discord.applicationId);
    expect(client.application.id).toBe(w.discord.applicationId);
    const guild = client.guilds.cache.get(w.guild.id);
    expect(guild?.name).toBe('Newsroom');
    expect(guild?.channels.cache.get(w.channel.id)?.name).toBe('news');
    expect(guild?.members.me?.id).toBe(client.user.id);
    expect(Buffer.from(w.discord.token.split('.')[0]!, 'base64').toString()).toBe(w.discord.applicationId);
  });

  it('stores commands registered over REST, keeping ids on re-registration', async () => {
    const first = w.discord.registeredCommands().map((c) => [c.name, c.id]);
    expect(first.map(([name]) => name)).toEqual(COMMANDS.map((c) => c.name));
    await client.application.commands.set(COMMANDS);
    expect(w.discord.registeredCommands().map((c) => [c.name, c.id])).toEqual(first);
    await client.application.commands.create({ name: 'extra', description: 'guild only' }, w.guild.id);
    expect(w.discord.registeredCommands(w.guild.id).map((c) => c.name)).toEqual(['extra']);
    const fetched = await client.application.commands.fetch();
    expect(fetched.size).toBe(COMMANDS.length);
  });

  it('slash command: deferReply → editReply is the visible reply, posted in the channel', async () => {
    const reply = await w.discord.runCommand({ guildId: w.guild.id, channelId: w.channel.id, user: w.admin, name: 'news', options: [{ name: 'topic', value: 'ai' }] });
    expect(reply.interaction.responseType).toBe(5);
    expect(reply.ephemeral).toBe(false);
    expect(reply.embeds).toEqual([{ title: 'News: ai', description: 'Top story', color: 0x3366ff }]);
    expect(reply.message?.flags).toBe(0); // no longer "thinking"
    expect(w.discord.messages(w.channel.id).at(-1)?.id).toBe(reply.message?.id);
  });

  it('ephemeral reply carries flag 64, the locale, and stays out of channel history', async () => {
    const before = w.discord.messages(w.channel.id).length;
    const reply = await w.discord.runCommand({ guildId: w.guild.id, channelId: w.channel.id, user: w.reader, name: 'secret', locale: 'fr' });
    expect(reply.content).toBe('only for bob (fr)');
    expect(reply.ephemeral).toBe(true);
    expect(reply.message!.flags & 64).toBe(64);
    expect(w.discord.messages(w.channel.id).length).toBe(before);
  });

  it('reply then followUp', async () => {
    const reply = await w.discord.runCommand({ guildId: w.guild.id, channelId: w.channel.id, user: w.reader, name: 'digest' });
    expect(reply.content).toBe('part 1');
    const followUps = await w.discord.interactions.followUps(reply.interaction, 1);
    expect(followUps.map((m) => m.content)).toEqual(['part 2']);
  });

  it('autocomplete: the focused option reaches the bot, its choices come back', async () => {
    const choices = await w.discord.autocomplete({ guildId: w.guild.id, channelId: w.channel.id, user: w.reader, name: 'news', options: [{ name: 'topic', value: 'ga' }] });
    expect(choices).toEqual([
      { name: 'gaming', value: 'gaming' },
      { name: 'gardening', value: 'gardening' },
    ]);
  });

  it('button click → update edits the message in place', async () => {
    const card = await w.discord.runCommand({ guildId: w.guild.id, channelId: w.channel.id, user: w.reader, name: 'card' });
    expect(card.components).toHaveLength(1);
    const clicked = await w.discord.clickComponent({ message: card.message!, customId: 'more', user: w.reader });
    expect(clicked.interaction.responseType).toBe(7);
    expect(clicked.message?.id).toBe(card.message?.id);
    expect(w.discord.messages(w.channel.id).find((m) => m.id === card.message?.id)).toMatchObject({ content: 'expanded', components: [] });
  });

  it('member permissions: a command with default_member_permissions is for managers only', async () => {
    const reply = await w.discord.runCommand({ guildId: w.guild.id, channelId: w.channel.id, user: w.admin, name: 'feed' });
    expect(reply.content).toBe('admin=true');
    expect(() => w.discord.dispatchCommand({ guildId: w.guild.id, channelId: w.channel.id, user: w.reader, name: 'feed' })).toThrow(/lacks default_member_permissions/);
    const forced = await w.discord.runCommand({ guildId: w.guild.id, channelId: w.channel.id, user: w.reader, name: 'feed', bypassPermissions: true });
    expect(forced.content).toBe('admin=false');
  });

  it('unregistered commands cannot be invoked', () => {
    expect(() => w.discord.dispatchCommand({ guildId: w.guild.id, channelId: w.channel.id, user: w.reader, name: 'nope' })).toThrow(/not registered/);
  });

  it('sends a message with embeds, components and allowed_mentions', async () => {
    const channel = client.channels.cache.get(w.channel.id) as TextChannel;
    const sent = await channel.send({
      content: 'Morning digest',
      embeds: [{ title: 'Story', url: 'https://example.com/a', fields: [{ name: 'Source', value: 'Example' }] }],
      allowedMentions: { parse: [] },
    });
    const stored = w.discord.messages(w.channel.id).at(-1)!;
    expect(stored.id).toBe(sent.id);
    expect(stored.embeds[0]).toMatchObject({ title: 'Story', url: 'https://example.com/a' });
    expect(stored.allowed_mentions).toEqual({ parse: [] });
    expect(sent.author.id).toBe(client.user.id);
  });

  it('multipart uploads: payload_json is validated, files become attachments', async () => {
    const channel = client.channels.cache.get(w.channel.id) as TextChannel;
    const sent = await channel.send({ content: 'with file', files: [{ attachment: Buffer.from('hello'), name: 'digest.txt' }] });
    expect(sent.attachments.first()).toMatchObject({ name: 'digest.txt', size: 5 });
    expect(w.discord.messages(w.channel.id).at(-1)?.attachments).toMatchObject([{ filename: 'digest.txt', size: 5 }]);
  });

  it('nonce + enforce_nonce returns the existing message instead of posting twice', async () => {
    const channel = client.channels.cache.get(w.channel.id) as TextChannel;
    const before = w.discord.messages(w.channel.id).length;
    const a = await channel.send({ content: 'once', nonce: 'digest-2024-01-01', enforceNonce: true });
    const b = await channel.send({ content: 'once', nonce: 'digest-2024-01-01', enforceNonce: true });
    expect(b.id).toBe(a.id);
    expect(w.discord.messages(w.channel.id).length).toBe(before + 1);
    const c = await channel.send({ content: 'no enforcement', nonce: 'digest-2024-01-01' });
    expect(c.id).not.toBe(a.id);
  });

  it('a channel that forbids posting answers 403 50013; a deleted one 404 10003', async () => {
    const locked = w.discord.createChannel(w.guild.id, 'locked', { canPost: false });
    const gone = w.discord.createChannel(w.guild.id, 'gone');
    await until(() => client.channels.cache.get(gone.id));
    const lockedChannel = client.channels.cache.get(locked.id) as TextChannel;
    expect(lockedChannel.permissionsFor(client.user)?.has(PermissionFlagsBits.SendMessages)).toBe(false);
    await expect(lockedChannel.send('hi')).rejects.toMatchObject({ status: 403, code: 50013 });

    const goneChannel = client.channels.cache.get(gone.id) as TextChannel;
    w.discord.deleteChannel(gone.id);
    await until(() => !client.channels.cache.has(gone.id)); // CHANNEL_DELETE reached the client
    await expect(goneChannel.send('hi')).rejects.toMatchObject({ status: 404, code: 10003 });

    w.discord.setChannelPermissions(locked.id, { canPost: true });
    await until(() => lockedChannel.permissionsFor(client.user)?.has(PermissionFlagsBits.SendMessages));
    await expect(lockedChannel.send('now allowed')).resolves.toMatchObject({ content: 'now allowed' });
  });

  it('no request so far violated the OpenAPI spec', () => {
    expect(w.discord.validator.enabled).toBe(true);
    expect(w.discord.violations).toEqual([]);
  });
});

describe('OpenAPI validation', () => {
  it('rejects an over-long embed title and a wrong type with 50035, and records them', async () => {
    const w = await startWorld();
    const client = await login(w.discord);
    try {
      const channel = client.channels.cache.get(w.channel.id) as TextChannel;
      const error = await channel.send({ embeds: [{ title: 'x'.repeat(257) }] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DiscordAPIError);
      expect(error).toMatchObject({ status: 400, code: 50035 });
      expect((error as DiscordAPIError).rawError).toMatchObject({
        errors: { embeds: { 0: { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } },
      });
      await expect(client.rest.post(`/channels/${w.channel.id}/messages`, { body: { content: 'ok', tts: 'yes' } })).rejects.toMatchObject({ code: 50035 });
      expect(w.discord.violations.map((v) => [v.operationId, v.errors.map((e) => e.path)])).toEqual([
        ['create_message', ['embeds.0.title']],
        ['create_message', ['tts']],
      ]);
      expect(w.discord.messages(w.channel.id)).toEqual([]);
    } finally {
      await client.destroy();
      await w.discord.close();
    }
  });

  it('is skipped when the spec file is absent', async () => {
    const notices: string[] = [];
    const w = await startWorld({ openapiPath: '/nonexistent/openapi.json', log: (m) => notices.push(m) });
    const client = await login(w.discord);
    try {
      const channel = client.channels.cache.get(w.channel.id) as TextChannel;
      await channel.send({ embeds: [{ title: 'x'.repeat(300) }] });
      expect(w.discord.violations).toEqual([]);
      expect(notices).toHaveLength(1);
    } finally {
      await client.destroy();
      await w.discord.close();
    }
  });
});

// Can the bot post in a channel? Checked before a feed or digest is saved, from the guild's roles and the
// channel's overwrites as the gateway reported them, so a doomed schedule is refused up front.
import { ChannelType, PermissionFlagsBits, type ChatInputCommandInteraction, type GuildBasedChannel } from 'discord.js';

/** What posting an article embed needs, with the names Discord's UI shows. */
const NEEDED: [bigint, string][] = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
];

export const POSTABLE_CHANNEL_TYPES = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

export type ChannelCheck = { ok: true; channel: GuildBasedChannel } | { ok: false; reason: 'type' } | { ok: false; reason: 'permissions'; missing: string[] };

/** Checks the channel option `name` of a guild command: a text channel the bot may view, post and embed in. */
export async function checkPostableChannel(interaction: ChatInputCommandInteraction<'cached'>, name: string): Promise<ChannelCheck> {
  const option = interaction.options.getChannel(name, true);
  const guild = interaction.guild;
  const channel = guild.channels.cache.get(option.id) ?? (await guild.channels.fetch(option.id).catch(() => null));
  if (!channel || !(POSTABLE_CHANNEL_TYPES as readonly ChannelType[]).includes(channel.type)) return { ok: false, reason: 'type' };
  const me = guild.members.me ?? (await guild.members.fetchMe());
  const permissions = channel.permissionsFor(me);
  const missing = NEEDED.filter(([flag]) => !permissions.has(flag)).map(([, label]) => label);
  return missing.length ? { ok: false, reason: 'permissions', missing } : { ok: true, channel };
}

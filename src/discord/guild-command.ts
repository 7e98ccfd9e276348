// Shared steps of the server-configuration commands (/feed, /digest, /admin): guild-only, answered privately,
// the target channel checked before anything is saved.
import { channelMention, MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { Built } from '../delivery/validate.ts';
import { checkPostableChannel } from './channel-check.ts';
import { formatDate, localeOf, type Translate } from './i18n.ts';
import { problemList } from './problem-text.ts';
import { replyPrivately } from './reply.ts';

/** Defers privately (storage and channel lookups may take a moment) and narrows to a cached guild; undefined when used outside one. */
export async function beginGuildCommand(interaction: ChatInputCommandInteraction, tr: Translate): Promise<ChatInputCommandInteraction<'cached'> | undefined> {
  if (!interaction.inCachedGuild()) {
    await replyPrivately(interaction, tr('error.guildOnly', { command: interaction.commandName }));
    return undefined;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  return interaction;
}

/** Why the bot cannot post in the channel option `name`, or undefined when it can. */
async function channelRefusal(interaction: ChatInputCommandInteraction<'cached'>, name: string, tr: Translate): Promise<string | undefined> {
  const check = await checkPostableChannel(interaction, name);
  if (check.ok) return undefined;
  const channel = channelMention(interaction.options.getChannel(name, true).id);
  return check.reason === 'type' ? tr('invalid.channelType', { channel }) : tr('invalid.channel', { channel, missing: check.missing.join(', ') });
}

/**
 * The validated schedule when it may be saved. Otherwise the user is told privately what to fix — every input
 * problem at once, or the permission the bot lacks in the `channel` option's channel — and undefined returned.
 */
export async function acceptable<T>(interaction: ChatInputCommandInteraction<'cached'>, built: Built<T>, tr: Translate): Promise<T | undefined> {
  if (!built.ok) {
    await replyPrivately(interaction, tr('invalid.notSaved', { problems: problemList(built.problems, tr) }));
    return undefined;
  }
  const refusal = await channelRefusal(interaction, 'channel', tr);
  if (refusal) {
    await replyPrivately(interaction, refusal);
    return undefined;
  }
  return built.value;
}

/** A run time for humans, in the schedule's own timezone. */
export function when(interaction: { locale: string }, iso: string | Date | null | undefined, timeZone: string, tr: Translate): string {
  if (!iso) return tr('admin.never');
  return `${formatDate(localeOf(interaction.locale), typeof iso === 'string' ? iso : iso.toISOString(), { timeZone })} (${timeZone})`;
}

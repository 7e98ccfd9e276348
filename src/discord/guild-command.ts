// Shared steps of the server-configuration commands (/feed, /digest, /admin): guild-only, answered privately,
// the target channel checked before anything is saved, problems listed all at once.
import { channelMention, MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { Problem } from '../delivery/validate.ts';
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

/**
 * True when the bot can post in the channel option `name`. Otherwise the user is told privately what
 * permission the bot lacks there (or that it is not a text channel), and nothing should be saved.
 */
export async function postableChannel(interaction: ChatInputCommandInteraction<'cached'>, name: string, tr: Translate): Promise<boolean> {
  const check = await checkPostableChannel(interaction, name);
  if (check.ok) return true;
  const channel = channelMention(interaction.options.getChannel(name, true).id);
  await replyPrivately(interaction, check.reason === 'type' ? tr('invalid.channelType', { channel }) : tr('invalid.channel', { channel, missing: check.missing.join(', ') }));
  return false;
}

/** Every input problem at once, so the user fixes them all in one go. */
export function notSaved(problems: readonly Problem[], tr: Translate): string {
  return tr('invalid.notSaved', { problems: problemList(problems, tr) });
}

/** A run time for humans, in the schedule's own timezone. */
export function when(interaction: { locale: string }, iso: string | Date | null | undefined, timeZone: string, tr: Translate): string {
  if (!iso) return tr('admin.never');
  return `${formatDate(localeOf(interaction.locale), typeof iso === 'string' ? iso : iso.toISOString(), { timeZone })} (${timeZone})`;
}

/** A feed's or digest's state as lists show it: active, paused, or paused with the reason. */
export function pauseState(item: { paused?: boolean; pausedReason?: string }, tr: Translate): string {
  if (!item.paused) return tr('feed.active');
  return item.pausedReason ? tr('feed.pausedReason', { reason: item.pausedReason }) : tr('feed.pausedState');
}

/** When it last ran: its status record, else the time the item itself kept (saved before status records). */
export function lastRunOf(item: { lastRunAt?: string }, status: { lastRunAt?: string } | undefined): string | undefined {
  return status?.lastRunAt ?? item.lastRunAt;
}

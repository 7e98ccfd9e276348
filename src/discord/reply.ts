// Replies that work whatever state the interaction is in (fresh, deferred, already answered).
import { MessageFlags, type InteractionReplyOptions, type RepliableInteraction } from 'discord.js';
import { truncate } from '../text/truncate.ts';
import { CONTENT_MAX } from './echo.ts';

/** Nobody is ever pinged by a reply: not by text we echo back, not by article text. */
export const NO_MENTIONS = { parse: [] } as const;

/**
 * An ephemeral message to the user who acted, as the reply or as a follow-up when the reply is taken. Cut to
 * Discord's 2,000 characters: an answer that is too long is rejected whole, and the user would hear nothing.
 */
export async function replyPrivately(interaction: RepliableInteraction, text: string): Promise<void> {
  const content = truncate(text, CONTENT_MAX);
  const options: InteractionReplyOptions = { content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS };
  if (interaction.deferred && !interaction.replied) {
    // A deferred reply's visibility was fixed at defer time; editing keeps it.
    await interaction.editReply({ content, allowedMentions: NO_MENTIONS, embeds: [], components: [] });
  } else if (interaction.replied) {
    await interaction.followUp(options);
  } else {
    await interaction.reply(options);
  }
}

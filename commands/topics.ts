// /topics — every topic with its number of articles, most covered first.
import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { AppContext } from '../src/discord/context.ts';
import { EMBED_LIMITS, neutralizeMentions, wholeLines } from '../src/discord/embeds.ts';
import { describe, translator } from '../src/discord/i18n.ts';
import { NO_MENTIONS, replyPrivately } from '../src/discord/reply.ts';

export const data = describe(new SlashCommandBuilder().setName('topics'), 'Topics and how many articles each has', 'Các chủ đề và số bài viết của mỗi chủ đề');

export async function execute(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
  const tr = translator(interaction.locale);
  const topics = ctx.corpus.current.topics();
  if (topics.length === 0) return replyPrivately(interaction, tr('topics.empty'));
  // Whole lines only, with room kept for the "and N more" line.
  const lines = wholeLines(topics.map(({ name, count }) => `**${neutralizeMentions(name)}** — ${count}`), EMBED_LIMITS.description - 64);
  if (lines.length < topics.length) lines.push(tr('topics.more', { count: topics.length - lines.length }));
  await interaction.reply({ embeds: [{ title: tr('topics.title'), description: lines.join('\n'), color: 0x1c7ed6 }], allowedMentions: NO_MENTIONS });
}

// /summary article:<title> — an article's extractive summary; /summary topic:<topic> — a briefing across the
// topic's hottest articles, with numbered source links. Exactly one of the two options.
import { SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { briefTopic, summarizeArticle } from '../src/summary/index.ts';
import type { AppContext } from '../src/discord/context.ts';
import { articleChoices, topicChoices } from '../src/discord/choices.ts';
import { articleEmbed, briefingEmbed, EMBED_LIMITS } from '../src/discord/embeds.ts';
import { echo } from '../src/discord/echo.ts';
import { describe, translator, type Translate } from '../src/discord/i18n.ts';
import { TEXT_MAX } from '../src/discord/option-check.ts';
import { NO_MENTIONS, replyPrivately } from '../src/discord/reply.ts';

/** Articles a briefing draws from. */
const BRIEFING_ARTICLES = 10;

export const data = describe(new SlashCommandBuilder().setName('summary'), 'Summarize an article or brief a topic', 'Tóm tắt một bài viết hoặc một chủ đề')
  .addStringOption((o) => describe(o.setName('article').setAutocomplete(true).setMaxLength(TEXT_MAX.article), 'Summary of one article: type its title', 'Tóm tắt một bài viết: gõ tiêu đề'))
  .addStringOption((o) => describe(o.setName('topic').setAutocomplete(true).setMaxLength(TEXT_MAX.topic), 'Briefing on a topic from its hottest articles', 'Tóm tắt chủ đề từ các bài nóng nhất'));

async function summarize(interaction: ChatInputCommandInteraction, ctx: AppContext, tr: Translate, typed: string): Promise<void> {
  const index = ctx.corpus.current;
  // A picked suggestion carries the id; typed text without picking falls back to the best title match.
  const article = index.get(typed) ?? index.suggestTitles(typed, 1)[0];
  if (!article) return replyPrivately(interaction, tr('summary.unknownArticle', { article: echo(typed) }));
  const summary = summarizeArticle(article);
  const embed = articleEmbed(article, tr, { text: summary.summary, descriptionMax: EMBED_LIMITS.description });
  await interaction.reply({ embeds: [embed], allowedMentions: NO_MENTIONS });
}

async function brief(interaction: ChatInputCommandInteraction, ctx: AppContext, tr: Translate, typed: string): Promise<void> {
  const index = ctx.corpus.current;
  const topic = index.resolveTopic(typed);
  if (!topic) return replyPrivately(interaction, tr('news.unknownTopic', { topic: echo(typed) }));
  const briefing = briefTopic(topic, index.byTopic(topic, { limit: BRIEFING_ARTICLES }));
  if (briefing.bullets.length === 0) return replyPrivately(interaction, tr('summary.empty', { what: topic }));
  await interaction.reply({ embeds: [briefingEmbed(briefing, tr('summary.briefing', { topic }))], allowedMentions: NO_MENTIONS });
}

export async function execute(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
  const tr = translator(interaction.locale);
  const article = interaction.options.getString('article')?.trim() || null;
  const topic = interaction.options.getString('topic')?.trim() || null;
  // Discord cannot require "exactly one of": both or neither gets told how to use the command.
  if ((article === null) === (topic === null)) return replyPrivately(interaction, tr('summary.usage'));
  return article !== null ? summarize(interaction, ctx, tr, article) : brief(interaction, ctx, tr, topic!);
}

export async function autocomplete(interaction: AutocompleteInteraction, ctx: AppContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const index = ctx.corpus.current;
  await interaction.respond(focused.name === 'article' ? articleChoices(index, focused.value) : topicChoices(index, focused.value));
}

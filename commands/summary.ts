// /summary article article:<title> — an article's extractive summary.
// /summary topic topic:<topic> — a briefing across the topic's hottest articles, with numbered source links.
import { SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { briefTopic, summarizeArticle } from '../src/summary/index.ts';
import type { AppContext } from '../src/discord/context.ts';
import { articleChoices, topicChoices } from '../src/discord/choices.ts';
import { articleEmbed, briefingEmbed, EMBED_LIMITS, neutralizeMentions } from '../src/discord/embeds.ts';
import { describe, translator } from '../src/discord/i18n.ts';
import { NO_MENTIONS, replyPrivately } from '../src/discord/reply.ts';

/** Articles a briefing draws from. */
const BRIEFING_ARTICLES = 10;

export const data = describe(new SlashCommandBuilder().setName('summary'), 'Summarize an article or brief a topic', 'Tóm tắt một bài viết hoặc một chủ đề')
  .addSubcommand((sub) =>
    describe(sub.setName('article'), 'Summary of one article', 'Tóm tắt một bài viết')
      .addStringOption((o) => describe(o.setName('article').setRequired(true).setAutocomplete(true), 'Article title', 'Tiêu đề bài viết')))
  .addSubcommand((sub) =>
    describe(sub.setName('topic'), 'Briefing on a topic from its hottest articles', 'Tóm tắt chủ đề từ các bài nóng nhất')
      .addStringOption((o) => describe(o.setName('topic').setRequired(true).setAutocomplete(true), 'Topic, e.g. AI', 'Chủ đề, ví dụ AI')));

export async function execute(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
  const tr = translator(interaction.locale);
  const index = ctx.corpus.current;
  if (interaction.options.getSubcommand() === 'article') {
    const typed = interaction.options.getString('article', true).trim();
    // A picked suggestion carries the id; typed text without picking falls back to the best title match.
    const article = index.get(typed) ?? index.suggestTitles(typed, 1)[0];
    if (!article) return replyPrivately(interaction, tr('summary.unknownArticle', { article: neutralizeMentions(typed) }));
    const summary = summarizeArticle(article);
    const embed = articleEmbed(article, tr, { text: summary.summary, descriptionMax: EMBED_LIMITS.description });
    await interaction.reply({ embeds: [embed], allowedMentions: NO_MENTIONS });
    return;
  }
  const typed = interaction.options.getString('topic', true).trim();
  const topic = index.resolveTopic(typed);
  if (!topic) return replyPrivately(interaction, tr('news.unknownTopic', { topic: neutralizeMentions(typed) }));
  const articles = index.byTopic(topic, { limit: BRIEFING_ARTICLES });
  const briefing = briefTopic(topic, articles);
  if (briefing.bullets.length === 0) return replyPrivately(interaction, tr('summary.empty', { what: topic }));
  const embed = briefingEmbed(briefing, tr('summary.briefing', { topic }));
  await interaction.reply({ embeds: [embed], allowedMentions: NO_MENTIONS });
}

export async function autocomplete(interaction: AutocompleteInteraction, ctx: AppContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const index = ctx.corpus.current;
  await interaction.respond(focused.name === 'article' ? articleChoices(index, focused.value) : topicChoices(index, focused.value));
}

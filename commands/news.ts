// /news topic topic:<topic> [count] [language] — the hottest articles on a topic, a page at a time.
// /news search query:<words> [count] [language] — full-text search.
// Prev/Next buttons answer only the caller and stop after PAGER_TTL_MS (state in the custom_id, see pager.ts).
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  MessageFlags,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type InteractionReplyOptions,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import type { AppContext } from '../src/discord/context.ts';
import { articleEmbed, fitEmbeds, neutralizeMentions } from '../src/discord/embeds.ts';
import { describe, translator, type Translate } from '../src/discord/i18n.ts';
import { decodePager, encodePager, isExpired, pageOf, PAGER_QUERY_MAX, PAGER_TTL_MS, type PagerState } from '../src/discord/pager.ts';
import { NO_MENTIONS, replyPrivately } from '../src/discord/reply.ts';
import { topicChoices } from '../src/discord/choices.ts';

const DEFAULT_COUNT = 5;
const MAX_COUNT = 10;
/** Results beyond this are not worth paging through. */
const MAX_RESULTS = 100;
const INPUT_MAX = Math.min(50, PAGER_QUERY_MAX);

function withListOptions(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  return sub
    .addIntegerOption((o) => describe(o.setName('count').setMinValue(1).setMaxValue(MAX_COUNT), 'Articles per page (default 5)', 'Số bài mỗi trang (mặc định 5)'))
    .addStringOption((o) =>
      describe(o.setName('language'), 'Only articles in this language', 'Chỉ bài viết bằng ngôn ngữ này').addChoices(
        { name: 'English', value: 'en', name_localizations: { vi: 'Tiếng Anh' } },
        { name: 'Vietnamese', value: 'vi', name_localizations: { vi: 'Tiếng Việt' } },
      ));
}

export const data = describe(new SlashCommandBuilder().setName('news'), 'Hot news by topic, or search the articles', 'Tin nóng theo chủ đề, hoặc tìm kiếm bài viết')
  .addSubcommand((sub) =>
    withListOptions(describe(sub.setName('topic'), 'The hottest articles on a topic', 'Các bài nóng nhất của một chủ đề')
      .addStringOption((o) => describe(o.setName('topic').setRequired(true).setAutocomplete(true).setMaxLength(INPUT_MAX), 'Topic, e.g. AI', 'Chủ đề, ví dụ AI'))))
  .addSubcommand((sub) =>
    withListOptions(describe(sub.setName('search'), 'Full-text search in titles and text', 'Tìm kiếm toàn văn trong tiêu đề và nội dung')
      .addStringOption((o) => describe(o.setName('query').setRequired(true).setMaxLength(INPUT_MAX), 'Words to look for', 'Từ khoá cần tìm'))));

/** The articles a pager state stands for, best first. */
function results(state: PagerState, ctx: AppContext) {
  const index = ctx.corpus.current;
  const options = { limit: MAX_RESULTS, ...(state.language && { language: state.language }) };
  return state.mode === 'topic' ? index.byTopic(state.query, options) : index.search(state.query, options);
}

function pagerButtons(state: PagerState, pages: number, tr: Translate) {
  const button = (page: number, label: string, disabled: boolean) =>
    new ButtonBuilder().setCustomId(encodePager({ ...state, page })).setLabel(label).setStyle(ButtonStyle.Secondary).setDisabled(disabled);
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    button(state.page - 1, `◀ ${tr('news.prev')}`, state.page === 0),
    button(state.page + 1, `${tr('news.next')} ▶`, state.page >= pages - 1),
  );
}

/** One page as a message, or undefined when there is nothing to show. */
function renderPage(state: PagerState, ctx: AppContext, tr: Translate) {
  const all = results(state, ctx);
  if (all.length === 0) return undefined;
  const { items, page, pages } = pageOf(all, state.page, state.count);
  return {
    content: tr('news.page', { page: page + 1, pages, total: all.length }),
    embeds: fitEmbeds(items.map((a) => articleEmbed(a, tr))),
    components: pages > 1 ? [pagerButtons({ ...state, page }, pages, tr)] : [],
    allowedMentions: NO_MENTIONS,
  };
}

export async function execute(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
  const tr = translator(interaction.locale);
  const mode = interaction.options.getSubcommand() === 'topic' ? 'topic' : 'search';
  const input = interaction.options.getString(mode === 'topic' ? 'topic' : 'query', true).trim();
  const query = mode === 'topic' ? ctx.corpus.current.resolveTopic(input) : input;
  if (query === undefined) return replyPrivately(interaction, tr('news.unknownTopic', { topic: neutralizeMentions(input) }));
  const state: PagerState = {
    mode,
    query,
    userId: interaction.user.id,
    page: 0,
    count: interaction.options.getInteger('count') ?? DEFAULT_COUNT,
    language: interaction.options.getString('language'),
    issuedAt: ctx.clock.now().getTime(),
  };
  const view = renderPage(state, ctx, tr);
  if (!view) {
    const key = mode === 'topic' ? 'news.noArticles' : 'news.noResults';
    return replyPrivately(interaction, tr(key, { what: neutralizeMentions(query), query: neutralizeMentions(query) }));
  }
  await interaction.reply(view satisfies InteractionReplyOptions);
  if (view.components.length > 0) {
    // The interaction token outlives the buttons (15 min vs 10), so the reply can still be edited to drop them.
    ctx.timers.set(PAGER_TTL_MS, () => {
      interaction.editReply({ components: [] }).catch((err: unknown) => ctx.log.debug({ err }, 'could not remove expired buttons'));
    });
  }
}

export async function autocomplete(interaction: AutocompleteInteraction, ctx: AppContext): Promise<void> {
  await interaction.respond(topicChoices(ctx.corpus.current, interaction.options.getFocused()));
}

export async function button(interaction: ButtonInteraction, ctx: AppContext): Promise<void> {
  const tr = translator(interaction.locale);
  const state = decodePager(interaction.customId);
  if (!state || isExpired(state, ctx.clock.now().getTime())) {
    // Clean expiry: the buttons disappear from the message, and the presser learns why.
    await interaction.update({ components: [] });
    await interaction.followUp({ content: tr('error.expired'), flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    return;
  }
  if (interaction.user.id !== state.userId) return replyPrivately(interaction, tr('error.notYours'));
  const view = renderPage(state, ctx, tr);
  await interaction.update(view ?? { content: tr('news.noArticles', { what: neutralizeMentions(state.query) }), embeds: [], components: [] });
}

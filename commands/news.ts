// /news [topic:<topic>] [query:<words>] [count] [language] — the hottest articles on a topic, a full-text search,
// or (both given) a search within the topic, a page at a time. With neither it says what to type.
// Prev/Next buttons answer only the caller and stop after PAGER_TTL_MS (state in the custom_id, see pager.ts).
import {
  MessageFlags,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type InteractionReplyOptions,
} from 'discord.js';
import type { Article } from '../src/types.ts';
import type { CorpusIndex } from '../src/index/corpus-index.ts';
import type { AppContext } from '../src/discord/context.ts';
import { articleEmbed, fitEmbeds } from '../src/discord/embeds.ts';
import { echo } from '../src/discord/echo.ts';
import { describe, translator, type Translate } from '../src/discord/i18n.ts';
import { decodePager, encodePager, isExpired, pageButtons, pageOf, PAGER_TTL_MS, type NewsSearch, type PagerState } from '../src/discord/pager.ts';
import { PAGER_NAMESPACE, searchOf, searchRef } from '../src/discord/pager-store.ts';
import { NO_MENTIONS, replyPrivately } from '../src/discord/reply.ts';
import { safeError } from '../src/discord/safe-error.ts';
import { topicChoices } from '../src/discord/choices.ts';
import { TEXT_MAX } from '../src/discord/option-check.ts';

const DEFAULT_COUNT = 5;
const MAX_COUNT = 10;
/** Results beyond this are not worth paging through. */
const MAX_RESULTS = 100;

export const data = describe(new SlashCommandBuilder().setName('news'), 'Hot news by topic, or search the articles', 'Tin nóng theo chủ đề, hoặc tìm kiếm bài viết')
  .addStringOption((o) =>
    describe(o.setName('topic').setAutocomplete(true).setMaxLength(TEXT_MAX.topic), 'The hottest articles on a topic, e.g. AI', 'Các bài nóng nhất của một chủ đề, ví dụ AI'))
  .addStringOption((o) =>
    describe(o.setName('query').setMaxLength(TEXT_MAX.query), 'Words to look for in titles and text (within the topic, if one is given)', 'Từ khoá cần tìm trong tiêu đề và nội dung (trong chủ đề, nếu có)'))
  .addIntegerOption((o) => describe(o.setName('count').setMinValue(1).setMaxValue(MAX_COUNT), 'Articles per page (default 5)', 'Số bài mỗi trang (mặc định 5)'))
  .addStringOption((o) =>
    describe(o.setName('language'), 'Only articles in this language', 'Chỉ bài viết bằng ngôn ngữ này').addChoices(
      { name: 'English', value: 'en', name_localizations: { vi: 'Tiếng Anh' } },
      { name: 'Vietnamese', value: 'vi', name_localizations: { vi: 'Tiếng Việt' } },
    ));

/** The articles a search stands for, best first. */
function results(search: NewsSearch, language: string | null, index: CorpusIndex): Article[] {
  const options = { limit: MAX_RESULTS, ...(language && { language }) };
  const { topic, query } = search;
  if (query === null) return index.byTopic(topic ?? '', options);
  return index.search(query, { ...options, ...(topic !== null && { topic }) });
}

function customId(state: PagerState): string {
  const id = encodePager(state);
  // searchRef chose a ref that fits every page; this guards that promise.
  if (id === undefined) throw new Error(`pager custom_id over 100 characters for page ${state.page}`);
  return id;
}

/** One page of `all` (non-empty) as a message. */
function renderPage(state: PagerState, all: Article[], tr: Translate) {
  const { items, page, pages } = pageOf(all, state.page, state.count);
  return {
    content: tr('news.page', { page: page + 1, pages, total: all.length }),
    embeds: fitEmbeds(items.map((a) => articleEmbed(a, tr))),
    components: pages > 1 ? [pageButtons((target) => customId({ ...state, page: target }), page, pages, { prev: tr('news.prev'), next: tr('news.next') })] : [],
    allowedMentions: NO_MENTIONS,
  };
}

/** Why a search found nothing, in the user's words. */
function nothingFound(search: NewsSearch, language: string | null, tr: Translate): string {
  const topic = echo(search.topic ?? '');
  const query = search.query === null ? null : echo(search.query, TEXT_MAX.query);
  const what = query === null ? tr('news.noArticles', { what: topic }) : search.topic === null ? tr('news.noResults', { query }) : tr('news.noResultsInTopic', { query, topic });
  // The language filter may be why: say so, or "No articles for AI yet" reads as none at all.
  return language === null ? what : `${what} ${tr('news.onlyLanguage', { language: tr(language === 'vi' ? 'language.vi' : 'language.en') })}`;
}

export async function execute(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
  const tr = translator(interaction.locale);
  const index = ctx.corpus.current;
  const topicInput = interaction.options.getString('topic')?.trim() || null;
  const query = interaction.options.getString('query')?.trim() || null;
  if (topicInput === null && query === null) return replyPrivately(interaction, tr('news.usage'));
  const topic = topicInput === null ? null : index.resolveTopic(topicInput);
  if (topic === undefined) return replyPrivately(interaction, tr('news.unknownTopic', { topic: echo(topicInput ?? '') }));

  const search: NewsSearch = { topic, query };
  const base = {
    userId: interaction.user.id,
    page: 0,
    count: interaction.options.getInteger('count') ?? DEFAULT_COUNT,
    language: interaction.options.getString('language'),
    issuedAt: ctx.clock.now().getTime(),
  };
  const all = results(search, base.language, index);
  if (all.length === 0) return replyPrivately(interaction, nothingFound(search, base.language, tr));
  const { pages } = pageOf(all, 0, base.count);
  const state: PagerState = { ...base, ref: await searchRef(search, base, pages - 1, ctx.store.namespace(PAGER_NAMESPACE)) };
  const view = renderPage(state, all, tr);
  await interaction.reply(view satisfies InteractionReplyOptions);
  if (view.components.length > 0) {
    // The interaction token outlives the buttons (15 min vs 10), so the reply can still be edited to drop them.
    ctx.timers.set(PAGER_TTL_MS, () => {
      interaction.editReply({ components: [] }).catch((err: unknown) => ctx.log.debug({ err: safeError(err) }, 'could not remove expired buttons'));
    });
  }
}

export async function autocomplete(interaction: AutocompleteInteraction, ctx: AppContext): Promise<void> {
  await interaction.respond(topicChoices(ctx.corpus.current, interaction.options.getFocused()));
}

export async function button(interaction: ButtonInteraction, ctx: AppContext): Promise<void> {
  const tr = translator(interaction.locale);
  const state = decodePager(interaction.customId);
  const live = state && !isExpired(state, ctx.clock.now().getTime());
  const search = live ? await searchOf(state.ref, ctx.store.namespace(PAGER_NAMESPACE)) : undefined;
  if (!state || !search) {
    // Clean expiry (or a stored search that is gone): the buttons disappear, and the presser learns why.
    await interaction.update({ components: [] });
    await interaction.followUp({ content: tr('error.expired'), flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    return;
  }
  if (interaction.user.id !== state.userId) return replyPrivately(interaction, tr('error.notYours'));
  const all = results(search, state.language, ctx.corpus.current);
  await interaction.update(all.length ? renderPage(state, all, tr) : { content: nothingFound(search, state.language, tr), embeds: [], components: [], allowedMentions: NO_MENTIONS });
}

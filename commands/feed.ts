// /feed add|list|remove|pause|resume|test — scheduled feeds of hot articles into a channel (Manage Server).
import {
  channelMention,
  InteractionContextType,
  PermissionFlagsBits,
  roleMention,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import type { Feed } from '../src/delivery/model.ts';
import { MAX_PER_RUN, MIN_HEAT } from '../src/delivery/validate.ts';
import type { AppContext } from '../src/discord/context.ts';
import { POSTABLE_CHANNEL_TYPES } from '../src/discord/channel-check.ts';
import { timezoneChoices, topicListChoices } from '../src/discord/choices.ts';
import { articleEmbed, fitEmbeds } from '../src/discord/embeds.ts';
import { truncate } from '../src/text/truncate.ts';
import { echo } from '../src/discord/echo.ts';
import { beginGuildCommand, lastRunOf, notSaved, pauseState, postableChannel, when } from '../src/discord/guild-command.ts';
import { pageButtons } from '../src/discord/pager.ts';
import { describe, translator, type Translate } from '../src/discord/i18n.ts';
import { TEXT_MAX } from '../src/discord/option-check.ts';
import { NO_MENTIONS, replyPrivately } from '../src/discord/reply.ts';

const feedIdOption = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((o) => describe(o.setName('id').setRequired(true).setAutocomplete(true).setMaxLength(TEXT_MAX.feedId), 'Feed id (see /feed list)', 'Mã kênh tin (xem /feed list)'));

export const data = describe(new SlashCommandBuilder().setName('feed'), 'Scheduled news feeds for this server', 'Kênh tin theo lịch của máy chủ')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    describe(sub.setName('add'), 'Post hot articles on topics to a channel on a schedule', 'Đăng bài nóng theo chủ đề vào một kênh theo lịch')
      .addChannelOption((o) => describe(o.setName('channel').setRequired(true).addChannelTypes(...POSTABLE_CHANNEL_TYPES), 'Where to post', 'Kênh để đăng'))
      .addStringOption((o) => describe(o.setName('topics').setRequired(true).setAutocomplete(true).setMaxLength(TEXT_MAX.topics), 'Topics, comma-separated, e.g. AI, Cloud', 'Chủ đề, cách nhau bằng dấu phẩy'))
      .addStringOption((o) => describe(o.setName('schedule').setRequired(true).setMaxLength(TEXT_MAX.schedule), 'Cron schedule, e.g. 0 9 * * * (09:00 daily)', 'Lịch cron, ví dụ 0 9 * * * (09:00 mỗi ngày)'))
      .addStringOption((o) => describe(o.setName('timezone').setAutocomplete(true).setMaxLength(TEXT_MAX.timezone), 'IANA timezone of the schedule (default: the bot’s)', 'Múi giờ IANA của lịch'))
      .addNumberOption((o) => describe(o.setName('min_heat').setMinValue(MIN_HEAT.min).setMaxValue(MIN_HEAT.max), 'Only stories at least this hot, 0–100 (default 0)', 'Chỉ tin có độ nóng từ mức này, 0–100'))
      .addRoleOption((o) => describe(o.setName('role'), 'Role to mention with each post', 'Vai trò được nhắc trong mỗi bài'))
      .addIntegerOption((o) =>
        describe(o.setName('max_per_run').setMinValue(MAX_PER_RUN.min).setMaxValue(MAX_PER_RUN.max), `Articles per run (default ${MAX_PER_RUN.default})`, 'Số bài mỗi lần chạy')))
  .addSubcommand((sub) => describe(sub.setName('list'), 'Feeds of this server', 'Các kênh tin của máy chủ'))
  .addSubcommand((sub) => feedIdOption(describe(sub.setName('remove'), 'Delete a feed', 'Xoá một kênh tin')))
  .addSubcommand((sub) => feedIdOption(describe(sub.setName('pause'), 'Stop a feed posting for now', 'Tạm dừng một kênh tin')))
  .addSubcommand((sub) => feedIdOption(describe(sub.setName('resume'), 'Let a paused feed post again', 'Chạy lại kênh tin đã dừng')))
  .addSubcommand((sub) => feedIdOption(describe(sub.setName('test'), 'Show what a feed would post now (only to you)', 'Xem trước bài sẽ đăng (chỉ bạn thấy)')));

type Cached = ChatInputCommandInteraction<'cached'>;

/** Feeds per /feed list page: ten lines of at most LINE_MAX (topics cut to LINE_TOPICS) fit one 2,000-character reply. */
const LIST_PAGE = 10;
const LINE_MAX = 190;
const LINE_TOPICS = 50;

function topicsText(feed: Feed, tr: Translate): string {
  return feed.topics.length ? feed.topics.join(', ') : tr('feed.allTopics');
}

/** Heat as the admin typed it: whole numbers stay whole, others keep one decimal. */
const heat = (value: number) => String(Math.round(value * 10) / 10);

async function add(interaction: Cached, ctx: AppContext, tr: Translate): Promise<void> {
  if (!(await postableChannel(interaction, 'channel', tr))) return;
  const { options } = interaction;
  const added = await ctx.operations.addFeed({
    guildId: interaction.guildId,
    channelId: options.getChannel('channel', true).id,
    topics: options.getString('topics', true),
    schedule: options.getString('schedule', true),
    timezone: options.getString('timezone') ?? undefined,
    minHeat: options.getNumber('min_heat') ?? undefined,
    roleId: options.getRole('role')?.id,
    maxPerRun: options.getInteger('max_per_run') ?? undefined,
    createdBy: interaction.user.id,
  });
  if (!added.ok) return replyPrivately(interaction, notSaved(added.problems, tr));
  const { item: feed, nextRun, heat: range, warnings } = added;
  ctx.log.info({ feedId: feed.id, guildId: feed.guildId, channelId: feed.channelId, by: interaction.user.id }, 'feed added');
  const lines = [
    tr('feed.added', {
      id: feed.id,
      topics: topicsText(feed, tr) + (feed.roleId ? ` (${roleMention(feed.roleId)})` : ''),
      minHeat: heat(feed.minHeat),
      max: feed.maxPerRun,
      channel: channelMention(feed.channelId),
      schedule: feed.schedule,
      timezone: feed.timezone,
      next: when(interaction, nextRun, feed.timezone, tr),
    }),
    !range ? tr('feed.noArticles') : heat(range.min) === heat(range.max) ? tr('feed.heatOne', { heat: heat(range.min) }) : tr('feed.heatRange', { min: heat(range.min), max: heat(range.max) }),
    ...warnings.map((w) => tr('feed.heatUnreachable', { maxHeat: heat(w.params.maxHeat) })),
  ];
  await replyPrivately(interaction, lines.join('\n'));
}

/** `feed:list:<page>`: the list's Previous/Next buttons (the reply is private, so only its caller can press them). */
const listPageId = (page: number) => `feed:list:${page}`;

/** One page of the server's feeds, with buttons when there is more than one. */
async function listView(interaction: Cached | ButtonInteraction<'cached'>, ctx: AppContext, tr: Translate, requested: number) {
  const fetch = (page: number) => ctx.operations.listFeeds(interaction.guildId, { offset: page * LIST_PAGE, limit: LIST_PAGE });
  let page = Math.max(0, requested);
  let { rows, total } = await fetch(page);
  if (total === 0) return { content: tr('feed.none'), components: [] };
  const pages = Math.ceil(total / LIST_PAGE);
  // Feeds removed since the button was made: show the last page there is.
  if (page >= pages) ({ rows, total } = await fetch((page = pages - 1)));
  const lines = rows.map(({ item: feed, status, nextRun }) => {
    return truncate(tr('feed.line', {
      id: feed.id,
      state: pauseState(feed, tr),
      channel: channelMention(feed.channelId),
      topics: truncate(topicsText(feed, tr), LINE_TOPICS),
      minHeat: heat(feed.minHeat),
      schedule: feed.schedule,
      timezone: feed.timezone,
      last: when(interaction, lastRunOf(feed, status), feed.timezone, tr),
      next: when(interaction, nextRun, feed.timezone, tr),
    }), LINE_MAX);
  });
  const header = pages > 1 ? [tr('feed.page', { from: page * LIST_PAGE + 1, to: page * LIST_PAGE + rows.length, total })] : [];
  const buttons = pages > 1 ? [pageButtons(listPageId, page, pages, { prev: tr('news.prev'), next: tr('news.next') })] : [];
  return { content: [...header, ...lines].join('\n'), components: buttons };
}

async function list(interaction: Cached, ctx: AppContext, tr: Translate): Promise<void> {
  await interaction.editReply({ ...(await listView(interaction, ctx, tr, 0)), allowedMentions: NO_MENTIONS });
}

async function change(interaction: Cached, ctx: AppContext, tr: Translate, sub: 'remove' | 'pause' | 'resume' | 'test'): Promise<void> {
  const id = interaction.options.getString('id', true);
  const unknown = () => replyPrivately(interaction, tr('feed.unknown', { id: echo(id) }));
  const { guildId } = interaction;
  const ops = ctx.operations;
  if (sub === 'remove') {
    const removed = await ops.removeFeed(guildId, id);
    return removed ? replyPrivately(interaction, tr('feed.removed', { id: removed.id })) : unknown();
  }
  if (sub === 'pause' || sub === 'resume') {
    const changed = await (sub === 'pause' ? ops.pauseFeed(guildId, id) : ops.resumeFeed(guildId, id));
    if (!changed) return unknown();
    const next = when(interaction, changed.nextRun, changed.item.timezone, tr);
    return replyPrivately(interaction, tr(sub === 'pause' ? 'feed.paused' : 'feed.resumed', { id: changed.item.id, next }));
  }
  const tested = await ops.testFeed(guildId, id);
  if (!tested) return unknown();
  const { item: feed, articles } = tested;
  if (articles.length === 0) return replyPrivately(interaction, tr('feed.testEmpty', { id: feed.id }));
  await interaction.editReply({
    content: tr('feed.testHeader', { id: feed.id, count: articles.length, channel: channelMention(feed.channelId) }),
    embeds: fitEmbeds(articles.map((a) => articleEmbed(a, tr))),
    allowedMentions: NO_MENTIONS,
  });
}

export async function execute(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
  const tr = translator(interaction.locale);
  const cached = await beginGuildCommand(interaction, tr);
  if (!cached) return;
  const sub = cached.options.getSubcommand();
  if (sub === 'add') return add(cached, ctx, tr);
  if (sub === 'list') return list(cached, ctx, tr);
  return change(cached, ctx, tr, sub as 'remove' | 'pause' | 'resume' | 'test');
}

export async function autocomplete(interaction: AutocompleteInteraction, ctx: AppContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  if (focused.name === 'timezone') return interaction.respond(timezoneChoices(focused.value));
  if (focused.name === 'topics') return interaction.respond(topicListChoices(ctx.corpus.current, focused.value));
  // Feed ids of this guild, described so the right one is easy to pick.
  const typed = focused.value.trim().toLowerCase();
  const feeds = interaction.guildId ? await ctx.delivery.feeds.listByGuild(interaction.guildId) : [];
  const channelName = (id: string) => interaction.guild?.channels.cache.get(id)?.name ?? id;
  const paused = ` (${translator(interaction.locale)('feed.pausedState')})`;
  await interaction.respond(feeds
    .filter((f) => f.id.startsWith(typed) || f.topics.some((t) => t.toLowerCase().includes(typed)))
    .slice(0, 25)
    .map((f) => ({ name: truncate(`${f.id} → #${channelName(f.channelId)} · ${f.topics.join(', ')}${f.paused ? paused : ''}`, 100), value: f.id })));
}

/** Previous/Next on a /feed list reply. */
export async function button(interaction: ButtonInteraction, ctx: AppContext): Promise<void> {
  const page = Number(/^feed:list:(\d+)$/.exec(interaction.customId)?.[1]);
  if (!interaction.inCachedGuild() || !Number.isInteger(page)) return;
  await interaction.update({ ...(await listView(interaction, ctx, translator(interaction.locale), page)), allowedMentions: NO_MENTIONS });
}

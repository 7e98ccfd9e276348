// /feed add|list|remove|pause|resume|test — scheduled feeds of hot articles into a channel (Manage Server).
import {
  channelMention,
  InteractionContextType,
  PermissionFlagsBits,
  roleMention,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import type { Feed } from '../src/delivery/model.ts';
import { buildFeed, MAX_PER_RUN, MIN_HEAT } from '../src/delivery/validate.ts';
import type { AppContext } from '../src/discord/context.ts';
import { POSTABLE_CHANNEL_TYPES } from '../src/discord/channel-check.ts';
import { timezoneChoices, topicListChoices } from '../src/discord/choices.ts';
import { articleEmbed, fitEmbeds } from '../src/discord/embeds.ts';
import { truncate } from '../src/text/truncate.ts';
import { acceptable, beginGuildCommand, when } from '../src/discord/guild-command.ts';
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
      .addNumberOption((o) => describe(o.setName('min_heat').setMinValue(MIN_HEAT.min).setMaxValue(MIN_HEAT.max), 'Only articles at least this hot (default 0)', 'Chỉ bài có độ nóng từ mức này'))
      .addRoleOption((o) => describe(o.setName('role'), 'Role to mention with each post', 'Vai trò được nhắc trong mỗi bài'))
      .addIntegerOption((o) =>
        describe(o.setName('max_per_run').setMinValue(MAX_PER_RUN.min).setMaxValue(MAX_PER_RUN.max), `Articles per run (default ${MAX_PER_RUN.default})`, 'Số bài mỗi lần chạy')))
  .addSubcommand((sub) => describe(sub.setName('list'), 'Feeds of this server', 'Các kênh tin của máy chủ'))
  .addSubcommand((sub) => feedIdOption(describe(sub.setName('remove'), 'Delete a feed', 'Xoá một kênh tin')))
  .addSubcommand((sub) => feedIdOption(describe(sub.setName('pause'), 'Stop a feed posting for now', 'Tạm dừng một kênh tin')))
  .addSubcommand((sub) => feedIdOption(describe(sub.setName('resume'), 'Let a paused feed post again', 'Chạy lại kênh tin đã dừng')))
  .addSubcommand((sub) => feedIdOption(describe(sub.setName('test'), 'Show what a feed would post now (only to you)', 'Xem trước bài sẽ đăng (chỉ bạn thấy)')));

type Cached = ChatInputCommandInteraction<'cached'>;

function topicsText(feed: Feed, tr: Translate): string {
  return feed.topics.length ? feed.topics.join(', ') : tr('feed.allTopics');
}

async function add(interaction: Cached, ctx: AppContext, tr: Translate): Promise<void> {
  const { options } = interaction;
  const built = buildFeed(
    {
      guildId: interaction.guildId,
      channelId: options.getChannel('channel', true).id,
      topics: options.getString('topics', true),
      schedule: options.getString('schedule', true),
      timezone: options.getString('timezone') ?? undefined,
      minHeat: options.getNumber('min_heat') ?? undefined,
      roleId: options.getRole('role')?.id,
      maxPerRun: options.getInteger('max_per_run') ?? undefined,
      createdBy: interaction.user.id,
    },
    { source: ctx.corpus.current, now: ctx.clock.now(), defaultTimezone: ctx.defaultTimezone },
  );
  const feed = await acceptable(interaction, built, tr);
  if (!feed) return;
  await ctx.delivery.feeds.put(feed);
  await ctx.delivery.scheduler.scheduleFeed(feed);
  ctx.log.info({ feedId: feed.id, guildId: feed.guildId, channelId: feed.channelId, by: interaction.user.id }, 'feed added');
  await replyPrivately(interaction, tr('feed.added', {
    id: feed.id,
    topics: topicsText(feed, tr) + (feed.roleId ? ` (${roleMention(feed.roleId)})` : ''),
    minHeat: feed.minHeat,
    max: feed.maxPerRun,
    channel: channelMention(feed.channelId),
    schedule: feed.schedule,
    timezone: feed.timezone,
    next: when(interaction, ctx.delivery.scheduler.nextRun('feed', feed.id), feed.timezone, tr),
  }));
}

async function list(interaction: Cached, ctx: AppContext, tr: Translate): Promise<void> {
  const feeds = await ctx.delivery.feeds.listByGuild(interaction.guildId);
  if (feeds.length === 0) return replyPrivately(interaction, tr('feed.none'));
  const lines = await Promise.all(feeds.map(async (feed) => {
    const status = await ctx.delivery.status.get('feed', feed.id);
    const state = !feed.paused ? tr('feed.active') : feed.pausedReason ? tr('feed.pausedReason', { reason: feed.pausedReason }) : tr('feed.pausedState');
    return tr('feed.line', {
      id: feed.id,
      state,
      channel: channelMention(feed.channelId),
      topics: topicsText(feed, tr),
      minHeat: feed.minHeat,
      schedule: feed.schedule,
      timezone: feed.timezone,
      last: when(interaction, status?.lastRunAt ?? feed.lastRunAt, feed.timezone, tr),
      next: when(interaction, ctx.delivery.scheduler.nextRun('feed', feed.id), feed.timezone, tr),
    });
  }));
  await replyPrivately(interaction, truncate(lines.join('\n'), 2000));
}

/** The feed named by the `id` option, only if it belongs to this guild (ids are not secrets). */
async function feedOf(interaction: Cached, ctx: AppContext): Promise<Feed | undefined> {
  const feed = await ctx.delivery.feeds.get(interaction.options.getString('id', true).trim());
  return feed?.guildId === interaction.guildId ? feed : undefined;
}

async function change(interaction: Cached, ctx: AppContext, tr: Translate, sub: 'remove' | 'pause' | 'resume' | 'test'): Promise<void> {
  const feed = await feedOf(interaction, ctx);
  if (!feed) return replyPrivately(interaction, tr('feed.unknown', { id: interaction.options.getString('id', true) }));
  const { feeds, scheduler, status, feedRunner } = ctx.delivery;
  if (sub === 'remove') {
    scheduler.unschedule('feed', feed.id);
    await feeds.delete(feed.id);
    await status.forget('feed', feed.id);
    return replyPrivately(interaction, tr('feed.removed', { id: feed.id }));
  }
  if (sub === 'pause' || sub === 'resume') {
    const updated = await feeds.update(feed.id, ({ pausedReason: _, ...rest }) => ({ ...rest, paused: sub === 'pause' }));
    if (updated) await scheduler.scheduleFeed(updated);
    const next = when(interaction, scheduler.nextRun('feed', feed.id), feed.timezone, tr);
    return replyPrivately(interaction, tr(sub === 'pause' ? 'feed.paused' : 'feed.resumed', { id: feed.id, next }));
  }
  const articles = await feedRunner.preview(feed);
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

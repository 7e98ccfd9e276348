// /digest set|preview|off — one daily digest per channel: the top articles not in an earlier digest, with briefings.
import {
  channelMention,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import { DIGEST_SIZE } from '../src/delivery/validate.ts';
import type { AppContext } from '../src/discord/context.ts';
import { POSTABLE_CHANNEL_TYPES } from '../src/discord/channel-check.ts';
import { timezoneChoices, topicListChoices } from '../src/discord/choices.ts';
import { beginGuildCommand, notSaved, postableChannel, when } from '../src/discord/guild-command.ts';
import { describe, translator, type Translate } from '../src/discord/i18n.ts';
import { TEXT_MAX } from '../src/discord/option-check.ts';
import { NO_MENTIONS, replyPrivately } from '../src/discord/reply.ts';
import { renderPost } from '../src/discord/render-post.ts';

const optionalChannel = (sub: SlashCommandSubcommandBuilder) =>
  sub.addChannelOption((o) =>
    describe(o.setName('channel').addChannelTypes(...POSTABLE_CHANNEL_TYPES), 'The digest’s channel (default: all of this server’s)', 'Kênh của bản tin (mặc định: mọi kênh)'));

export const data = describe(new SlashCommandBuilder().setName('digest'), 'A daily digest of the top articles', 'Bản tin hằng ngày các bài hàng đầu')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    describe(sub.setName('set'), 'Post a daily digest to a channel', 'Đăng bản tin hằng ngày vào một kênh')
      .addChannelOption((o) => describe(o.setName('channel').setRequired(true).addChannelTypes(...POSTABLE_CHANNEL_TYPES), 'Where to post', 'Kênh để đăng'))
      .addStringOption((o) => describe(o.setName('time').setRequired(true).setMaxLength(TEXT_MAX.time), 'Time of day, HH:MM (24-hour)', 'Giờ trong ngày, HH:MM (24 giờ)'))
      .addStringOption((o) => describe(o.setName('timezone').setAutocomplete(true).setMaxLength(TEXT_MAX.timezone), 'IANA timezone (default: the bot’s)', 'Múi giờ IANA'))
      .addStringOption((o) => describe(o.setName('topics').setAutocomplete(true).setMaxLength(TEXT_MAX.topics), 'Only these topics, comma-separated (default: all)', 'Chỉ các chủ đề này (mặc định: tất cả)'))
      .addIntegerOption((o) =>
        describe(o.setName('size').setMinValue(DIGEST_SIZE.min).setMaxValue(DIGEST_SIZE.max), `Articles per digest (default ${DIGEST_SIZE.default})`, 'Số bài mỗi bản tin')))
  .addSubcommand((sub) => optionalChannel(describe(sub.setName('preview'), 'Show the next digest (only to you)', 'Xem trước bản tin tới (chỉ bạn thấy)')))
  .addSubcommand((sub) => optionalChannel(describe(sub.setName('off'), 'Stop a digest', 'Tắt bản tin')));

type Cached = ChatInputCommandInteraction<'cached'>;

async function set(interaction: Cached, ctx: AppContext, tr: Translate): Promise<void> {
  if (!(await postableChannel(interaction, 'channel', tr))) return;
  const { options } = interaction;
  const set = await ctx.operations.setDigest({
    guildId: interaction.guildId,
    channelId: options.getChannel('channel', true).id,
    time: options.getString('time', true),
    timezone: options.getString('timezone') ?? undefined,
    topics: options.getString('topics') ?? undefined,
    size: options.getInteger('size') ?? undefined,
    createdBy: interaction.user.id,
  });
  if (!set.ok) return replyPrivately(interaction, notSaved(set.problems, tr));
  const { item: digest, nextRun } = set;
  ctx.log.info({ digestId: digest.id, guildId: digest.guildId, by: interaction.user.id }, 'digest set');
  await replyPrivately(interaction, tr('digest.set', {
    size: digest.size,
    topics: digest.topics?.join(', ') ?? tr('feed.allTopics'),
    channel: channelMention(digest.channelId),
    time: digest.time,
    timezone: digest.timezone,
    next: when(interaction, nextRun, digest.timezone, tr),
  }));
}

/** The `channel` option, when given: the digest the command is about (default: the server's). */
const channelOf = (interaction: Cached) => interaction.options.getChannel('channel')?.id;

async function preview(interaction: Cached, ctx: AppContext, tr: Translate): Promise<void> {
  const next = await ctx.operations.previewDigest(interaction.guildId, channelOf(interaction));
  if (!next) return replyPrivately(interaction, tr('digest.none'));
  const { item: digest, selection } = next;
  if (selection.articles.length === 0) return replyPrivately(interaction, tr('digest.previewEmpty'));
  const body = renderPost({ kind: 'digest', digestId: digest.id, ...selection, timezone: digest.timezone }, interaction.locale);
  await interaction.editReply({ content: tr('digest.previewHeader'), embeds: body.embeds ?? [], allowedMentions: NO_MENTIONS });
}

async function off(interaction: Cached, ctx: AppContext, tr: Translate): Promise<void> {
  const removed = await ctx.operations.removeDigests(interaction.guildId, channelOf(interaction));
  if (removed.length === 0) return replyPrivately(interaction, tr('digest.none'));
  const [only] = removed;
  await replyPrivately(interaction, removed.length === 1 && only ? tr('digest.off', { channel: channelMention(only.channelId) }) : tr('digest.offAll', { count: removed.length }));
}

export async function execute(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
  const tr = translator(interaction.locale);
  const cached = await beginGuildCommand(interaction, tr);
  if (!cached) return;
  const sub = cached.options.getSubcommand();
  if (sub === 'set') return set(cached, ctx, tr);
  if (sub === 'preview') return preview(cached, ctx, tr);
  return off(cached, ctx, tr);
}

export async function autocomplete(interaction: AutocompleteInteraction, ctx: AppContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  await interaction.respond(focused.name === 'timezone' ? timezoneChoices(focused.value) : topicListChoices(ctx.corpus.current, focused.value));
}

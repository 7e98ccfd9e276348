// /admin reseed [path] — reload the corpus and answer with what changed; /admin status — corpus, schedules, errors.
import {
  channelMention,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type APIEmbedField,
  type ChatInputCommandInteraction,
} from 'discord.js';
import type { AppContext } from '../src/discord/context.ts';
import { ReseedPathError } from '../src/delivery/corpus-sync.ts';
import { fitEmbeds, wholeLines, EMBED_LIMITS } from '../src/discord/embeds.ts';
import { truncate } from '../src/text/truncate.ts';
import { beginGuildCommand, lastRunOf, pauseState, when } from '../src/discord/guild-command.ts';
import { describe, translator, type Translate } from '../src/discord/i18n.ts';
import { NO_MENTIONS, replyPrivately } from '../src/discord/reply.ts';
import { TEXT_MAX } from '../src/discord/option-check.ts';

export const data = describe(new SlashCommandBuilder().setName('admin'), 'Bot administration', 'Quản trị bot')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    describe(sub.setName('reseed'), 'Reload the articles and show what changed', 'Nạp lại bài viết và xem thay đổi')
      .addStringOption((o) => describe(o.setName('path').setMaxLength(TEXT_MAX.path), 'A folder inside the configured corpus folders (default: all of them)', 'Thư mục nằm trong các thư mục kho đã cấu hình')))
  .addSubcommand((sub) => describe(sub.setName('status'), 'Corpus size, feeds, last and next runs, recent errors', 'Kho bài, kênh tin, lần chạy, lỗi gần đây'));

async function reseed(interaction: ChatInputCommandInteraction<'cached'>, ctx: AppContext, tr: Translate): Promise<void> {
  const path = interaction.options.getString('path')?.trim();
  try {
    // One folder reloads alone, the others stay; no path reloads every source (src/delivery/corpus-sync.ts).
    const diff = await ctx.corpusSync.reseed(path ? [path] : undefined);
    const dirs = diff.dirs;
    ctx.log.info({ dirs, added: diff.added.length, updated: diff.updated.length, removed: diff.removed.length, by: interaction.user.id }, 'corpus reseeded');
    await replyPrivately(interaction, tr('admin.reseeded', {
      dirs: dirs.join(', '),
      added: diff.added.length,
      updated: diff.updated.length,
      removed: diff.removed.length,
      skipped: diff.skipped.length,
      total: ctx.corpus.current.articles.length,
    }));
  } catch (error) {
    // A path outside the corpus folders is the admin's typo, answered to them; a failed load is the operator's.
    if (error instanceof ReseedPathError) ctx.log.info({ path, reason: error.message, by: interaction.user.id }, 'reseed refused');
    else ctx.log.warn({ err: error, path }, 'reseed failed');
    await replyPrivately(interaction, tr('admin.reseedFailed', { reason: (error as Error).message }));
  }
}

async function status(interaction: ChatInputCommandInteraction<'cached'>, ctx: AppContext, tr: Translate): Promise<void> {
  const { status: store } = ctx.delivery;
  const index = ctx.corpus.current;
  const feedLines = (await ctx.operations.listFeeds(interaction.guildId)).rows.map(({ item: f, status: s, nextRun }) =>
    `**${f.id}** ${pauseState(f, tr)} → ${channelMention(f.channelId)} · ${when(interaction, lastRunOf(f, s), f.timezone, tr)} → ${when(interaction, nextRun, f.timezone, tr)}`);
  // A digest is known by its channel and time (its id is the channel's 19-digit id).
  const digestLines = await Promise.all((await ctx.operations.listDigests(interaction.guildId)).map(async ({ item: d, nextRun }) => tr('admin.digestLine', {
    channel: channelMention(d.channelId),
    state: pauseState(d, tr),
    time: d.time,
    timezone: d.timezone,
    last: when(interaction, lastRunOf(d, await store.get('digest', d.id)), d.timezone, tr),
    next: when(interaction, nextRun, d.timezone, tr),
  })));
  const errors = (await store.guildErrors(interaction.guildId)).slice(0, 5).map((e) =>
    `${e.at.slice(0, 16).replace('T', ' ')} ${e.kind} ${e.kind === 'digest' ? channelMention(e.id) : e.id}: ${e.message}`);
  const field = (name: string, lines: string[]): APIEmbedField => ({
    name,
    value: lines.length ? truncate(wholeLines(lines, EMBED_LIMITS.fieldValue).join('\n') || lines[0]!, EMBED_LIMITS.fieldValue) : tr('admin.none'),
  });
  const reseed = await ctx.corpusSync.latest();
  const corpus = tr('admin.corpus', { articles: index.articles.length, topics: index.topics().length });
  // Feed sources (SOURCES_FILE): how many, and each failing one with since when and why.
  const sources = ctx.feeds ? await ctx.feeds.health() : [];
  const failing = sources.filter((source) => source.failing);
  const sourceLines = sources.length
    ? [tr('admin.feedSources', { count: sources.length, failing: failing.length }), ...failing.slice(0, 5).map((source) => tr('admin.feedFailing', { name: source.name, since: when(interaction, source.failingSince, ctx.defaultTimezone, tr), failures: source.failures, error: truncate(source.lastError ?? '', 120) }))]
    : [];
  const lastChange = reseed && tr('admin.lastReseed', { generation: reseed.generation, reason: reseed.reason, added: reseed.added, updated: reseed.updated, removed: reseed.removed, when: when(interaction, reseed.at, ctx.defaultTimezone, tr) });
  const embed = {
    title: tr('admin.statusTitle'),
    description: [corpus, lastChange, ...sourceLines].filter(Boolean).join('\n'),
    color: 0x1c7ed6,
    fields: [field(tr('admin.feeds'), feedLines), field(tr('admin.digests'), digestLines), field(tr('admin.errors'), errors.length ? errors : [tr('admin.noErrors')])],
  };
  await interaction.editReply({ embeds: fitEmbeds([embed]), allowedMentions: NO_MENTIONS });
}

export async function execute(interaction: ChatInputCommandInteraction, ctx: AppContext): Promise<void> {
  const tr = translator(interaction.locale);
  const cached = await beginGuildCommand(interaction, tr);
  if (!cached) return;
  return cached.options.getSubcommand() === 'reseed' ? reseed(cached, ctx, tr) : status(cached, ctx, tr);
}

// /admin reseed [path] — reload the corpus and answer with what changed; /admin status — corpus, schedules, errors.
import { isAbsolute, relative, resolve } from 'node:path';
import {
  channelMention,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type APIEmbedField,
  type ChatInputCommandInteraction,
} from 'discord.js';
import type { AppContext } from '../src/discord/context.ts';
import { fitEmbeds, wholeLines, EMBED_LIMITS } from '../src/discord/embeds.ts';
import { truncate } from '../src/text/truncate.ts';
import { beginGuildCommand, when } from '../src/discord/guild-command.ts';
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

/**
 * The folders to reseed from. A path is resolved against, and must stay inside, a configured corpus folder:
 * a server admin on Discord must not be able to read arbitrary files on the host.
 */
export function reseedDirs(path: string | null, roots: string[]): string[] | undefined {
  if (!path?.trim()) return roots;
  for (const root of roots) {
    const target = resolve(root, path.trim());
    const inside = relative(root, target);
    if (!inside.startsWith('..') && !isAbsolute(inside)) return [target];
  }
  return undefined;
}

async function reseed(interaction: ChatInputCommandInteraction<'cached'>, ctx: AppContext, tr: Translate): Promise<void> {
  const dirs = reseedDirs(interaction.options.getString('path'), ctx.corpusDirs);
  if (!dirs) {
    return replyPrivately(interaction, tr('admin.reseedFailed', { reason: `the path must be inside ${ctx.corpusDirs.join(', ')}` }));
  }
  try {
    const diff = await ctx.corpusSync.reseed(dirs);
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
    ctx.log.warn({ err: error, dirs }, 'reseed failed');
    await replyPrivately(interaction, tr('admin.reseedFailed', { reason: (error as Error).message }));
  }
}

async function status(interaction: ChatInputCommandInteraction<'cached'>, ctx: AppContext, tr: Translate): Promise<void> {
  const { feeds, digests, scheduler, status: store } = ctx.delivery;
  const index = ctx.corpus.current;
  const targetLine = async (kind: 'feed' | 'digest', id: string, channelId: string, timezone: string, paused?: boolean, reason?: string) => {
    const s = await store.get(kind, id);
    const state = paused ? (reason ? tr('feed.pausedReason', { reason }) : tr('feed.pausedState')) : tr('feed.active');
    return `**${id}** ${state} → ${channelMention(channelId)} · ${when(interaction, s?.lastRunAt, timezone, tr)} → ${when(interaction, scheduler.nextRun(kind, id), timezone, tr)}`;
  };
  const feedLines = await Promise.all((await feeds.listByGuild(interaction.guildId)).map((f) => targetLine('feed', f.id, f.channelId, f.timezone, f.paused, f.pausedReason)));
  const digestLines = await Promise.all((await digests.listByGuild(interaction.guildId)).map((d) => targetLine('digest', d.id, d.channelId, d.timezone, d.paused, d.pausedReason)));
  const errors = (await store.guildErrors(interaction.guildId)).slice(0, 5).map((e) => `${e.at.slice(0, 16).replace('T', ' ')} ${e.kind} ${e.id}: ${e.message}`);
  const field = (name: string, lines: string[]): APIEmbedField => ({
    name,
    value: lines.length ? truncate(wholeLines(lines, EMBED_LIMITS.fieldValue).join('\n') || lines[0]!, EMBED_LIMITS.fieldValue) : tr('admin.none'),
  });
  const reseed = await ctx.corpusSync.latest();
  const corpus = tr('admin.corpus', { articles: index.articles.length, topics: index.topics().length });
  const embed = {
    title: tr('admin.statusTitle'),
    description: reseed
      ? `${corpus}\n${tr('admin.lastReseed', { generation: reseed.generation, when: when(interaction, reseed.at, ctx.defaultTimezone, tr), dirs: reseed.dirs.join(', ') })}`
      : corpus,
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

// Articles and briefings as Discord embeds, always within Discord's limits (a payload over them is rejected
// whole, so a long title must never cost the post). Pure: no client, no network.
import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Article } from '../types.ts';
import type { TopicBriefing } from '../summary/index.ts';
import type { Translate } from './i18n.ts';
import { truncate } from '../text/truncate.ts';

/** https://discord.com/developers/docs/resources/message#embed-object-embed-limits */
export const EMBED_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  /** Sum of title, description, field names and values, footer text and author name over a message's embeds. */
  total: 6000,
  perMessage: 10,
} as const;

/** Excerpts in a list of articles stay short so a page of them reads (and fits) well. */
const LIST_DESCRIPTION = 350;
const URL_MAX = 2048;

/**
 * Defuses @everyone, @here and user/role mentions in text we did not write (article titles and bodies), with a
 * zero-width space. allowed_mentions already stops the ping; this also stops the text looking like one.
 */
export function neutralizeMentions(text: string): string {
  return text.replace(/@(everyone|here)\b/gi, '@\u200b$1').replace(/<@([!&]?\d+)>/g, '<@\u200b$1>');
}

/** An http(s) URL Discord will accept in an embed, or undefined. */
export function embedUrl(raw: string | null | undefined): string | undefined {
  if (!raw || raw.length > URL_MAX) return undefined;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Orange for the hottest, amber for warm, grey for the rest: heat at a glance. */
function heatColor(heat: number): number {
  if (heat >= 80) return 0xe8590c;
  if (heat >= 50) return 0xf59f00;
  return 0x868e96;
}

function clean(text: string): string {
  return neutralizeMentions(text.replace(/\s+/g, ' ').trim());
}

export interface ArticleEmbedOptions {
  /** Longest excerpt shown; default suits a list of several articles. */
  descriptionMax?: number;
  /** Shown instead of the excerpt (a summary). */
  text?: string;
}

/** One article: linked title, provider, excerpt, heat, topics, publication date and image. */
export function articleEmbed(article: Article, tr: Translate, options: ArticleEmbedOptions = {}): APIEmbed {
  const fields: APIEmbedField[] = [{ name: tr('embed.heat'), value: String(Math.round(article.heat)), inline: true }];
  if (article.topics.length > 0) {
    fields.push({ name: tr('embed.topics'), value: truncate(clean(article.topics.join(', ')), EMBED_LIMITS.fieldValue), inline: true });
  }
  const also = otherSources(article);
  if (also) fields.push({ name: tr('embed.also'), value: truncate(also, EMBED_LIMITS.fieldValue), inline: false });
  const published = article.publishedAt ? Date.parse(article.publishedAt) : Number.NaN;
  if (!Number.isNaN(published)) {
    // Discord renders <t:…> in each reader's own locale and timezone.
    fields.push({ name: tr('embed.published'), value: `<t:${Math.floor(published / 1000)}:D>`, inline: true });
  }
  const embed: APIEmbed = {
    title: truncate(clean(article.title) || article.id, EMBED_LIMITS.title),
    color: heatColor(article.heat),
    fields,
  };
  const description = truncate(clean(options.text ?? (article.excerpt || article.body)), options.descriptionMax ?? LIST_DESCRIPTION);
  if (description) embed.description = description;
  const url = embedUrl(article.url);
  if (url) embed.url = url;
  const provider = article.provider.name ?? article.provider.domain;
  if (provider) embed.author = { name: truncate(clean(provider), EMBED_LIMITS.author) };
  const image = embedUrl(article.image);
  if (image) embed.image = { url: image };
  if (!Number.isNaN(published)) embed.timestamp = new Date(published).toISOString();
  return embed;
}

/** Sources named after an article; more are counted ("+3"). */
const MAX_ALSO_SOURCES = 5;

/**
 * The other sources telling this article's story ("ZDNet, VentureBeat"), its own provider left out; '' when
 * it has none.
 */
export function otherSources(article: Article): string {
  const own = article.provider.name ?? article.provider.domain;
  const others = (article.story?.sources ?? []).filter((name) => name !== own);
  if (others.length === 0) return '';
  const named = others.slice(0, MAX_ALSO_SOURCES).map(clean).join(', ');
  return others.length > MAX_ALSO_SOURCES ? `${named} +${others.length - MAX_ALSO_SOURCES}` : named;
}

/** What counts towards the 6000-character total of a message. */
export function embedLength(embed: APIEmbed): number {
  const fields = (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + fields + (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
}

/** One embed with every part cut to its own limit. */
export function clampEmbed(embed: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...embed };
  if (out.title !== undefined) out.title = truncate(out.title, EMBED_LIMITS.title);
  if (out.description !== undefined) out.description = truncate(out.description, EMBED_LIMITS.description);
  if (out.author) out.author = { ...out.author, name: truncate(out.author.name, EMBED_LIMITS.author) };
  if (out.footer) out.footer = { ...out.footer, text: truncate(out.footer.text, EMBED_LIMITS.footer) };
  if (out.fields) {
    out.fields = out.fields.slice(0, EMBED_LIMITS.fields).map((f) => ({
      ...f,
      name: truncate(f.name, EMBED_LIMITS.fieldName) || '\u200b',
      value: truncate(f.value, EMBED_LIMITS.fieldValue) || '\u200b',
    }));
  }
  return out;
}

/**
 * A message's embeds within every limit: each part clamped, at most 10 embeds, and — when the total still
 * exceeds 6000 — the longest descriptions shortened first, then the last embed's trailing fields, then trailing
 * embeds dropped.
 */
export function fitEmbeds(embeds: APIEmbed[]): APIEmbed[] {
  const out = embeds.slice(0, EMBED_LIMITS.perMessage).map(clampEmbed);
  const total = () => out.reduce((sum, e) => sum + embedLength(e), 0);
  let excess = total() - EMBED_LIMITS.total;
  while (excess > 0) {
    const longest = out.reduce((best, e) => ((e.description?.length ?? 0) > (best.description?.length ?? 0) ? e : best), out[0]!);
    const length = longest.description?.length ?? 0;
    // Below a short lead a description is not worth keeping at the cost of other embeds: drop the last one, a field
    // at a time while it has several (one embed of many fields, a status, keeps its first ones instead of vanishing).
    if (length <= 100) {
      const last = out.at(-1)!;
      if ((last.fields?.length ?? 0) > 1) last.fields = last.fields!.slice(0, -1);
      else out.pop();
    } else {
      longest.description = truncate(longest.description!, Math.max(100, length - excess));
    }
    excess = total() - EMBED_LIMITS.total;
  }
  return out;
}

/**
 * A topic briefing: one bullet per story, each followed by its citations as numbered links to the sources
 * (a source without a URL keeps its number, unlinked).
 */
export function briefingEmbed(briefing: TopicBriefing, title: string): APIEmbed {
  const urls = new Map(briefing.references.map((r) => [r.n, embedUrl(r.url)]));
  const lines = briefing.bullets.map((bullet) => {
    const refs = bullet.citations.map((n) => {
      const url = urls.get(n);
      return url ? `[${n}](${url})` : `${n}`;
    });
    return `• ${clean(bullet.text)}${refs.length ? ` ${refs.join(' ')}` : ''}`;
  });
  // Whole bullets only: a cut link would show raw markdown.
  const kept = wholeLines(lines, EMBED_LIMITS.description);
  if (kept.length === 0 && lines[0]) kept.push(truncate(lines[0], EMBED_LIMITS.description));
  return { title: truncate(clean(title), EMBED_LIMITS.title), description: kept.join('\n') || '—', color: 0x1c7ed6 };
}

/** The leading lines that fit in `max` characters once joined with newlines. */
export function wholeLines(lines: readonly string[], max: number): string[] {
  const kept: string[] = [];
  let length = -1;
  for (const line of lines) {
    if (length + 1 + line.length > max) break;
    kept.push(line);
    length += 1 + line.length;
  }
  return kept;
}

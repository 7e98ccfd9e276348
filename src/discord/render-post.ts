// Feed and digest posts as Discord message bodies. Pure: the Poster adds the nonce and sends.
import type { RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { OutgoingPost } from '../delivery/model.ts';
import { articleEmbed, briefingEmbed, EMBED_LIMITS, embedUrl, fitEmbeds, neutralizeMentions, otherSources, wholeLines } from './embeds.ts';
import { truncate } from '../text/truncate.ts';
import { formatDate, localeOf, translator, type Translate } from './i18n.ts';
import type { Article } from '../types.ts';

/** A feed post is one article: room for a fuller excerpt than in a list. */
const FEED_DESCRIPTION = 1000;

/** Nobody is pinged except the feed's own role, when it has one. */
export function allowedMentions(roleId: string | undefined) {
  return { parse: [], roles: roleId ? [roleId] : [] };
}

/** One digest item: linked title, provider, heat, and the other sources of its story. */
function digestLine(article: Article, position: number, tr: Translate): string {
  const title = neutralizeMentions(truncate(article.title.replace(/\s+/g, ' ').trim() || article.id, 200)).replace(/[[\]]/g, '');
  const url = embedUrl(article.url);
  const provider = article.provider.name ?? article.provider.domain;
  const also = otherSources(article);
  return `${position}. ${url ? `[${title}](${url})` : title}${provider ? ` — ${neutralizeMentions(provider)}` : ''} · 🔥 ${Math.round(article.heat)}${also ? ` · ${tr('embed.also')}: ${truncate(also, 200)}` : ''}`;
}

export function renderPost(message: OutgoingPost, discordLocale?: string): RESTPostAPIChannelMessageJSONBody {
  const tr = translator(discordLocale);
  if (message.kind === 'feed') {
    const [article] = message.articles;
    return {
      // The role mention has to be in the content to notify; embeds never ping.
      ...(message.roleId && { content: `<@&${message.roleId}>` }),
      embeds: fitEmbeds([articleEmbed(article, tr, { descriptionMax: FEED_DESCRIPTION })]),
      allowed_mentions: allowedMentions(message.roleId),
    };
  }
  // A digest is a compact numbered list (one embed) followed by the topic briefings: always ≤ 10 embeds.
  const list = {
    title: tr('digest.title', { date: formatDate(localeOf(discordLocale), message.period.to, { time: false, timeZone: message.timezone }) }),
    description: wholeLines(message.articles.map((a, i) => digestLine(a, i + 1, tr)), EMBED_LIMITS.description).join('\n'),
    color: 0x1c7ed6,
  };
  const briefings = message.briefings.map((b) => briefingEmbed(b, tr('summary.briefing', { topic: b.topic })));
  return { embeds: fitEmbeds([list, ...briefings]), allowed_mentions: allowedMentions(undefined) };
}

// A fetched feed (RSS 2.0, Atom, RDF, JSON Feed; parsed by feedsmith) → ordinary Articles: the same shape and
// id rule as files (the id follows the canonical URL), HTML cleaned, relative links resolved against the feed,
// language and topics inferred like plain text when the feed does not give them, and derived heat (feeds
// carry none) so feed items rank among the rest of the corpus.
import { parseFeed } from 'feedsmith';
import type { Article, SkippedFile } from '../types.ts';
import { detectLanguage } from '../text/language.ts';
import { givenTopicScores, inferTopics } from '../corpus/infer-topics.ts';
import { excerptOf } from '../corpus/plain-text.ts';
import { derivedHeat } from '../corpus/plain-article.ts';
import type { Taxonomy } from '../corpus/taxonomy.ts';
import { articleId, canonicalUrl, domainOf } from '../corpus/url.ts';
import { cleanLine, cleanText } from '../text/clean-html.ts';

export interface FeedMeta {
  /** The source's name (SOURCES_FILE): the provider name and the article's `source`. */
  name: string;
  /** Where the feed was fetched from (after redirects): relative links resolve against it. */
  url: string;
  language?: string;
  topics?: string[];
}

export interface FeedItems {
  articles: Article[];
  /** Items that could not become articles (no title, no text), by position. */
  skipped: SkippedFile[];
  format: string;
}

export class FeedParseError extends Error {}

/** One item whatever the format. */
interface Item {
  title: string;
  link?: string;
  summary: string;
  content: string;
  date?: string;
  categories: string[];
  image?: string;
}

type Loose = Record<string, any>; // feedsmith's per-format types differ; read them through one loose shape.

const str = (value: unknown): string => (typeof value === 'string' ? value : value && typeof value === 'object' && typeof (value as Loose).value === 'string' ? (value as Loose).value : '');
const isUrl = (value: string) => /^https?:\/\//i.test(value);

export function feedArticles(text: string, meta: FeedMeta, taxonomy: Taxonomy): FeedItems {
  let parsed: { format: string; feed: Loose };
  try {
    parsed = parseFeed(text) as { format: string; feed: Loose };
  } catch (error) {
    const start = text.trimStart().slice(0, 15).toLowerCase();
    const hint = start.startsWith('<!doctype html') || start.startsWith('<html') ? ' (the URL serves an HTML page, not a feed)' : '';
    throw new FeedParseError(`not a feed: ${(error as Error).message}${hint}`);
  }
  const { format, feed } = parsed;
  const items = itemsOf(format, feed);
  const feedLanguage = (str(feed.language) || str(feed.lang) || str(feed.dc?.languages?.[0])).toLowerCase().split(/[-_]/)[0] || undefined;
  const articles: Article[] = [];
  const skipped: SkippedFile[] = [];
  items.forEach((item, i) => {
    const article = toArticle(item, meta, feedLanguage, taxonomy);
    if ('skip' in article) skipped.push({ path: `${meta.url}#item-${i + 1}`, reason: article.skip });
    else articles.push(article);
  });
  return { articles, skipped, format };
}

function itemsOf(format: string, feed: Loose): Item[] {
  if (format === 'atom') {
    return (feed.entries ?? []).map((entry: Loose) => {
      const links: Loose[] = entry.links ?? [];
      const link = links.find((l) => !l.rel || l.rel === 'alternate')?.href ?? links[0]?.href;
      return {
        title: str(entry.title),
        link: link ?? (isUrl(str(entry.id)) ? str(entry.id) : undefined),
        summary: str(entry.summary),
        content: str(entry.content),
        date: str(entry.published) || str(entry.updated) || undefined,
        categories: (entry.categories ?? []).map((c: Loose) => str(c.label) || str(c.term)).filter(Boolean),
        image: links.find((l) => l.rel === 'enclosure' && String(l.type ?? '').startsWith('image/'))?.href,
      };
    });
  }
  if (format === 'json') {
    return (feed.items ?? []).map((item: Loose) => ({
      title: str(item.title),
      link: str(item.url) || str(item.external_url) || (isUrl(str(item.id)) ? str(item.id) : undefined),
      summary: str(item.summary),
      content: str(item.content_html) || escapeText(str(item.content_text)),
      date: str(item.date_published) || str(item.date_modified) || undefined,
      categories: (item.tags ?? []).map(String),
      image: str(item.image) || str(item.banner_image) || undefined,
    }));
  }
  // rss and rdf
  return (feed.items ?? []).map((item: Loose) => {
    const guid = str(item.guid);
    return {
      title: str(item.title),
      link: str(item.link) || (isUrl(guid) ? guid : undefined),
      summary: str(item.description),
      content: str(item.content?.encoded),
      date: str(item.pubDate) || str(item.dc?.dates?.[0]) || str(item.dc?.date) || undefined,
      categories: (item.categories ?? []).map((c: Loose) => str(c.name) || str(c)).filter(Boolean),
      image: (item.enclosures ?? []).find((e: Loose) => String(e.type ?? '').startsWith('image/'))?.url ?? (item.media?.contents ?? []).find((m: Loose) => m.medium === 'image')?.url,
    };
  });
}

/** JSON Feed's content_text is text; escaping it lets it go through the same cleaner as HTML. */
function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function toArticle(item: Item, meta: FeedMeta, feedLanguage: string | undefined, taxonomy: Taxonomy): Article | { skip: string } {
  const body = cleanText(item.content || item.summary);
  const summary = item.summary && item.content ? cleanText(item.summary) : '';
  const title = cleanLine(item.title) || body.split('\n')[0]?.slice(0, 150) || '';
  if (!title) return { skip: 'no title and no text' };
  const url = item.link ? canonicalUrl(resolveAgainst(item.link, meta.url) ?? '') ?? null : null;
  const language = meta.language ?? feedLanguage ?? detectLanguage(`${title}\n${summary}\n${body.slice(0, 2000)}`);
  const excerpt = summary ? excerptOf(summary, language) : excerptOf(body, language);
  const inferred = inferTopics(taxonomy, { title, excerpt, body }, language);
  // The operator's topics as written (like front matter); the feed's categories only when the taxonomy knows
  // them ("Uncategorized" is no topic); inferred from the text when the feed gives none.
  const operator = (meta.topics ?? []).map((name) => taxonomy.canonical(name) ?? name);
  const categories = item.categories.flatMap((name) => taxonomy.canonical(name) ?? []);
  return {
    id: articleId(url, title, body),
    title,
    excerpt,
    body,
    url,
    publishedAt: isoDate(item.date),
    provider: { name: meta.name, domain: domainOf(url ?? meta.url) },
    topics: [...new Set([...operator, ...(categories.length ? categories : inferred.topics)])],
    // Given topics (the operator's, the feed's known categories) are certain; the text's evidence for the rest.
    topicScores: { ...inferred.scores, ...givenTopicScores([...operator, ...categories]) },
    heat: derivedHeat({ title, excerpt, body }, inferred.score),
    quality: null,
    language,
    type: 'article',
    image: item.image ? resolveAgainst(item.image, meta.url) ?? null : null,
    source: `feed:${meta.name}`,
  };
}

function resolveAgainst(link: string, base: string): string | undefined {
  try {
    return new URL(link.trim(), base).href;
  } catch {
    return undefined;
  }
}

/** An ISO timestamp, or null: an item without a readable date is never dated "now". */
function isoDate(raw: string | undefined): string | null {
  if (!raw) return null;
  const time = Date.parse(raw);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

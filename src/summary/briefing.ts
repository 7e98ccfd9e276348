// A topic briefing: the top stories of a topic as a few cited bullets, each story told once.
import type { Article } from '../types.ts';
import { summarizeArticle } from './article.ts';
import { truncate } from '../text/truncate.ts';
import { storiesAmong } from './near-duplicates.ts';

export interface BriefingBullet {
  /** The story in one line, in its article's language, without citation marks. */
  text: string;
  /** Ids of every article telling this story, the first being the one the text comes from. */
  sources: string[];
  /** Citation numbers of `sources`, the n of "[n]" in the rendered briefing. */
  citations: number[];
  language: string;
}

export interface BriefingReference {
  n: number;
  id: string;
  title: string;
  url: string | null;
  language: string;
  provider: string | null;
}

export interface TopicBriefing {
  topic: string;
  bullets: BriefingBullet[];
  /** Cited article ids by language: how a mixed topic says which article is in which language. */
  languages: Record<string, string[]>;
  references: BriefingReference[];
}

export interface BriefingOptions {
  /** How many of the given articles (hottest first) to read; default 10. */
  limit?: number;
  /** Budget for the rendered briefing; default 4000. */
  maxChars?: number;
}

export const MAX_BULLETS = 6;
export const BRIEFING_CHARS = 4000;
const DEFAULT_LIMIT = 10;
/** A bullet is never shortened below this; bullets are dropped instead. */
const MIN_BULLET_CHARS = 80;

/**
 * Briefs `topic` from `articles` (hottest first, as CorpusIndex.byTopic returns them): the first `limit`
 * are grouped into stories, and the first six stories become bullets: the lead story's title and its most
 * telling sentence, citing every article of the story. Fits `maxChars` once rendered. Deterministic.
 */
export function briefTopic(topic: string, articles: readonly Article[], options: BriefingOptions = {}): TopicBriefing {
  const maxChars = options.maxChars ?? BRIEFING_CHARS;
  const stories = storiesAmong(articles.slice(0, Math.max(0, options.limit ?? DEFAULT_LIMIT))).slice(0, MAX_BULLETS);
  const references: BriefingReference[] = [];
  const bullets = stories.map((story): BriefingBullet => {
    const citations = story.map((article) => {
      references.push(referenceOf(article, references.length + 1));
      return references.length;
    });
    const lead = story[0]!;
    return { text: storyLine(lead), sources: story.map((a) => a.id), citations, language: lead.language };
  });
  return fitBriefing({ topic, bullets, languages: languagesOf(references), references }, maxChars);
}

function referenceOf(article: Article, n: number): BriefingReference {
  return { n, id: article.id, title: article.title, url: article.url, language: article.language, provider: article.provider.name };
}

/** "Title: the sentence that best sums it up", or just the title when the sentence adds nothing. */
function storyLine(article: Article): string {
  const title = article.title.replace(/\s+/g, ' ').trim();
  // An excerpt-only article's summary is its whole excerpt: a bullet takes its first sentence.
  const sentence = summarizeArticle(article, { sentences: 1 }).sentences[0] ?? '';
  if (!sentence || sentence.toLowerCase().startsWith(title.toLowerCase())) return sentence || title;
  if (!title) return sentence;
  return `${title}${/[.!?:…]$/.test(title) ? '' : ':'} ${sentence}`;
}

function languagesOf(references: readonly BriefingReference[]): Record<string, string[]> {
  const languages: Record<string, string[]> = {};
  for (const reference of references) (languages[reference.language] ??= []).push(reference.id);
  return languages;
}

/** Shortens bullet texts evenly, then drops the last stories, until the rendering fits. */
function fitBriefing(briefing: TopicBriefing, maxChars: number): TopicBriefing {
  let current = briefing;
  while (renderBriefing(current).length > maxChars && current.bullets.length > 0) {
    const overflow = renderBriefing(current).length - maxChars;
    const longest = Math.max(...current.bullets.map((b) => b.text.length));
    const target = Math.max(MIN_BULLET_CHARS, longest - Math.ceil(overflow / current.bullets.length) - 1);
    if (target < longest) {
      current = { ...current, bullets: current.bullets.map((b) => ({ ...b, text: truncate(b.text, target, { atWord: true }) })) };
    } else {
      current = withoutLastBullet(current);
    }
  }
  return current;
}

function withoutLastBullet(briefing: TopicBriefing): TopicBriefing {
  const bullets = briefing.bullets.slice(0, -1);
  const cited = new Set(bullets.flatMap((b) => b.sources));
  const references = briefing.references.filter((r) => cited.has(r.id));
  return { ...briefing, bullets, references, languages: languagesOf(references) };
}

/**
 * Markdown for Discord: a heading, one bullet per story with its citations as [n](url) links, and, when
 * the sources are in more than one language, which citation is in which.
 */
export function renderBriefing(briefing: TopicBriefing): string {
  const byNumber = new Map(briefing.references.map((r) => [r.n, r]));
  const cite = (n: number) => {
    const url = byNumber.get(n)?.url;
    return url ? `[${n}](${url})` : `[${n}]`;
  };
  const lines = [`**${briefing.topic}**`];
  if (briefing.bullets.length === 0) lines.push('No articles on this topic yet.');
  for (const bullet of briefing.bullets) lines.push(`- ${bullet.text} ${bullet.citations.map(cite).join(' ')}`);
  const languages = Object.entries(briefing.languages);
  if (languages.length > 1) {
    const numbers = new Map(briefing.references.map((r) => [r.id, r.n]));
    const parts = languages.map(([language, ids]) => `${language}: ${ids.map((id) => `[${numbers.get(id)}]`).join(' ')}`);
    lines.push(`Languages — ${parts.join(' · ')}`);
  }
  return lines.join('\n');
}

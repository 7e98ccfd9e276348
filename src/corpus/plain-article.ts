// A plain-text file → Article: title/excerpt/body from the text, language detected, topics and heat derived.
import type { Article } from '../types.ts';
import { cleanFields } from '../text/clean-html.ts';
import { detectLanguage } from '../text/language.ts';
import { FULL_LENGTH_WORDS, deriveHeat } from './heat.ts';
import { inferTopics } from './infer-topics.ts';
import { parsePlainText } from './plain-text.ts';
import { dateFromFileName } from './published-at.ts';
import type { Taxonomy } from './taxonomy.ts';
import { articleId } from './url.ts';

export function plainTextArticle(text: string, path: string, taxonomy: Taxonomy): Article | { skip: string } {
  const language = detectLanguage(text);
  const parsed = parsePlainText(text, language);
  if (!parsed) return { skip: 'no title (no text on the first line)' };
  // The id hashes the text as written, so cleaning never changes an id.
  const parts = cleanFields(parsed);
  const inferred = inferTopics(taxonomy, parts, language);
  return {
    id: articleId(null, parsed.title, parsed.body),
    title: parts.title,
    excerpt: parts.excerpt,
    body: parts.body,
    url: null,
    publishedAt: dateFromFileName(path),
    provider: { name: null, domain: null },
    topics: inferred.topics,
    topicScores: inferred.scores,
    heat: derivedHeat(parts, inferred.score),
    quality: null,
    language,
    type: 'article',
    image: null,
    source: path,
  };
}

/** deriveHeat's signals from an article's text. */
export function derivedHeat(parts: { title: string; excerpt: string; body: string }, topicScore: number): number {
  return deriveHeat({
    topicScore,
    bodyWords: countWords(parts.body, FULL_LENGTH_WORDS),
    titleChars: parts.title.length,
    hasExcerpt: parts.excerpt !== '' && parts.excerpt !== parts.title,
  });
}

/**
 * Words in `text` (spaces + 1), counted up to `cap`: heat stops rewarding length there. A plain loop: an
 * indexOf call per space cost more than the scan itself.
 */
function countWords(text: string, cap: number): number {
  if (text.trim() === '') return 0;
  let words = 1;
  for (let i = 0; i < text.length && words < cap; i++) if (text.charCodeAt(i) === SPACE) words += 1;
  return words;
}

const SPACE = 0x20;

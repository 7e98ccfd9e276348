// A plain-text file → Article: title/excerpt/body from the text, language detected, topics and heat derived.
import type { Article } from '../types.ts';
import { detectLanguage } from '../text/language.ts';
import { deriveHeat } from './heat.ts';
import { inferTopics } from './infer-topics.ts';
import { parsePlainText } from './plain-text.ts';
import { dateFromFileName } from './published-at.ts';
import type { Taxonomy } from './taxonomy.ts';
import { articleId } from './url.ts';

export function plainTextArticle(text: string, path: string, taxonomy: Taxonomy): Article | { skip: string } {
  const language = detectLanguage(text);
  const parts = parsePlainText(text, language);
  if (!parts) return { skip: 'no title (no text on the first line)' };
  const inferred = inferTopics(taxonomy, parts, language);
  return {
    id: articleId(null, parts.title, parts.body),
    title: parts.title,
    excerpt: parts.excerpt,
    body: parts.body,
    url: null,
    publishedAt: dateFromFileName(path),
    provider: { name: null, domain: null },
    topics: inferred.topics,
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
    bodyWords: countWords(parts.body),
    titleChars: parts.title.length,
    hasExcerpt: parts.excerpt !== '' && parts.excerpt !== parts.title,
  });
}

function countWords(text: string): number {
  let words = 0;
  for (let i = text.indexOf(' '); i !== -1; i = text.indexOf(' ', i + 1)) words += 1;
  return text.trim() === '' ? 0 : words + 1;
}

// One article's summary: the cleaned excerpt when there is no body, else an extractive summary of the body.
import type { Article } from '../types.ts';
import { splitSentences } from '../text/segment.ts';
import { cleanExcerpt } from './clean-excerpt.ts';
import { extractSentences, fitBudget } from './extract.ts';

export interface ArticleSummary {
  id: string;
  language: string;
  summary: string;
  /** The summary's sentences, each taken verbatim (whitespace folded) from the article. */
  sentences: string[];
}

export interface SummaryOptions {
  /** Sentences in a body summary, clamped to 1–6 (the product uses 2–4; default 3). */
  sentences?: number;
  /** Longest summary; default 4096, what a Discord embed description holds. */
  maxChars?: number;
}

export const DEFAULT_SENTENCES = 3;
export const EMBED_DESCRIPTION_CHARS = 4096;
/**
 * Only the first sentences of a body compete: news puts what matters first, and it bounds the O(n²)
 * similarity work whatever the body's size (a 1 MB body costs the same as a 4 KB one).
 */
export const MAX_CANDIDATES = 40;

/** Never throws: an article with no usable text gets an empty summary. */
export function summarizeArticle(article: Article, options: SummaryOptions = {}): ArticleSummary {
  const count = Math.min(6, Math.max(1, Math.round(options.sentences ?? DEFAULT_SENTENCES)));
  const maxChars = options.maxChars ?? EMBED_DESCRIPTION_CHARS;
  const language = article.language;
  const candidates = splitSentences(article.body, { language, limit: MAX_CANDIDATES });
  const sentences =
    candidates.length > 0
      ? extractSentences(candidates, { count, maxChars, language, title: article.title })
      : fitBudget(splitSentences(cleanExcerpt(article.excerpt, language), { language }), maxChars);
  return { id: article.id, language, summary: sentences.join(' '), sentences };
}

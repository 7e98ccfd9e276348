// Plain-text articles: the first line is the title, the rest the body, the first paragraph (or first
// sentences) the excerpt. Some files run the title into the body on one line; see `splitTitle`.
import { splitSentences, words } from '../text/segment.ts';
import { stopwordsFor } from '../text/stopwords.ts';

export interface PlainParts {
  title: string;
  excerpt: string;
  body: string;
}

/** A first line longer than this is a title that ran into the body. */
const MAX_TITLE_CHARS = 200;
/** A title has at least this many words before a run-on split is believed. */
const MIN_TITLE_WORDS = 5;
const EXCERPT_CHARS = 400;
/**
 * Words that start Vietnamese sentences but are not in the stopword list (which is short, 78 entries):
 * a capitalised one after MIN_TITLE_WORDS marks where the body begins.
 */
const VIETNAMESE_OPENERS = new Set(['về', 'trong', 'một', 'hiện', 'ngày', 'năm', 'tuy', 'đây', 'hôm', 'mới', 'sáng', 'chiều', 'tối']);

export function parsePlainText(text: string, language: string): PlainParts | undefined {
  const trimmed = text.trim();
  const newline = trimmed.indexOf('\n');
  const firstLine = (newline === -1 ? trimmed : trimmed.slice(0, newline)).trim();
  const rest = newline === -1 ? '' : trimmed.slice(newline + 1).trim();
  const { title, remainder } = splitTitle(firstLine, language);
  if (title === '') return undefined;
  const body = [remainder, rest].filter(Boolean).join('\n');
  return { title, excerpt: excerptOf(body, language), body };
}

/**
 * The title of a first line. A line up to MAX_TITLE_CHARS is the title. A longer one ran into the body
 * ("… châu Âu và Mỹ Về mảng điện toán đám mây, …"): it is cut before the first capitalised sentence-opening
 * word (a stopword or common opener) after MIN_TITLE_WORDS words, else after the first sentence when that is
 * short enough, else at the last word boundary before MAX_TITLE_CHARS.
 */
export function splitTitle(line: string, language: string): { title: string; remainder: string } {
  if (line.length <= MAX_TITLE_CHARS) return { title: line, remainder: '' };
  const cut = openerCut(line, language) ?? sentenceCut(line, language) ?? wordCut(line);
  return { title: line.slice(0, cut).trim(), remainder: line.slice(cut).trim() };
}

function openerCut(line: string, language: string): number | undefined {
  const stopwords = stopwordsFor(language);
  const word = /[\p{L}\p{M}\p{N}]+/gu;
  let count = 0;
  for (const match of line.matchAll(word)) {
    if (match.index > MAX_TITLE_CHARS) return undefined;
    count += 1;
    const token = match[0];
    if (count <= MIN_TITLE_WORDS || !/^\p{Lu}\p{Ll}/u.test(token)) continue;
    const lower = token.toLowerCase();
    const previous = line.slice(0, match.index).trimEnd();
    // "…: The" or "… - Về" belong to the title; a cut needs a plain word before it.
    if (!/[\p{L}\p{N}]$/u.test(previous)) continue;
    if (stopwords.has(lower) || (language === 'vi' && VIETNAMESE_OPENERS.has(lower))) return match.index;
  }
  return undefined;
}

function sentenceCut(line: string, language: string): number | undefined {
  const first = splitSentences(line, { language, limit: 1 })[0];
  if (!first || first.length > MAX_TITLE_CHARS || words(first).length < MIN_TITLE_WORDS) return undefined;
  const at = line.indexOf(first);
  return at === -1 ? undefined : at + first.length;
}

function wordCut(line: string): number {
  const space = line.lastIndexOf(' ', MAX_TITLE_CHARS);
  return space > 0 ? space : MAX_TITLE_CHARS;
}

/** The first paragraph when it is short (the lead of a news text), else its first two sentences. */
export function excerptOf(body: string, language: string): string {
  const paragraph = body.slice(0, body.indexOf('\n') === -1 ? body.length : body.indexOf('\n')).trim();
  if (paragraph.length <= EXCERPT_CHARS) return paragraph;
  const sentences = splitSentences(paragraph, { language, limit: 2 });
  const two = sentences.join(' ');
  if (two.length <= EXCERPT_CHARS) return two;
  const one = sentences[0] ?? '';
  return one.length <= EXCERPT_CHARS ? one : `${one.slice(0, one.lastIndexOf(' ', EXCERPT_CHARS))}…`;
}

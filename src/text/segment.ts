// Language-aware sentence and word segmentation for news text (English, Vietnamese, and whatever else turns up).
//
// Intl.Segmenter does the sentence work, but it is superlinear on long strings (35k chars: seconds), so it is fed
// one paragraph at a time and long paragraphs in bounded windows; callers that need only the first sentences
// pass `limit`, and the rest of a huge body is never looked at. Word tokens come from a Unicode regex (scripts
// written with spaces: Intl.Segmenter's word mode costs ~1 µs a character) and from Intl.Segmenter only for
// runs of scripts written without spaces (Han, kana, Thai, …).
import { stopwordsFor } from './stopwords.ts';

/** Longest text handed to Intl.Segmenter at once. */
const WINDOW_CHARS = 2000;
/** A "sentence" longer than this (text without punctuation) is cut into chunks of about CHUNK_CHARS. */
const DEFAULT_MAX_SENTENCE_CHARS = 500;
const CHUNK_CHARS = 300;

export interface SentenceOptions {
  /** ISO 639-1 code of the text; anything but "vi" gets English abbreviation repair. */
  language?: string;
  /** Stop after this many sentences: bounds the work on huge bodies. */
  limit?: number;
  /** Longest sentence kept whole; longer runs are chunked at word boundaries. */
  maxChars?: number;
}

/**
 * Sentences of `text`, trimmed, whitespace folded, NFC, in order. Every line is its own paragraph (so list
 * items and headings never run into each other), list markers ("- ", "• ", "2. ") are dropped, and
 * fragments without a letter or digit are skipped. Never throws.
 */
export function splitSentences(text: string, options: SentenceOptions = {}): string[] {
  const { language = 'und', limit = Infinity, maxChars = DEFAULT_MAX_SENTENCE_CHARS } = options;
  const sentences: string[] = [];
  if (limit <= 0) return sentences;
  for (const paragraph of paragraphs(text)) {
    for (const window of windows(paragraph)) {
      for (const sentence of sentencesOfWindow(window, language)) {
        for (const piece of chunkLong(sentence, maxChars)) {
          sentences.push(piece);
          if (sentences.length >= limit) return sentences;
        }
      }
    }
  }
  return sentences;
}

const LINE_BREAK = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g;
const LIST_MARKER = /^\s*(?:[-*+•·▪◦‣–—]|\d{1,3}[.)])\s+/u;

/** Lines of `text` without list markers, lazily, so a caller that stops early never scans the rest. */
function* paragraphs(text: string): Generator<string> {
  const lineBreak = new RegExp(LINE_BREAK);
  let start = 0;
  while (start <= text.length) {
    const found = lineBreak.exec(text);
    const end = found ? found.index : text.length;
    const line = text.slice(start, end).replace(LIST_MARKER, '');
    if (line.trim()) yield line;
    if (!found) return;
    start = lineBreak.lastIndex;
  }
}

const TERMINATOR_THEN_SPACE = /[.!?…。！？]["'”’)\]]*\s/g;

/** Slices of at most WINDOW_CHARS, cut after a sentence end when there is one, else at a space. */
function* windows(paragraph: string): Generator<string> {
  let start = 0;
  while (start < paragraph.length) {
    const end = start + WINDOW_CHARS >= paragraph.length ? paragraph.length : cutPoint(paragraph, start);
    yield paragraph.slice(start, end);
    start = end;
  }
}

function cutPoint(text: string, start: number): number {
  const slice = text.slice(start, start + WINDOW_CHARS);
  let afterTerminator = 0;
  for (const match of slice.matchAll(TERMINATOR_THEN_SPACE)) afterTerminator = match.index + match[0].length;
  if (afterTerminator > slice.length / 2) return start + afterTerminator;
  const space = slice.lastIndexOf(' ');
  if (space > 0) return start + space + 1;
  // No space at all: a hard cut, but never between the halves of a surrogate pair.
  const end = start + slice.length;
  return isHighSurrogate(text.charCodeAt(end - 1)) ? end - 1 : end;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

const segmenters = new Map<string, { sentence: Intl.Segmenter; word: Intl.Segmenter }>();

function segmentersFor(language: string): { sentence: Intl.Segmenter; word: Intl.Segmenter } {
  const locale = language === 'und' || !language ? 'en' : language;
  let pair = segmenters.get(locale);
  if (!pair) {
    pair = {
      sentence: new Intl.Segmenter(locale, { granularity: 'sentence' }),
      word: new Intl.Segmenter(locale, { granularity: 'word' }),
    };
    segmenters.set(locale, pair);
  }
  return pair;
}

function sentencesOfWindow(window: string, language: string): string[] {
  const text = window.normalize('NFC').replace(/\s+/g, ' ');
  const raw = Array.from(segmentersFor(language).sentence.segment(text), (s) => s.segment);
  return joinFalseBreaks(raw, language)
    .flatMap(splitRunOn)
    .map((s) => s.trim())
    .filter((s) => HAS_WORD_CHAR.test(s));
}

const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;
/** Titles that precede a name: a break after them is never a sentence end. */
const TITLE = /^\(?(?:Mr|Mrs|Ms|Mx|Dr|Prof|Rev|Gen|Gov|Sen|Rep|Col|Lt|Capt|Sgt|Cmdr|Adm|Maj|Hon|Pres|Supt|St|Mt|Ft)\.$/;
/** Abbreviations that may or may not end a sentence ("in the U.S. The …" vs "the U.S. Army"). */
const MAYBE_ABBREVIATION =
  /^\(?(?:(?:\p{L}\.)+|(?:Inc|Corp|Ltd|Co|Jr|Sr|No|vs|etc|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.)$/u;

/**
 * Rejoins breaks Intl.Segmenter puts in the wrong place: inside a token (a URL's "?"), and, outside Vietnamese,
 * after English titles ("Dr. Smith") and after initials and abbreviations unless the next word is one that
 * starts sentences (a capitalised stopword: "The", "It", "But").
 */
function joinFalseBreaks(segments: string[], language: string): string[] {
  const joined: string[] = [];
  for (const segment of segments) {
    const previous = joined.at(-1);
    if (previous !== undefined && continuesSentence(previous, segment, language)) {
      joined[joined.length - 1] = previous + segment;
    } else {
      joined.push(segment);
    }
  }
  return joined;
}

function continuesSentence(previous: string, next: string, language: string): boolean {
  if (!/\s$/.test(previous) && !/^\s/.test(next)) return true;
  if (language === 'vi') return false;
  const lastToken = previous.trimEnd().split(' ').at(-1) ?? '';
  if (TITLE.test(lastToken)) return true;
  if (!MAYBE_ABBREVIATION.test(lastToken)) return false;
  const nextWord = (next.trimStart().match(WORD)?.[0] ?? '').toLowerCase();
  return nextWord !== '' && !stopwordsFor('en').has(nextWord);
}

/** "…thương mại điện tử.Tuy nhiên, …": a missing space after a full stop, outside URLs and e-mail addresses. */
const RUN_ON = /(?<=\p{Ll}\p{Ll}[.!?…]+)(?=\p{Lu}\p{Ll})/gu;

function splitRunOn(sentence: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (const match of sentence.matchAll(RUN_ON)) {
    const token = sentence.slice(sentence.lastIndexOf(' ', match.index) + 1, match.index);
    if (/[/@]|^www\./i.test(token)) continue;
    pieces.push(sentence.slice(start, match.index));
    start = match.index;
  }
  pieces.push(sentence.slice(start));
  return pieces;
}

/** Text without punctuation becomes chunks of about CHUNK_CHARS cut at spaces (hard cuts only inside giant tokens). */
function chunkLong(sentence: string, maxChars: number): string[] {
  if (sentence.length <= maxChars) return [sentence];
  const target = Math.min(CHUNK_CHARS, maxChars);
  const chunks: string[] = [];
  let current = '';
  for (const word of sentence.split(' ')) {
    for (const part of hardCut(word, maxChars)) {
      if (current && current.length + 1 + part.length > target) {
        chunks.push(current);
        current = part;
      } else {
        current = current ? `${current} ${part}` : part;
      }
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

function hardCut(word: string, maxChars: number): string[] {
  if (word.length <= maxChars) return [word];
  const parts: string[] = [];
  for (let start = 0; start < word.length; ) {
    let end = Math.min(word.length, start + maxChars);
    if (end < word.length && isHighSurrogate(word.charCodeAt(end - 1))) end -= 1;
    parts.push(word.slice(start, end));
    start = end;
  }
  return parts;
}

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;
/** Scripts written without spaces between words: their runs go to Intl.Segmenter. */
export const UNSPACED_SCRIPT = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;
/** Intl.Segmenter's word mode is superlinear too: dictionary runs are fed to it in slices this long. */
const UNSPACED_SLICE_CHARS = 200;

/**
 * Word tokens of `text`, as written (case kept), punctuation dropped. Vietnamese comes out as syllables
 * ("điện", "toán"): pair adjacent ones when a multi-syllable word matters. "we're" and "don't" stay whole.
 */
export function words(text: string, language = 'und'): string[] {
  const tokens: string[] = [];
  for (const [token] of text.matchAll(WORD)) {
    if (UNSPACED_SCRIPT.test(token)) tokens.push(...dictionaryWords(token, language));
    else tokens.push(token);
  }
  return tokens;
}

function dictionaryWords(run: string, language: string): string[] {
  const segmenter = segmentersFor(language).word;
  const tokens: string[] = [];
  for (let start = 0; start < run.length; ) {
    let end = Math.min(run.length, start + UNSPACED_SLICE_CHARS);
    if (end < run.length && isHighSurrogate(run.charCodeAt(end - 1))) end -= 1;
    for (const s of segmenter.segment(run.slice(start, end))) if (s.isWordLike) tokens.push(s.segment);
    start = end;
  }
  return tokens;
}

// HTML from feeds (descriptions, content:encoded, titles with <b> and &amp;) → plain text with paragraphs.
// TODO(coordinator): replace with src/text/clean-html.ts from branch `stories` once it lands.
import { decodeHTML } from 'entities';

const DROP = /<(script|style|noscript|template|iframe|svg)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const BLOCK_END = /<\/(p|div|li|h[1-6]|blockquote|pre|tr|section|article|figure|figcaption)\s*>|<br\s*\/?>/gi;
const TAG = /<!--[\s\S]*?-->|<[^>]*>/g;

/** Plain text: tags removed, entities decoded, one blank line between paragraphs. */
export function htmlToText(html: string): string {
  const text = decodeHTML(html.replace(DROP, ' ').replace(BLOCK_END, '\n').replace(TAG, ' '));
  return text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/** One line: for titles. */
export function htmlToLine(html: string): string {
  return htmlToText(html).replace(/\n/g, ' ');
}

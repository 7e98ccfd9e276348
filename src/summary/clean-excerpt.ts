// An excerpt as feeds deliver it ("we&#8217;re", runs of spaces, cut off mid-sentence with "...") made presentable.
// Entities and tags go through src/text/clean-html.ts, as at load time, so an excerpt built by hand reads the same.
import { cleanLine } from '../text/clean-html.ts';
import { splitSentences } from '../text/segment.ts';

const CUT_OFF = /(?:\.\.\.|…)$/;
/** Excerpts are short; anything longer is cut here first (and so ends at its last whole sentence). */
const MAX_EXCERPT_CHARS = 8192;
const SENTENCE_END = /[.!?…。！？]["'”’)\]]*$/;

/**
 * Entities decoded, tags dropped, whitespace folded, and an ending that was cut off ("...", "…", or no final
 * punctuation) trimmed back to the last whole sentence. An excerpt that is one cut-off sentence keeps it,
 * ending in "…", rather than showing nothing.
 */
export function cleanExcerpt(excerpt: string, language = 'und'): string {
  const text = cleanLine(excerpt.slice(0, MAX_EXCERPT_CHARS)).normalize('NFC');
  if (!text) return '';
  const cutOff = CUT_OFF.test(text) || !SENTENCE_END.test(text);
  if (!cutOff) return text;
  const sentences = splitSentences(text, { language });
  const whole = sentences.slice(0, -1);
  if (whole.length > 0) return whole.join(' ');
  return `${text.replace(/\s*(?:\.\.\.|…)$/, '').replace(/[\s,;:–—-]+$/, '')}…`;
}

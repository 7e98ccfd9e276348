// An excerpt as feeds deliver it ("we&#8217;re", runs of spaces, cut off mid-sentence with "...") made presentable.
import { splitSentences } from '../text/segment.ts';

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', hellip: '…', mdash: '—', ndash: '–',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', bull: '•', middot: '·',
  copy: '©', reg: '®', trade: '™', deg: '°', euro: '€', pound: '£', yen: '¥', cent: '¢', times: '×',
};

/** Decodes numeric (&#8217; &#x2019;) and common named HTML entities; unknown ones are left as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[\da-f]{1,6}|[a-z]{2,8});/gi, (entity, body: string) => {
    if (body[0] !== '#') return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    return valid ? String.fromCodePoint(code) : entity;
  });
}

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
  const text = decodeEntities(excerpt.slice(0, MAX_EXCERPT_CHARS).replace(/<[^>]{0,200}>/g, ' ')).normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!text) return '';
  const cutOff = CUT_OFF.test(text) || !SENTENCE_END.test(text);
  if (!cutOff) return text;
  const sentences = splitSentences(text, { language });
  const whole = sentences.slice(0, -1);
  if (whole.length > 0) return whole.join(' ');
  return `${text.replace(/\s*(?:\.\.\.|…)$/, '').replace(/[\s,;:–—-]+$/, '')}…`;
}

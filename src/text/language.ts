// Language detection for en/vi news: Vietnamese letters decide at once; otherwise franc-min, limited to the
// two languages the corpus holds, so short English text is never guessed as Scots or Tagalog.
import { franc } from 'franc-min';

/** Letters only Vietnamese uses among the languages here: ă â đ ê ô ơ ư and the U+1EA0–1EF9 tone-marked block. */
const VIETNAMESE_LETTER = /[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]/g;
/** Vietnamese prose has such a letter in about every third syllable; an English text quoting "Việt Nam" has a handful. */
const VIETNAMESE_SHARE = 0.03;
/** Detection looks at this much text: enough to decide, bounded on huge bodies. */
const SAMPLE_CHARS = 1500;
const FRANC_CHARS = 400;
const FRANC_CODES: Record<string, string> = { vie: 'vi', eng: 'en' };

/** ISO 639-1 code of `text`: "vi", "en", or "und" when there is too little text or neither fits. */
export function detectLanguage(text: string): string {
  const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  const letters = countLetters(sample);
  if (letters === 0) return 'und';
  const vietnamese = sample.match(VIETNAMESE_LETTER)?.length ?? 0;
  if (vietnamese / letters >= VIETNAMESE_SHARE) return 'vi';
  // franc's trigram work grows with the text; a few hundred characters decide between two languages.
  return FRANC_CODES[franc(sample.slice(0, FRANC_CHARS), { only: ['vie', 'eng'], minLength: 10 })] ?? 'und';
}

/** ASCII letters plus everything from U+00C0 on except common punctuation: close enough to \p{L} for a share. */
function countLetters(text: string): number {
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i) | 0x20;
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0xc0 && (code < 0x2000 || code > 0x206f))) letters += 1;
  }
  return letters;
}

// Stopword lists for English and Vietnamese, from the maintained `stopword` package (news-safe: it keeps
// content words such as "năm" that broader lists drop).
import { eng, vie } from 'stopword';

const ENGLISH: ReadonlySet<string> = new Set(eng);
const VIETNAMESE: ReadonlySet<string> = new Set(vie.map((word) => word.normalize('NFC')));
const EITHER: ReadonlySet<string> = new Set([...ENGLISH, ...VIETNAMESE]);

/**
 * Lowercase stopwords for an ISO 639-1 code. Vietnamese entries may be two syllables ("có thể"), matching
 * the adjacent-syllable terms built from Vietnamese text. Undetermined or other languages get both lists,
 * since mixed en/vi text is the common case there.
 */
export function stopwordsFor(language: string): ReadonlySet<string> {
  if (language === 'en') return ENGLISH;
  if (language === 'vi') return VIETNAMESE;
  return EITHER;
}

import { describe, expect, it } from 'vitest';
import { splitSentences, words } from '../../src/text/segment.ts';

describe('splitSentences', () => {
  it('does not end English sentences at titles, initials or "U.S." before a name', () => {
    const text = 'Dr. Smith met Mr. Jones on Monday. John F. Kennedy was there. The U.S. Army said so.';
    expect(splitSentences(text, { language: 'en' })).toEqual([
      'Dr. Smith met Mr. Jones on Monday.',
      'John F. Kennedy was there.',
      'The U.S. Army said so.',
    ]);
  });

  it('still ends a sentence at "U.S." when the next one starts like a sentence', () => {
    expect(splitSentences('Sales rose in the U.S. The company was pleased.', { language: 'en' })).toEqual([
      'Sales rose in the U.S.',
      'The company was pleased.',
    ]);
  });

  it('keeps URLs whole, query strings included', () => {
    const sentences = splitSentences('See https://example.com/a.b?x=1&y=Z for more. Next one.', { language: 'en' });
    expect(sentences).toEqual(['See https://example.com/a.b?x=1&y=Z for more.', 'Next one.']);
  });

  it('makes each list item a sentence, without its marker', () => {
    const text = 'Highlights:\n- faster builds\n• smaller images\r\n2. better logs\n3) fewer bugs';
    expect(splitSentences(text)).toEqual(['Highlights:', 'faster builds', 'smaller images', 'better logs', 'fewer bugs']);
  });

  it('cuts text without punctuation into chunks at word boundaries, losing no word', () => {
    const text = Array.from({ length: 400 }, (_, i) => `từ${i}`).join(' ');
    const sentences = splitSentences(text, { language: 'vi', maxChars: 300 });
    expect(sentences.length).toBeGreaterThan(3);
    for (const s of sentences) expect(s.length).toBeLessThanOrEqual(300);
    expect(sentences.join(' ')).toBe(text);
  });

  it('splits Vietnamese sentences glued without a space, but not abbreviations like TP.HCM', () => {
    const text = 'Công ty dẫn đầu ngành thương mại điện tử.Tuy nhiên, giờ đây đã khác. Tại TP.HCM trời mưa.';
    expect(splitSentences(text, { language: 'vi' })).toEqual([
      'Công ty dẫn đầu ngành thương mại điện tử.',
      'Tuy nhiên, giờ đây đã khác.',
      'Tại TP.HCM trời mưa.',
    ]);
  });

  it('loses nothing across the windows a long paragraph is segmented in', () => {
    const sentences = Array.from({ length: 400 }, (_, i) => `Sentence number ${i} is here.`);
    expect(splitSentences(sentences.join(' '), { language: 'en' })).toEqual(sentences);
  });

  it('stops at the limit, even in a megabyte-long paragraph or a megabyte without spaces', () => {
    const huge = 'This is a sentence. '.repeat(50_000);
    expect(splitSentences(huge, { limit: 5 })).toEqual(Array(5).fill('This is a sentence.'));
    const solid = splitSentences('x'.repeat(1_000_000), { limit: 3, maxChars: 500 });
    expect(solid).toHaveLength(3);
    for (const s of solid) expect(s.length).toBeLessThanOrEqual(500);
  });

  it('folds whitespace, normalizes to NFC and skips fragments without letters', () => {
    const decomposed = 'Vie\u0323\u0302t Nam   tha\u0306ng.\n---\n';
    expect(splitSentences(decomposed, { language: 'vi' })).toEqual(['Việt Nam thăng.']);
  });

  it('returns nothing for empty or blank text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \r\n\t ')).toEqual([]);
  });
});

describe('words', () => {
  it('gives Vietnamese syllables and drops punctuation', () => {
    expect(words('Giá vàng tăng 2,5% tại TP.HCM!', 'vi')).toEqual(['Giá', 'vàng', 'tăng', '2', '5', 'tại', 'TP', 'HCM']);
  });

  it('keeps English contractions whole', () => {
    expect(words("We're sure it's fine.")).toEqual(["We're", 'sure', "it's", 'fine']);
  });

  it('splits scripts written without spaces into dictionary words', () => {
    const tokens = words('東京都に住んでいます');
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens.join('')).toBe('東京都に住んでいます');
  });
});

import { describe, expect, it } from 'vitest';
import { cleanExcerpt } from '../../src/summary/clean-excerpt.ts';

describe('cleanExcerpt', () => {
  it('ends a "..." cut-off at the last whole sentence', () => {
    const raw = 'We&#8217;re excited.  Power Apps is   faster now. The current LTE ...';
    expect(cleanExcerpt(raw, 'en')).toBe('We’re excited. Power Apps is faster now.');
  });

  it('treats an ending without final punctuation as cut off too', () => {
    expect(cleanExcerpt('Environment variables ship today. They are now generally', 'en')).toBe('Environment variables ship today.');
  });

  it('keeps a lone cut-off sentence, marked with an ellipsis, rather than nothing', () => {
    expect(cleanExcerpt('Below is a set of links we&#8217;ve curated to help novice,…', 'en')).toBe(
      'Below is a set of links we’ve curated to help novice…',
    );
  });

  it('leaves a complete excerpt as it is, apart from tags and whitespace', () => {
    expect(cleanExcerpt(' <p>New controls are in preview.</p>\n\n', 'en')).toBe('New controls are in preview.');
    expect(cleanExcerpt('', 'en')).toBe('');
  });

  it('decodes double-escaped entities as the loader does', () => {
    expect(cleanExcerpt('Customer &amp;amp; Partner Success: we&amp;#8217;ve got it.', 'en')).toBe('Customer & Partner Success: we’ve got it.');
  });
});

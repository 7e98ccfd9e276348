import { describe, expect, it } from 'vitest';
import { cleanExcerpt, decodeEntities } from '../../src/summary/clean-excerpt.ts';

describe('decodeEntities', () => {
  it('decodes numeric and named entities and leaves unknown ones as written', () => {
    expect(decodeEntities('we&#8217;re &amp; you&#x2019;re &hellip; &bogus; &#0;')).toBe('we’re & you’re … &bogus; &#0;');
  });
});

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
});

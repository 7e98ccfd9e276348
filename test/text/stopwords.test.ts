import { describe, expect, it } from 'vitest';
import { stopwordsFor } from '../../src/text/stopwords.ts';

describe('stopwordsFor', () => {
  it('has English and Vietnamese function words but keeps news content words', () => {
    expect(stopwordsFor('en').has('the')).toBe(true);
    expect(stopwordsFor('en').has('computer')).toBe(false);
    expect(stopwordsFor('vi').has('của')).toBe(true);
    expect(stopwordsFor('vi').has('năm')).toBe(false);
  });

  it('uses both lists when the language is undetermined', () => {
    const either = stopwordsFor('und');
    expect(either.has('the') && either.has('của')).toBe(true);
  });
});

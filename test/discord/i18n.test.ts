import { describe, expect, it } from 'vitest';
import { formatDate, localeOf, t, translator } from '../../src/discord/i18n.ts';

describe('i18n', () => {
  it('answers Vietnamese users in Vietnamese and everyone else in English', () => {
    expect(localeOf('vi')).toBe('vi');
    expect(localeOf('en-US')).toBe('en');
    expect(localeOf('fr')).toBe('en');
    expect(localeOf(undefined)).toBe('en');
    expect(translator('vi')('topics.title')).toBe('Chủ đề');
    expect(translator('en-GB')('topics.title')).toBe('Topics');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('en', 'feed.unknown', { id: 'f1' })).toContain('**f1**');
    expect(t('vi', 'feed.unknown', {})).toContain('{id}');
  });

  it('formats dates per locale and says so when there is none', () => {
    expect(formatDate('en', '2020-10-01T21:00:00Z')).toMatch(/2020/);
    expect(formatDate('vi', '2020-10-01T21:00:00Z', { timeZone: 'Asia/Ho_Chi_Minh' })).toMatch(/2020/);
    expect(formatDate('en', null)).toBe('—');
  });
});

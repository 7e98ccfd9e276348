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

  it('picks the plural form for the count, in both languages, with no bare "(s)" and no placeholder left', () => {
    expect(t('en', 'news.page', { page: 1, pages: 1, total: 1 })).toBe('Page 1 of 1 · 1 article');
    expect(t('en', 'news.page', { page: 1, pages: 3, total: 0 })).toBe('Page 1 of 3 · 0 articles');
    expect(t('en', 'news.page', { page: 2, pages: 3, total: 21 })).toBe('Page 2 of 3 · 21 articles');
    expect(t('en', 'digest.offAll', { count: 1 })).toBe('Turned off 1 digest.');
    expect(t('en', 'digest.offAll', { count: 2 })).toBe('Turned off 2 digests.');
    expect(t('en', 'feed.testHeader', { id: 'f', count: 1, channel: '#c' })).toBe('Feed **f** would post this article to #c now (only you can see this):');
    expect(t('en', 'admin.corpus', { articles: 1, topics: 1 })).toBe('1 article, 1 topic');
    expect(t('vi', 'news.page', { page: 1, pages: 1, total: 1 })).toBe('Trang 1/1 · 1 bài viết');
    expect(t('en', 'problem.topicsMore', { count: 1 })).toBe('1 other');
    // Without the count, the plural stays visible rather than guessing.
    expect(t('en', 'digest.offAll', {})).toContain('{count, plural,');
  });

  it('formats dates per locale and says so when there is none', () => {
    expect(formatDate('en', '2020-10-01T21:00:00Z')).toMatch(/2020/);
    expect(formatDate('vi', '2020-10-01T21:00:00Z', { timeZone: 'Asia/Ho_Chi_Minh' })).toMatch(/2020/);
    expect(formatDate('en', null)).toBe('—');
  });
});

import { describe, expect, it } from 'vitest';
import { buildDigest, buildFeed, resolveTopics, type Problem } from '../../src/delivery/validate.ts';
import { translator } from '../../src/discord/i18n.ts';
import { problemList, problemText } from '../../src/discord/problem-text.ts';
import type { ArticleSource } from '../../src/delivery/model.ts';

const source: ArticleSource = {
  hottest: () => [],
  resolveTopic: (q) => (q.toLowerCase() === 'ai' ? 'AI' : undefined),
  suggestTopics: (prefix) => (prefix.toLowerCase().startsWith('a') ? [{ name: 'AI', count: 3 }] : []),
};
const context = { source, now: new Date('2024-03-01T00:00:00Z'), defaultTimezone: 'UTC' };

function problems(): Problem[] {
  const feed = buildFeed({ guildId: 'g', channelId: 'c', topics: 'Astro, Zzz', schedule: '61 9 * * *', timezone: 'Mars/Base', minHeat: -1, maxPerRun: 2.5, createdBy: 'u' }, context);
  const digest = buildDigest({ guildId: 'g', channelId: 'c', time: '7h', size: 50, createdBy: 'u' }, context);
  const none = resolveTopics(source, ' , ').problem!;
  return [...(feed.ok ? [] : feed.problems), ...(digest.ok ? [] : digest.problems), none];
}

describe('validation problems in the user’s language', () => {
  it('words every kind of problem in Vietnamese, keeping the values the user typed', () => {
    const all = problems();
    expect(new Set(all.map((p) => p.code))).toEqual(new Set(['topics.unknown', 'cron.invalid', 'timezone', 'range', 'time', 'topics.none']));
    const vi = all.map((p) => problemText(p, translator('vi')));
    expect(vi).toEqual([
      'Không có chủ đề “Astro” (có phải bạn muốn nói AI?), “Zzz”; `/topics` liệt kê tất cả các chủ đề.',
      expect.stringMatching(/^“61 9 \* \* \*” không phải lịch cron hợp lệ \(.*minute.*\)/i),
      expect.stringMatching(/^“Mars\/Base” không phải múi giờ IANA/),
      '`min_heat` phải là một số từ 0 đến 100 (bạn nhập -1).',
      '`max_per_run` phải là số nguyên từ 1 đến 10 (bạn nhập 2.5).',
      '“7h” không phải giờ trong ngày: dùng định dạng 24 giờ HH:MM, ví dụ 08:30 hoặc 18:00.',
      '`size` phải là số nguyên từ 1 đến 10 (bạn nhập 50).',
      'Hãy nêu ít nhất một chủ đề, ví dụ `AI` hoặc `AI, Cloud` (xem `/topics`).',
    ]);
  });

  it('words them in English for everyone else, and lists them as bullets', () => {
    const all = problems();
    const en = problemList(all, translator('en-US')).split('\n');
    expect(en).toHaveLength(all.length);
    expect(en[0]).toBe('• Unknown topic “Astro” (did you mean AI?), “Zzz”; `/topics` lists them all.');
    expect(en[3]).toBe('• `min_heat` must be a number from 0 to 100 (got -1).');
    expect(en.join('\n')).not.toMatch(/\{\w+\}/);
  });
});

import { describe, expect, it } from 'vitest';
import { buildDigest, buildFeed, resolveTopics, type Problem } from '../../src/delivery/validate.ts';
import { translator } from '../../src/discord/i18n.ts';
import { problemList, problemText } from '../../src/discord/problem-text.ts';
import type { ArticleQuery } from '../../src/delivery/model.ts';

const source: ArticleQuery = {
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
      '“61 9 * * *” không phải lịch cron hợp lệ (phút “61” phải trong khoảng 0–59). Dùng 5 trường, ví dụ `0 9 * * *` (09:00 mỗi ngày).',
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
    expect(en[1]).toBe('• “61 9 * * *” is not a valid cron schedule (minute “61” must be 0–59). Use 5 fields, e.g. `0 9 * * *` (09:00 daily).');
  });

  it('never lets node-cron’s English into a reply, whichever field is wrong', () => {
    const feed = buildFeed({ guildId: 'g', channelId: 'c', topics: 'ai', schedule: 'a 25 32 13 8', createdBy: 'u' }, context);
    const [cron] = feed.ok ? [] : feed.problems;
    const vi = problemText(cron!, translator('vi'));
    expect(vi).toBe('“a 25 32 13 8” không phải lịch cron hợp lệ (phút “a” phải trong khoảng 0–59; giờ “25” phải trong khoảng 0–23; '
      + 'ngày trong tháng “32” phải trong khoảng 1–31; tháng “13” phải trong khoảng 1–12; thứ trong tuần (0 hoặc 7 = Chủ nhật) “8” phải trong khoảng 0–7). '
      + 'Dùng 5 trường, ví dụ `0 9 * * *` (09:00 mỗi ngày).');
    expect(vi).not.toMatch(/invalid|expression|minute/);
  });

  it('names five unknown topics and counts the rest, so 10,000 of them still fit a 2,000-character reply', () => {
    const names = Array.from({ length: 10_000 }, (_, i) => `${'x'.repeat(300)}${i}`);
    const { problem } = resolveTopics(source, names);
    for (const locale of ['en-US', 'vi']) {
      const text = problemText(problem!, translator(locale));
      expect(text.length).toBeLessThan(1000);
      expect(text).toContain(locale === 'vi' ? '9995 chủ đề khác' : '9995 others');
      expect(text.match(/“x+…”/g)).toHaveLength(5);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { buildDigest, buildFeed, cronProblem, maxPerRunProblem, minHeatProblem, resolveTopics, timeProblem } from '../../src/delivery/validate.ts';
import { START, article, sourceOf } from './support.ts';

const source = sourceOf([article('a', 10, ['AI']), article('b', 10, ['Cloud Computing'])]);
const context = { source, now: START, defaultTimezone: 'Europe/Paris' };

describe('delivery input checks', () => {
  it('accepts 5-field cron schedules and explains bad ones', () => {
    expect(cronProblem('0 9 * * 1-5')).toBeUndefined();
    expect(cronProblem('every morning')).toMatchObject({ code: 'cron.fields', params: { value: 'every morning' } });
    expect(cronProblem('every morning')?.message).toMatch(/"every morning" is not a schedule: use 5 fields/);
    expect(cronProblem('* * * * * *')?.message).toMatch(/use 5 fields/);
    const invalid = cronProblem('61 9 * * *');
    expect(invalid).toMatchObject({ code: 'cron.invalid', params: { value: '61 9 * * *', fields: [{ field: 'minute', value: '61' }] } });
    expect(invalid?.message).toMatch(/not a valid cron schedule.*e\.g\. "0 9 \* \* \*"/);
  });

  it('checks times of day and numeric ranges, with the numbers a translation needs', () => {
    expect(timeProblem('08:30')).toBeUndefined();
    expect(timeProblem('24:00')).toEqual({ code: 'time', params: { value: '24:00' }, message: '"24:00" is not a time of day; use 24-hour HH:MM, e.g. 08:30 or 18:00' });
    expect(minHeatProblem(-1)).toEqual({
      code: 'range',
      params: { option: 'min_heat', min: 0, max: 100, value: -1, integer: false },
      message: 'min_heat must be a number from 0 to 100 (got -1)',
    });
    expect(maxPerRunProblem(11)?.message).toBe('max_per_run must be a whole number from 1 to 10 (got 11)');
    expect(maxPerRunProblem(2.5)?.params).toMatchObject({ integer: true, value: 2.5 });
  });

  it('resolves topics through the index and suggests close ones for unknown names', () => {
    expect(resolveTopics(source, 'ai, AI , cloud computing')).toEqual({ topics: ['AI', 'Cloud Computing'] });
    const unknown = resolveTopics(source, ['Clou', 'Zzz']).problem;
    expect(unknown?.message).toBe('unknown topic "Clou" (did you mean Cloud Computing?), "Zzz"; see /topics for the list');
    expect(unknown).toMatchObject({ code: 'topics.unknown', params: { unknown: [{ name: 'Clou', suggestions: ['Cloud Computing'] }, { name: 'Zzz', suggestions: [] }] } });
    expect(resolveTopics(source, ' , ').problem).toMatchObject({ code: 'topics.none', message: expect.stringMatching(/name at least one topic/) });
  });

  it('builds a feed with defaults, or lists every problem and builds nothing', () => {
    const ok = buildFeed({ guildId: 'g', channelId: 'c', topics: 'ai', schedule: '0 9 * * *', createdBy: 'u' }, context, 'id1');
    expect(ok).toEqual({
      ok: true,
      value: { id: 'id1', guildId: 'g', channelId: 'c', topics: ['AI'], minHeat: 0, schedule: '0 9 * * *', timezone: 'Europe/Paris', maxPerRun: 3, paused: false, createdBy: 'u', createdAt: START.toISOString() },
    });
    const bad = buildFeed({ guildId: 'g', channelId: 'c', topics: 'Astrology', schedule: 'hourly', timezone: 'Mars/Base', maxPerRun: 50, createdBy: 'u' }, context);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems.map((p) => p.code)).toEqual(['topics.unknown', 'cron.fields', 'timezone', 'range']);
    expect(!bad.ok && bad.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/unknown topic "Astrology"/),
      expect.stringMatching(/"hourly" is not a schedule/),
      'Mars/Base is not an IANA timezone; use e.g. Europe/Paris, Asia/Ho_Chi_Minh or UTC',
      'max_per_run must be a whole number from 1 to 10 (got 50)',
    ]);
    expect(!bad.ok && bad.problems[2]).toMatchObject({ code: 'timezone', params: { value: 'Mars/Base' } });
  });

  it('builds a digest keyed by its channel, with a normalized time', () => {
    const built = buildDigest({ guildId: 'g', channelId: 'c7', time: '7:05', timezone: 'asia/ho_chi_minh', topics: '', createdBy: 'u' }, context);
    expect(built).toEqual({ ok: true, value: expect.objectContaining({ id: 'c7', time: '07:05', timezone: 'Asia/Ho_Chi_Minh', size: 5 }) });
    expect(built.ok && 'topics' in built.value).toBe(false);
  });
});

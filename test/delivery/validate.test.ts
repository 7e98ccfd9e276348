import { describe, expect, it } from 'vitest';
import { buildDigest, buildFeed, cronProblem, maxPerRunProblem, minHeatProblem, resolveTopics, timeProblem } from '../../src/delivery/validate.ts';
import { START, article, sourceOf } from './support.ts';

const source = sourceOf([article('a', 10, ['AI']), article('b', 10, ['Cloud Computing'])]);
const context = { source, now: START, defaultTimezone: 'Europe/Paris' };

describe('delivery input checks', () => {
  it('accepts 5-field cron schedules and explains bad ones', () => {
    expect(cronProblem('0 9 * * 1-5')).toBeUndefined();
    expect(cronProblem('every morning')).toMatch(/"every morning" is not a schedule: use 5 fields/);
    expect(cronProblem('* * * * * *')).toMatch(/use 5 fields/);
    expect(cronProblem('61 9 * * *')).toMatch(/not a valid cron schedule.*e\.g\. "0 9 \* \* \*"/);
  });

  it('checks times of day and numeric ranges', () => {
    expect(timeProblem('08:30')).toBeUndefined();
    expect(timeProblem('24:00')).toBe('"24:00" is not a time of day; use 24-hour HH:MM, e.g. 08:30 or 18:00');
    expect(minHeatProblem(-1)).toBe('min_heat must be a number from 0 to 1000 (got -1)');
    expect(maxPerRunProblem(11)).toBe('max_per_run must be a whole number from 1 to 10 (got 11)');
    expect(maxPerRunProblem(2.5)).toMatch(/whole number/);
  });

  it('resolves topics through the index and suggests close ones for unknown names', () => {
    expect(resolveTopics(source, 'ai, AI , cloud computing')).toEqual({ topics: ['AI', 'Cloud Computing'] });
    expect(resolveTopics(source, ['Clou']).problem).toBe('unknown topic "Clou" (did you mean Cloud Computing?); see /topics for the list');
    expect(resolveTopics(source, ' , ').problem).toMatch(/name at least one topic/);
  });

  it('builds a feed with defaults, or lists every problem and builds nothing', () => {
    const ok = buildFeed({ guildId: 'g', channelId: 'c', topics: 'ai', schedule: '0 9 * * *', createdBy: 'u' }, context, 'id1');
    expect(ok).toEqual({
      ok: true,
      value: { id: 'id1', guildId: 'g', channelId: 'c', topics: ['AI'], minHeat: 0, schedule: '0 9 * * *', timezone: 'Europe/Paris', maxPerRun: 3, paused: false, createdBy: 'u', createdAt: START.toISOString() },
    });
    const bad = buildFeed({ guildId: 'g', channelId: 'c', topics: 'Astrology', schedule: 'hourly', timezone: 'Mars/Base', maxPerRun: 50, createdBy: 'u' }, context);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems).toEqual([
      expect.stringMatching(/unknown topic "Astrology"/),
      expect.stringMatching(/"hourly" is not a schedule/),
      'Mars/Base is not an IANA timezone; use e.g. Europe/Paris, Asia/Ho_Chi_Minh or UTC',
      'max_per_run must be a whole number from 1 to 10 (got 50)',
    ]);
  });

  it('builds a digest keyed by its channel, with a normalized time', () => {
    const built = buildDigest({ guildId: 'g', channelId: 'c7', time: '7:05', timezone: 'asia/ho_chi_minh', topics: '', createdBy: 'u' }, context);
    expect(built).toEqual({ ok: true, value: expect.objectContaining({ id: 'c7', time: '07:05', timezone: 'Asia/Ho_Chi_Minh', size: 5 }) });
    expect(built.ok && 'topics' in built.value).toBe(false);
  });
});

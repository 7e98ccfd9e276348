// A digest's daily time on the days its zone changes clocks: on the spring change a time the clocks jump past
// (02:30 in New York) still gets that day's digest, right after the jump; on the autumn change a time that
// happens twice gets one.
import { afterEach, describe, expect, it } from 'vitest';
import type { Digest, Poster } from '../../src/delivery/model.ts';
import { skippedDailyRun } from '../../src/delivery/cron-time.ts';
import { FakeDiscord, article, harness, type Harness } from './support.ts';

const CORPUS = Array.from({ length: 12 }, (_, i) => article(`n${String(i).padStart(2, '0')}`, 100 - i, ['AI']));
const at = (iso: string) => new Date(iso);

function digest(time: string, timezone: string, createdAt: Date): Digest {
  return { id: 'c9', guildId: 'g1', channelId: 'c9', time, timezone, size: 2, createdBy: 'u1', createdAt: createdAt.toISOString() };
}

describe('skippedDailyRun', () => {
  it('gives the first moment after the jump on a day the clocks skip the time, and nothing otherwise', () => {
    const skipped = (time: string, zone: string, after: string) => skippedDailyRun(time, zone, at(after))?.toISOString();
    // New York jumps from 02:00 EST to 03:00 EDT on 14 March 2027 (07:00 UTC).
    expect(skipped('02:30', 'America/New_York', '2027-03-13T12:00:00Z')).toBe('2027-03-14T07:00:00.000Z');
    expect(skipped('02:00', 'America/New_York', '2027-03-13T12:00:00Z')).toBe('2027-03-14T07:00:00.000Z');
    expect(skipped('03:00', 'America/New_York', '2027-03-13T12:00:00Z')).toBeUndefined();
    expect(skipped('01:59', 'America/New_York', '2027-03-13T12:00:00Z')).toBeUndefined();
    expect(skipped('02:30', 'America/New_York', '2027-03-14T07:00:00Z')).toBeUndefined(); // that moment is past
    // From 23:30 on the eve: the change day is 23 h long, and 24 h later is the day after it.
    expect(skipped('02:30', 'America/New_York', '2027-03-14T04:30:00Z')).toBe('2027-03-14T07:00:00.000Z');
    expect(skipped('02:30', 'Europe/Paris', '2027-03-27T22:59:00Z')).toBe('2027-03-28T01:00:00.000Z');
    // Paris at 02:00 → 03:00 (01:00 UTC); Santiago at midnight → 01:00; Lord Howe by half an hour.
    expect(skipped('02:30', 'Europe/Paris', '2027-03-27T12:00:00Z')).toBe('2027-03-28T01:00:00.000Z');
    expect(skipped('00:15', 'America/Santiago', '2027-09-04T00:00:00Z')).toBe('2027-09-05T04:00:00.000Z');
    expect(skipped('02:15', 'Australia/Lord_Howe', '2027-10-02T00:00:00Z')).toBe('2027-10-02T15:30:00.000Z');
    expect(skipped('02:30', 'Australia/Lord_Howe', '2027-10-02T00:00:00Z')).toBeUndefined();
    // A time that happens twice (autumn) or a zone without changes: cron handles those.
    expect(skipped('01:30', 'America/New_York', '2027-11-06T12:00:00Z')).toBeUndefined();
    expect(skipped('02:30', 'Asia/Ho_Chi_Minh', '2027-03-13T12:00:00Z')).toBeUndefined();
  });
});

describe('a daily digest across clock changes', () => {
  let h: Harness;
  afterEach(async () => {
    h?.delivery.scheduler.stop();
    await h?.close();
  });

  const slots = () => h.discord.messages.map((m) => (m.post.kind === 'digest' ? m.post.period.to : ''));

  it('posts the 02:30 New York digest at 03:00 on the spring change, and at 02:30 the days around it', async () => {
    h = await harness('memory', CORPUS);
    h.clock.set(at('2027-03-13T12:00:00Z'));
    await h.delivery.digests.put(digest('02:30', 'America/New_York', h.clock.now()));
    await h.delivery.scheduler.start();
    expect(h.delivery.scheduler.nextRun('digest', 'c9')?.toISOString()).toBe('2027-03-14T07:00:00.000Z');
    await h.jobs.advanceTo(at('2027-03-16T12:00:00Z'));
    expect(slots()).toEqual(['2027-03-14T07:00:00.000Z', '2027-03-15T06:30:00.000Z', '2027-03-16T06:30:00.000Z']);
    expect(h.jobs.names()).toEqual(['digest:c9']);
  });

  it('plans the run after the jump for a bot started late on the eve, and records it as the next run after the eve\'s digest', async () => {
    h = await harness('memory', CORPUS);
    h.clock.set(at('2027-03-14T04:30:00Z')); // 23:30 on Saturday in New York
    await h.delivery.digests.put(digest('02:30', 'America/New_York', h.clock.now()));
    await h.delivery.scheduler.start();
    await h.jobs.advanceTo(at('2027-03-14T12:00:00Z'));
    expect(slots()).toEqual(['2027-03-14T07:00:00.000Z']);

    const eve = await harness('memory', CORPUS);
    try {
      eve.clock.set(at('2027-03-12T12:00:00Z'));
      await eve.delivery.digests.put(digest('02:30', 'America/New_York', eve.clock.now()));
      await eve.delivery.scheduler.start();
      await eve.jobs.advanceTo(at('2027-03-13T12:00:00Z')); // Saturday's 02:30 ran
      expect((await eve.delivery.status.get('digest', 'c9'))?.nextRunAt).toBe('2027-03-14T07:00:00.000Z');
    } finally {
      eve.delivery.scheduler.stop();
      await eve.close();
    }
  });

  it('posts the 01:30 digest once on the autumn change, when 01:30 happens twice', async () => {
    h = await harness('memory', CORPUS);
    h.clock.set(at('2027-11-06T12:00:00Z'));
    await h.delivery.digests.put(digest('01:30', 'America/New_York', h.clock.now()));
    await h.delivery.scheduler.start();
    await h.jobs.advanceTo(at('2027-11-08T12:00:00Z'));
    expect(slots()).toEqual(['2027-11-07T05:30:00.000Z', '2027-11-08T06:30:00.000Z']);
  });

  it('plans nothing more for a digest removed while its run was posting (the day before the change)', async () => {
    const discord = new FakeDiscord();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const posting = new Promise<void>((resolve) => (started = resolve));
    const poster: Poster = {
      post: async (...args) => {
        started();
        await held;
        return discord.post(...args);
      },
    };
    h = await harness('memory', CORPUS, { poster });
    h.clock.set(at('2027-03-12T12:00:00Z'));
    await h.delivery.digests.put(digest('02:30', 'America/New_York', h.clock.now()));
    await h.delivery.scheduler.start();
    const advancing = h.jobs.advanceTo(at('2027-03-13T08:00:00Z'));
    await posting;
    h.delivery.scheduler.unschedule('digest', 'c9');
    release();
    await advancing;
    expect(discord.messages).toHaveLength(1);
    expect(h.jobs.names()).toEqual([]);
  });

  it('plans nothing more once the digest is removed', async () => {
    h = await harness('memory', CORPUS);
    h.clock.set(at('2027-03-13T12:00:00Z'));
    await h.delivery.digests.put(digest('02:30', 'America/New_York', h.clock.now()));
    await h.delivery.scheduler.start();
    h.delivery.scheduler.unschedule('digest', 'c9');
    await h.jobs.advanceTo(at('2027-03-16T12:00:00Z'));
    expect(slots()).toEqual([]);
    expect(h.jobs.names()).toEqual([]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { Digest, Feed } from '../../src/delivery/model.ts';
import { ChannelUnavailableError } from '../../src/delivery/model.ts';
import { nextRunAfter, latestRunAtOrBefore } from '../../src/delivery/cron-time.ts';
import type { DeliveryObserver } from '../../src/delivery/observer.ts';
import { START, article, harness, type Harness } from './support.ts';

const CORPUS = Array.from({ length: 12 }, (_, i) => article(`n${String(i).padStart(2, '0')}`, 100 - i, ['AI']));
const hours = (n: number) => new Date(START.getTime() + n * 3600_000);

function feed(overrides: Partial<Feed> = {}): Feed {
  return {
    id: 'hourly',
    guildId: 'g1',
    channelId: 'c1',
    topics: ['AI'],
    minHeat: 0,
    schedule: '0 * * * *',
    timezone: 'UTC',
    maxPerRun: 1,
    paused: false,
    createdBy: 'u1',
    createdAt: START.toISOString(),
    ...overrides,
  };
}

function digest(overrides: Partial<Digest> = {}): Digest {
  return { id: 'c9', guildId: 'g1', channelId: 'c9', time: '18:30', timezone: 'Asia/Ho_Chi_Minh', size: 2, createdBy: 'u1', createdAt: START.toISOString(), ...overrides };
}

describe('cron arithmetic', () => {
  it('computes next and latest runs in the schedule timezone', () => {
    // 18:30 in Ho Chi Minh City (UTC+7) is 11:30 UTC.
    expect(nextRunAfter('30 18 * * *', 'Asia/Ho_Chi_Minh', START).toISOString()).toBe('2024-05-01T11:30:00.000Z');
    expect(nextRunAfter('0 9 * * *', 'UTC', START).toISOString()).toBe('2024-05-02T09:00:00.000Z');
    expect(latestRunAtOrBefore('30 18 * * *', 'Asia/Ho_Chi_Minh', START, 26 * 3600_000)?.toISOString()).toBe('2024-04-30T11:30:00.000Z');
  });
});

describe('DeliveryScheduler', () => {
  let h: Harness;
  afterEach(async () => {
    h?.delivery.scheduler.stop();
    await h?.close();
  });

  it('restores every feed and digest from storage at start, with next runs in their timezones', async () => {
    h = await harness('sqlite', CORPUS);
    await h.delivery.feeds.put(feed());
    await h.delivery.feeds.put(feed({ id: 'paused', paused: true }));
    await h.delivery.digests.put(digest());
    const restarted = await h.process('after-restart');
    const report = await restarted.scheduler.start();
    expect(report).toEqual({ feeds: 2, digests: 1, caughtUp: [] });
    expect(h.jobs.names()).toEqual(['digest:c9', 'feed:hourly']);
    expect(restarted.scheduler.nextRun('feed', 'hourly')?.toISOString()).toBe('2024-05-01T10:00:00.000Z');
    expect(restarted.scheduler.nextRun('digest', 'c9')?.toISOString()).toBe('2024-05-01T11:30:00.000Z');
    expect((await restarted.status.get('feed', 'hourly'))?.nextRunAt).toBe('2024-05-01T10:00:00.000Z');
  });

  it('posts on each tick, and follows changes and removals without a restart', async () => {
    h = await harness('memory', CORPUS);
    const { scheduler, feeds } = h.delivery;
    await feeds.put(feed());
    await scheduler.start();
    await h.jobs.advanceTo(hours(3));
    expect(h.discord.articleIds('c1')).toEqual(['n00', 'n01', 'n02']);

    const faster = feed({ schedule: '*/30 * * * *', maxPerRun: 2 });
    await feeds.put(faster);
    await scheduler.scheduleFeed(faster);
    await h.jobs.advanceTo(hours(4));
    expect(h.discord.articleIds('c1')).toHaveLength(3 + 2 * 2);

    await feeds.delete('hourly');
    scheduler.unschedule('feed', 'hourly');
    await h.jobs.advanceTo(hours(8));
    expect(h.discord.articleIds('c1')).toHaveLength(7);
    expect(h.jobs.names()).toEqual([]);
  });

  it('catches up a run missed while down exactly once, not once per missed tick', async () => {
    h = await harness('sqlite', CORPUS);
    await h.delivery.feeds.put(feed({ lastRunAt: hours(-5).toISOString() }));
    await h.delivery.feeds.put(feed({ id: 'fresh', channelId: 'c2', lastRunAt: hours(0).toISOString() }));
    await h.delivery.digests.put(digest({ lastRunAt: '2024-04-29T11:30:00.000Z' }));
    const report = await (await h.process('restarted')).scheduler.start();
    expect(report.caughtUp).toEqual([
      { kind: 'feed', id: 'hourly' },
      { kind: 'digest', id: 'c9' },
    ]);
    expect(h.discord.articleIds('c1')).toEqual(['n00']);
    expect(h.discord.articleIds('c2')).toEqual([]);
    expect(h.discord.messages.filter((m) => m.channelId === 'c9')).toHaveLength(1);
  });

  it('several processes without shards fire the same tick: one runs it, max_per_run posts in all, and the next tick runs again', async () => {
    h = await harness('sqlite', CORPUS);
    const hourly = feed({ maxPerRun: 2 });
    await h.delivery.feeds.put(hourly);
    const processes = [h.delivery, await h.process('b'), await h.process('c')];
    // Each process's cron fires the tick (the harness's one job scheduler would run one job per name).
    const tick = async (at: Date) => {
      h.clock.set(at);
      return Promise.all(processes.map((process) => process.feedRunner.run(hourly, at, at)));
    };
    const first = await tick(hours(1));
    expect(h.discord.articleIds('c1')).toEqual(['n00', 'n01']);
    expect(first.filter((result) => result.alreadySent)).toHaveLength(2);
    await tick(hours(2));
    expect(h.discord.articleIds('c1')).toEqual(['n00', 'n01', 'n02', 'n03']);
  });

  it('two processes starting together catch up one digest, keyed by the missed slot', async () => {
    h = await harness('sqlite', CORPUS);
    await h.delivery.digests.put(digest({ lastRunAt: '2024-04-28T11:30:00.000Z' }));
    const [a, b] = [await h.process('a'), await h.process('b')];
    await Promise.all([a.scheduler.start(), b.scheduler.start()]);
    a.scheduler.stop();
    b.scheduler.stop();
    expect(h.discord.messages.filter((m) => m.channelId === 'c9')).toHaveLength(1);
  });

  it('drops the job of a feed whose channel disappeared', async () => {
    h = await harness('memory', CORPUS);
    await h.delivery.feeds.put(feed());
    await h.delivery.scheduler.start();
    h.discord.failures.push(new ChannelUnavailableError('missing', 'Unknown Channel'));
    await h.jobs.advanceTo(hours(5));
    expect(h.discord.calls).toBe(1);
    expect(h.jobs.names()).toEqual([]);
    expect(await h.delivery.feeds.get('hourly')).toMatchObject({ paused: true });
    expect((await h.delivery.status.get('feed', 'hourly'))?.nextRunAt).toBeNull();
  });

  it('runs a digest on demand as an extra one, on top of the scheduled one', async () => {
    h = await harness('memory', CORPUS);
    await h.delivery.digests.put(digest());
    await h.delivery.scheduler.start();
    const now = await h.delivery.scheduler.runDigestNow('c9');
    await h.jobs.advanceTo(hours(3));
    expect(now?.articleIds).toEqual(['n00', 'n01']);
    expect(h.discord.articleIds('c9')).toEqual(['n00', 'n01', 'n02', 'n03']);
  });
});

// What delivery reports for metrics: every run's outcome, every claim won or lost, every post sent or failed,
// and the sends in flight.
/** Records every event; `depth` follows onSending, `peak` is its highest value. */
function recorder() {
  const events = { runs: [] as string[], claims: [] as boolean[], posts: [] as string[], depth: 0, peak: 0 };
  const observer: DeliveryObserver = {
    onRun: (kind, outcome) => void events.runs.push(`${kind}:${outcome}`),
    onClaim: (won) => void events.claims.push(won),
    onSending: (delta) => {
      events.depth += delta;
      events.peak = Math.max(events.peak, events.depth);
    },
    onPost: (kind, result) => void events.posts.push(`${kind}:${result}`),
  };
  return { observer, events };
}

describe('DeliveryObserver', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('reports runs, claims won and posts sent, with every send counted in flight and none left over', async () => {
    const { observer, events } = recorder();
    h = await harness('memory', CORPUS, { observer });
    await h.delivery.feeds.put(feed({ maxPerRun: 2 }));
    await h.delivery.digests.put(digest());
    await h.delivery.scheduler.runFeedNow('hourly');
    await h.delivery.scheduler.runDigestNow('c9');
    expect(events.runs).toEqual(['feed:ok', 'digest:ok']);
    expect(events.claims).toEqual([true, true, true]);
    expect(events.posts).toEqual(['feed:sent', 'feed:sent', 'digest:sent']);
    expect(h.discord.messages).toHaveLength(3);
    expect(events.peak).toBe(1);
    expect(events.depth).toBe(0);
  });

  it('reports claims lost when processes race for the same articles, and one claim won per post', async () => {
    const { observer, events } = recorder();
    h = await harness('memory', CORPUS, { observer });
    await h.delivery.feeds.put(feed({ maxPerRun: 2 }));
    const processes = [h.delivery, await h.process('process-2'), await h.process('process-3')];
    await Promise.all(processes.map((p) => p.scheduler.runFeedNow('hourly')));
    const won = events.claims.filter(Boolean).length;
    expect(won).toBe(h.discord.messages.length);
    expect(events.claims.length).toBeGreaterThan(won);
    expect(events.posts.filter((p) => p === 'feed:sent')).toHaveLength(won);
    expect(events.depth).toBe(0);
  });

  it('reports a lost channel as a failed post and a paused run, then the paused feed as skipped', async () => {
    const { observer, events } = recorder();
    h = await harness('memory', CORPUS, { observer });
    await h.delivery.feeds.put(feed({ maxPerRun: 2 }));
    h.discord.failures.push(new ChannelUnavailableError('forbidden', 'Missing Access'));
    await h.delivery.scheduler.runFeedNow('hourly');
    await h.delivery.scheduler.runFeedNow('hourly');
    expect(events.posts).toEqual(['feed:forbidden']);
    expect(events.runs).toEqual(['feed:paused', 'feed:skipped']);
    expect(events.depth).toBe(0);
  });

  it('reports a transient error as a failed post and a failed run', async () => {
    const { observer, events } = recorder();
    h = await harness('memory', CORPUS, { observer });
    await h.delivery.feeds.put(feed({ maxPerRun: 2 }));
    h.discord.failures.push(new Error('socket hang up'));
    await h.delivery.scheduler.runFeedNow('hourly');
    expect(events.posts).toEqual(['feed:error']);
    expect(events.runs).toEqual(['feed:failed']);
    // The failed article is retried and counted on the next run.
    await h.delivery.scheduler.runFeedNow('hourly');
    expect(events.posts).toEqual(['feed:error', 'feed:sent', 'feed:sent']);
    expect(events.runs).toEqual(['feed:failed', 'feed:ok']);
  });
});
